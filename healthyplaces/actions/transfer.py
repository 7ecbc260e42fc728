"""Actions out to a spreadsheet: the columns an officer reads (and an import reads back), every cell made safe
to open (healthyplaces.exports). One function for the list's download and the command line."""

from healthyplaces import exports

COLUMNS = ["id", "title", "status", "dropped_reason", "owner", "lead", "partners", "focus_area", "principles",
           "segment", "places", "report", "report_year", "number", "start_date", "due_date", "overdue",
           "latest_progress_date", "latest_progress", "sample"]


def rows(actions, today=None):
    """One row per action, in the queryset's order: names, not ids, for the organisations, focus area and
    principles (their keys), places by code or neighbourhood name, the latest "We did" beside."""
    actions = actions.select_related("owner", "focus_area").prefetch_related(
        "partners", "principles", "local_authorities", "neighbourhoods", "lsoas", "progress")
    for action in actions:
        progress = list(action.progress.all())
        latest = progress[-1] if progress else None
        places = ([a.code for a in action.local_authorities.all()] + [n.name for n in action.neighbourhoods.all()]
                  + [lsoa.code for lsoa in action.lsoas.all()])
        yield [action.pk, action.title, action.status, action.dropped_reason, action.owner.name, action.lead,
               "; ".join(sorted(p.name for p in action.partners.all())),
               action.focus_area.key if action.focus_area_id else "",
               "; ".join(p.key for p in action.principles.all()), action.segment, "; ".join(places), action.report,
               action.report_year, action.number, action.start_date.isoformat() if action.start_date else "",
               action.due_date.isoformat() if action.due_date else "", "yes" if action.is_overdue(today) else "no",
               latest.date.isoformat() if latest else "", latest.text if latest else "", "yes" if action.is_sample else "no"]


def write_csv(stream, actions):
    exports.write_csv(stream, COLUMNS, rows(actions))


def xlsx_bytes(actions):
    return exports.xlsx_bytes("Actions", COLUMNS, rows(actions))
