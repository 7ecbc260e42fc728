"""Assets whose name or contact details hold an identifier, for "who saw this person's data" (accounts)."""
from healthyplaces.accounts.subject_access import text_matches

from .models import Asset


def records_holding(identifiers):
    fields = ["name", "contact_name", "email", "phone", "address", "postcode", "description"]
    return list(Asset.objects.filter(text_matches(fields, identifiers)).order_by("pk"))
