"""The indicators section of area profiles: each indicator held for the area, compared with England, and a spine
chart of them against the range of England's areas."""
from django.template.loader import render_to_string

from . import chart_data, services


def section(request, area, edition):
    if area.kind == "neighbourhood":
        rows = services.indicators_for_small_areas(area.obj.lsoas.values_list("code", flat=True))
        if not rows:
            return None
        return render_to_string("indicators/_profile_section_lsoas.html", {"area": area, "indicator_rows": rows}, request=request)
    rows = services.indicators_for_area(area.code) if area.kind in ("local_authority", "lsoa") else []
    if not rows:
        return None
    spine, left_out = chart_data.spine(rows)
    return render_to_string("indicators/_profile_section.html", {"area": area, "indicator_rows": rows, "spine": spine,
                                                                  "left_out": left_out}, request=request)
