"""`page|elided_pages`: page numbers around the current one, with ellipses, for every paginated list."""
from django import template

register = template.Library()


@register.filter
def elided_pages(page):
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
