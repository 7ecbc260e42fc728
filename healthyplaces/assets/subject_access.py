"""Assets whose name or contact details hold an identifier, for "who saw this person's data" and for erasing a
person (accounts)."""
from healthyplaces.accounts.subject_access import cut_out, name, text_matches, without

from .models import Asset


FIELDS = ["name", "contact_name", "email", "phone", "address", "postcode", "description"]
CONTACT = ["contact_name", "email", "phone"]


def records_holding(identifiers):
    return list(Asset.objects.filter(text_matches(FIELDS, identifiers)).order_by("pk"))


def erase(identifiers, confirm):
    """A person listed as an asset is deleted. Another asset whose contact is the person loses the contact's name,
    email and phone; one holding only their email or phone loses that; and they are cut out of its description."""
    found = []
    for asset in records_holding(identifiers):
        if asset.is_person:
            found.append((name(asset), "the person's listing deleted"))
            if confirm:
                asset.delete()
            continue
        named = [f for f in CONTACT if cut_out(asset, [f], identifiers)]
        if "contact_name" in named:  # the contact is the person: their email and phone go with their name
            named = CONTACT
        for field in named:
            setattr(asset, field, "")
        described = cut_out(asset, ["name", "address", "description"], identifiers)
        supplied = [source for source in asset.sources.all() if _scrubbed(source, identifiers, named)]
        found.append((name(asset), "removed from " + ", ".join(
            [f.replace("_", " ") for f in named + described] + (["what its partners supplied"] if supplied else []))))
        if confirm:
            asset.save()
            for source in supplied:
                source.save()
    return found


def _scrubbed(source, identifiers, emptied):
    """The partner's supplied record with the person cut out of its texts and the emptied contact fields emptied
    (unsaved); True if it held them."""
    data = dict(source.data)
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = "" if key in emptied and value else without(value, identifiers)
    if data == source.data:
        return False
    source.data = data
    return True
