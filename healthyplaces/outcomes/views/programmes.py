"""A programme's pages: the list, its page for its workers and officers, its figures, and its public summary."""
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, check, require

from healthyplaces.exports import csv_response

from ..export import figure_rows, participant_rows
from ..figures import programme_figures
from ..forms import ParticipantFilterForm
from ..services import filter_participants
from ..measures import measures
from ..models import Programme
from ..permissions import PROGRAMMES, participants_for


PAGE_SIZE = 50


@require("programmes.view")
def programme_list(request):
    return render(request, "outcomes/programme_list.html", {
        "programmes": PROGRAMMES.filter(Programme.objects.all(), request.user, "programme.view")})


@require("programme.view")
def programme(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    check(request.user, "programme.view", programme)
    page = filters = None
    if can(request.user, "participant.view", programme):
        filters = ParticipantFilterForm(request.GET)
        chosen = filters.cleaned_data if filters.is_valid() else {}
        found = filter_participants(participants_for(request.user, "participant.view", programme.participants.all()),
                                    **{key: value for key, value in chosen.items() if value})
        page = Paginator(found.order_by("reference"), PAGE_SIZE).get_page(request.GET.get("page"))
        audit.record_read(request, page.object_list, "participant record")
    used = [(measures()[entry["measure"]], entry.get("when", [])) for entry in programme.measures
            if entry.get("measure") in measures()]
    return render(request, "outcomes/programme.html", {
        "programme": programme, "page": page, "filters": filters, "measures": used,
        "query": urlencode({key: value for key, value in request.GET.items() if key != "page" and value}),
        "can_record": can(request.user, "participant.record", programme),
        "can_see_figures": can(request.user, "programme.view_figures", programme),
        "can_export": can(request.user, "programme.export", programme),
        "exports_rows": can(request.user, "programme.export_unsuppressed", programme)})


@require("programme.view_figures")
def figures(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    check(request.user, "programme.view_figures", programme)
    return render(request, "outcomes/figures.html", {"programme": programme, "figures": programme_figures(programme)})


@require("outcomes.view_public")
def summary(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    return render(request, "outcomes/summary.html", {"programme": programme,
                                                     "figures": programme_figures(programme, public=True)})


@require("programme.export")
def export(request, slug):
    """The evaluator's anonymised rows, one per participant; the programme's other named people its figures,
    suppressed. Both safe to open in a spreadsheet."""
    programme = get_object_or_404(Programme, slug=slug)
    check(request.user, "programme.export", programme)
    if can(request.user, "programme.export_unsuppressed", programme):
        columns, rows = participant_rows(programme, date.today())
        audit.record_read(request, programme.participants.all(), "evaluator's export")
        return csv_response(f"{programme.slug}-participants.csv", columns, rows)
    columns, rows = figure_rows(programme_figures(programme, public=True))
    return csv_response(f"{programme.slug}-figures.csv", columns, rows)
