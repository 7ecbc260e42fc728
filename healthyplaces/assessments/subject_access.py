"""HIAs whose development or answers hold an identifier, for "who saw this person's data" (accounts).
Reads are recorded on the HIA, changes on the development and answers: all three are returned."""
from healthyplaces.accounts.subject_access import text_matches

from .models import Development, Hia, HiaAnswer


def records_holding(identifiers):
    developments = list(Development.objects.filter(text_matches(["name", "site", "size"], identifiers)).order_by("pk"))
    answers = list(HiaAnswer.objects.filter(text_matches(["evidence", "mitigation", "comment"], identifiers))
                   .select_related("submission").order_by("pk"))
    hias = Hia.objects.filter(pk__in={a.submission.hia_id for a in answers}) | Hia.objects.filter(development__in=developments)
    return [*hias.distinct().order_by("pk"), *developments, *answers]
