"""Who may read a report (the table of roles is `accounts.permissions.RULES`).

A report version is the organisation's it was built for, and lies in the local authority of the area it is
about: its staff (administrators, officers, analysts) read it, and so do the officers and analysts of the
councils covering that area. A community summary of an area everyone may see (a local authority, or a published
neighbourhood) is public: it holds no personal data (reports/content.py). Everyone may open the list, which
shows each person the versions they may read.
"""
from django.db.models import Q

from healthyplaces.accounts.permissions import Scope, object_rule, refusal

from .models import ReportVersion

INTERNAL = Scope(ReportVersion, organisations=["organisation"], areas=["local_authority"])
INTERNAL.rule("report.view_internal", "This report belongs to another organisation, outside your council's areas.")


@object_rule("report.view")
def _view(user, version):
    if version.public:
        return None
    return refusal(user, "report.view_internal", version)


def visible(versions, user):
    """The versions a person may read, for the list."""
    if refusal(user, "report.view_internal"):
        return versions.filter(public=True)
    return versions.filter(Q(public=True) | INTERNAL.q(user, "report.view_internal"))
