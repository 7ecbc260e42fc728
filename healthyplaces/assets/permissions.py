"""Who may act on an asset (the table of roles is `accounts.permissions.RULES`).

An asset is the record of the partners whose records it holds: its own partner and, once merged, every
partner whose record was merged into it (`Asset.record_holders`), so that partner keeps it in hand. It lies
in the local authority of its LSOA (found from its point): a council's officers and analysts act on the
assets located in their areas. An asset with no point lies in the areas its partner covers, if any (a partner
organisation may cover areas too, as the sample's partners do); else only its partners and the platform's
administrators act on it. A pair of possible duplicates is reviewed by the officers of either asset's area.
An officer imports assets for the organisations covering their council's areas, their own among them.
"""
from healthyplaces.accounts.permissions import ORGANISATIONS, Scope

from .models import UNLISTED, Asset, DuplicateCandidate

ASSETS = Scope(Asset, organisations=["partner", "sources__partner"],
               areas=["lsoa__local_authority", ("partner__areas", {"lsoa__isnull": True})])
PAIRS = Scope(DuplicateCandidate, organisations=[],
              areas=["first__lsoa__local_authority", "second__lsoa__local_authority"])
PARTNERS = ORGANISATIONS  # those a person imports assets for


def visible(assets, user):
    """The published assets and the drafts within the person's reach; a person who has not agreed to be listed
    only to those who may see their contact details."""
    assets = assets.exclude(UNLISTED & ~ASSETS.q(user, "asset.view_contact"))
    return assets.filter(published=True) | ASSETS.filter(assets, user, "asset.view_draft")


ASSETS.rule("asset.change",
            "Only the partners whose record this is, or an officer of the council it is in, can change it.")
ASSETS.rule("asset.view_draft", "This asset is a draft of another organisation.")
ASSETS.rule("asset.view_contact",
            "Only the partner that listed this person, or the council they live in, sees their contact details.")
PAIRS.rule("asset.review_duplicates", "These possible duplicates are in another council's area.")
