"""Assets whose name or contact details hold an identifier, for "who saw this person's data" and for erasing a
person (accounts)."""
import json

from healthyplaces.accounts.subject_access import cut_out, name, text_matches, without

from .models import Asset


FIELDS = ["name", "contact_name", "email", "phone", "address", "postcode", "description", "details"]
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
        details = _details_without(asset.details, identifiers)
        if details != asset.details:
            asset.details = details
            described.append("what its feed said")
        supplied = [source for source in asset.sources.all() if _scrubbed(source, identifiers, named)]
        found.append((name(asset), "removed from " + ", ".join(
            [f.replace("_", " ") for f in named + described] + (["what its partners supplied"] if supplied else []))))
        if confirm:
            asset.save()
            for source in supplied:
                source.save()
    return found


def _details_without(details, identifiers):
    """What an imported record said (`Asset.details`) without the person: a contact or phone holding them is
    dropped whole (a contact's email and phone go with their name), and they are cut out of every other text."""
    def holds(value):
        return without(json.dumps(value, ensure_ascii=False), identifiers) != json.dumps(value, ensure_ascii=False)

    def scrub(value):
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [scrub(item) for item in value]
        return without(value, identifiers) if isinstance(value, str) else value

    kept = {key: [entry for entry in value if not holds(entry)] if key in ("contacts", "phones") else value
            for key, value in (details or {}).items()}
    return scrub(kept)


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
