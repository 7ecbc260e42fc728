"""`{% load insights_links %}{% asset_insights asset %}`: the insights linked to an asset, for the
asset's own page, so a link shows on both sides without the assets part reading insights' tables."""
from django import template

from healthyplaces.insights import services

register = template.Library()


@register.inclusion_tag("insights/_asset_insights.html", takes_context=True)
def asset_insights(context, asset):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"asset": asset, "insights": services.insights_for_asset(asset, user)}
