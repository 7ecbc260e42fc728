"""The "What people told us" section of area profiles: themes raised and quotes that may be shared."""
from django.template.loader import render_to_string

from healthyplaces.accounts.permissions import can

from . import services


def insights_section(request, area, edition):
    """Shown to people who may read insights; the quotes are consented and redacted."""
    if not can(request.user, "insights.view"):
        return None
    summary = services.area_summary(area, request.user)
    return render_to_string("insights/_profile_section.html", {"area": area, "summary": summary}, request=request)
