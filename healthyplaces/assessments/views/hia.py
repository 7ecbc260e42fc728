"""Pages of a Health Impact Assessment: the applicant's answers, the officer's review, the report."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, check, require
from healthyplaces.actions import sources as action_sources
from healthyplaces.exports import csv_response

from .. import hia as hias
from ..forms import DevelopmentForm, HiaAnswersForm, HiaReviewForm, hia_answer_values, hia_review_values
from ..models import Hia
from . import PAGE_SIZE


def _hia(request, pk, action="hia.view"):
    hia = get_object_or_404(Hia.objects.select_related("development__organisation", "version__framework"), pk=pk)
    if not can(request.user, "hia.view", hia):
        raise Http404("No HIA has that number.")
    if action != "hia.view":
        check(request.user, action, hia)
    audit.record_read(request, [hia], "HIA")
    return hia


@require("hia.view")
def hia_list(request):
    page = Paginator(hias.visible_hias(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/hia_list.html", {
        "page": page, "can_submit": can(request.user, "hia.submit"), "can_report": can(request.user, "hia.report")})


@require("hia.submit")
def hia_create(request):
    form = DevelopmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hia = hias.create(**form.cleaned_data, by=request.user)
        except hias.HiaInvalid as error:
            form.add_error("lsoas" if "LSOA" in str(error) else None, str(error))
        else:
            messages.success(request, "HIA started. Answer each topic, then submit it for review.")
            return redirect("assessments:hia_answers", pk=hia.pk)
    return render(request, "assessments/hia_create.html", {"form": form})


@require("hia.view")
def hia_detail(request, pk):
    hia = _hia(request, pk)
    return render(request, "assessments/hia_detail.html", {
        "hia": hia, "rounds": hias.history(hia), "draft": hias.draft(hia), "lsoas": hia.development.lsoas.order_by("code"),
        "can_edit": can(request.user, "hia.edit", hia), "can_review": can(request.user, "hia.review", hia),
        "issues": action_sources.hia_issues(hia, request.user) if can(request.user, "actions.view") else None,
        "can_make_actions": can(request.user, "actions.create")})


@require("hia.edit")
def hia_answers(request, pk):
    # A colleague submitted while this person was writing: show them what was submitted beside their entries.
    crossed = request.method == "POST" and bool(request.POST.get(editing.FIELD))
    hia = _hia(request, pk, "hia.view" if crossed else "hia.edit")
    submission = hias.draft(hia) or hias.last_submitted(hia)
    form, conflict, incomplete = HiaAnswersForm(request.POST or None, submission=submission), None, False
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(submission, request.POST.get(editing.FIELD), request.user):
                hias.save_answers(hia, form.answers(), request.user)
            if "submit" in request.POST:
                hias.submit(hia, request.user)
                messages.success(request, f"Version {submission.number} submitted for review.")
                return redirect("assessments:hia_detail", pk=hia.pk)
        except hias.HiaIncomplete as unanswered:
            incomplete = True
            form.unanswered(unanswered.topics)
        except hias.HiaInvalid as problem:
            form.add_error(None, str(problem))
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, hia_answer_values(changed.record))
        else:
            messages.success(request, "Draft saved.")
            return redirect("assessments:hia_answers", pk=hia.pk)
    reviews = hias.reviews_by_topic(hia)
    items = [{**group, "reviews": reviews.get(group["topic"].pk, [])} for group in form.groups()]
    return render(request, "assessments/hia_answers.html", {
        "hia": hia, "submission": submission, "form": form, "items": items, "incomplete": incomplete,
        **editing.context(request, submission, conflict, saved=incomplete)})


@require("hia.review")
def hia_review(request, pk):
    # Two officers reviewing at once: the second is shown the first's review beside theirs.
    crossed = request.method == "POST" and bool(request.POST.get(editing.FIELD))
    hia = _hia(request, pk, "hia.view" if crossed else "hia.review")
    submission = hias.last_submitted(hia)
    form, conflict = HiaReviewForm(request.POST or None, submission=submission), None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(submission, request.POST.get(editing.FIELD), request.user):
                hias.review(hia, form.outcomes(), request.user)
        except hias.HiaInvalid as problem:
            form.add_error(None, str(problem))
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, hia_review_values(changed.record))
        else:
            messages.success(request, f"Review saved: {hia.get_status_display().lower()}.")
            return redirect("assessments:hia_detail", pk=hia.pk)
    earlier = hias.reviews_by_topic(hia)
    items = [{**group, "earlier": earlier.get(group["answer"].topic_id, [])} for group in form.groups()]
    return render(request, "assessments/hia_review.html", {
        "hia": hia, "submission": submission, "form": form, "items": items, "site": hias.site_profile(hia),
        **editing.context(request, submission, conflict)})


@require("hia.report")
def hia_report(request):
    rows = hias.report_rows(hias.reported_to(request.user))
    if request.GET.get("format") == "csv":
        return csv_response("hia-report.csv", hias.CSV_COLUMNS, hias.csv_rows(rows))
    # Analysts read the report but not the HIAs themselves, so they get the development's name without a link.
    return render(request, "assessments/hia_report.html", {"report": hias.report(rows),
                                                           "can_open": can(request.user, "hia.view")})
