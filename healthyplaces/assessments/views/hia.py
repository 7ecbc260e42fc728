"""Pages of a Health Impact Assessment: the applicant's answers, the officer's review, the report."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, check, require
from healthyplaces.exports import csv_response

from .. import hia as hias
from ..forms import DevelopmentForm
from ..models import Hia, HiaAnswer
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
        "can_edit": can(request.user, "hia.edit", hia), "can_review": can(request.user, "hia.review", hia)})


@require("hia.edit")
def hia_answers(request, pk):
    # A colleague submitted while this person was writing: show them what was submitted beside their entries.
    crossed = request.method == "POST" and bool(request.POST.get(editing.FIELD))
    hia = _hia(request, pk, "hia.view" if crossed else "hia.edit")
    submission = hias.draft(hia) or hias.last_submitted(hia)
    topics = list(hia.version.sections.prefetch_related("criteria"))
    missing, error, conflict = [], None, None
    answers = {a.topic_id: a for a in submission.answers.all()}
    if request.method == "POST":
        entered = {t.key: (request.POST.get(f"impact-{t.key}", ""), request.POST.get(f"evidence-{t.key}", ""),
                           request.POST.get(f"mitigation-{t.key}", "")) for t in topics}
        try:
            with editing.unchanged_since(submission, request.POST.get(editing.FIELD), request.user):
                hias.save_answers(hia, entered, request.user)
            if "submit" in request.POST:
                hias.submit(hia, request.user)
                messages.success(request, f"Version {submission.number} submitted for review.")
                return redirect("assessments:hia_detail", pk=hia.pk)
        except hias.HiaIncomplete as incomplete:
            missing = incomplete.topics
        except hias.HiaInvalid as problem:
            error = str(problem)
        except editing.EditConflict as changed:
            error, conflict = str(changed), changed
            changed.differences = editing.differences(hias.answer_differences(submission, entered))
        else:
            messages.success(request, "Draft saved.")
            return redirect("assessments:hia_answers", pk=hia.pk)
        answers = {t.pk: HiaAnswer(topic=t, impact=entered[t.key][0], evidence=entered[t.key][1], mitigation=entered[t.key][2])
                   for t in topics}
    reviews = hias.reviews_by_topic(hia)
    missing_ids = {t.pk for t in missing}
    items = [{"topic": t, "answer": answers.get(t.pk), "reviews": reviews.get(t.pk, []), "missing": t.pk in missing_ids}
             for t in topics]
    return render(request, "assessments/hia_answers.html", {
        "hia": hia, "submission": submission, "items": items, "missing": missing, "error": error,
        "impacts": HiaAnswer.Impact.choices, **editing.context(request, submission, conflict, saved=bool(missing))})


@require("hia.review")
def hia_review(request, pk):
    # Two officers reviewing at once: the second is shown the first's review beside theirs.
    crossed = request.method == "POST" and bool(request.POST.get(editing.FIELD))
    hia = _hia(request, pk, "hia.view" if crossed else "hia.review")
    submission = hias.last_submitted(hia)
    error = conflict = None
    answers = list(submission.answers.select_related("topic"))
    if request.method == "POST":
        outcomes = {a.topic.key: (request.POST.get(f"outcome-{a.topic.key}", ""), request.POST.get(f"comment-{a.topic.key}", ""))
                    for a in answers}
        try:
            with editing.unchanged_since(submission, request.POST.get(editing.FIELD), request.user):
                hias.review(hia, outcomes, request.user)
        except hias.HiaInvalid as problem:
            error = str(problem)
        except editing.EditConflict as changed:
            error, conflict = str(changed), changed
            changed.differences = editing.differences(hias.review_differences(submission, outcomes))
        else:
            messages.success(request, f"Review saved: {hia.get_status_display().lower()}.")
            return redirect("assessments:hia_detail", pk=hia.pk)
        for answer in answers:  # shown again as entered, not saved
            answer.outcome, answer.comment = outcomes[answer.topic.key]
    earlier = hias.reviews_by_topic(hia)
    return render(request, "assessments/hia_review.html", {
        "hia": hia, "submission": submission, "answers": [(a, earlier.get(a.topic_id, [])) for a in answers],
        "site": hias.site_profile(hia), "outcomes": HiaAnswer.Outcome.choices, "error": error,
        **editing.context(request, submission, conflict)})


@require("hia.report")
def hia_report(request):
    rows = hias.report_rows(hias.reported_to(request.user))
    if request.GET.get("format") == "csv":
        return csv_response("hia-report.csv", hias.CSV_COLUMNS, hias.csv_rows(rows))
    # Analysts read the report but not the HIAs themselves, so they get the development's name without a link.
    return render(request, "assessments/hia_report.html", {"report": hias.report(rows),
                                                           "can_open": can(request.user, "hia.view")})
