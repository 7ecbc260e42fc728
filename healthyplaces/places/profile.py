"""Sections that other parts add to area profiles (assets, insights, indicators, HIAs…).

A part registers a function `section(request, area, edition)` in its AppConfig.ready(); it returns
rendered HTML (render_to_string) or None when it has nothing for that area. Places never imports
the other parts, so data still flows one way.
"""
_sections = []


def register(section):
    if section not in _sections:
        _sections.append(section)
    return section


def sections_for(request, area, edition):
    return [html for html in (section(request, area, edition) for section in _sections) if html]
