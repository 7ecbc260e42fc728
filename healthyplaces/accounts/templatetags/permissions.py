"""`{% if user|can:"audit.view" %}`: pages show or hide links by the same table the views check."""
from django import template

from healthyplaces.accounts import permissions

register = template.Library()


@register.filter
def can(user, action):
    return permissions.can(user, action)
