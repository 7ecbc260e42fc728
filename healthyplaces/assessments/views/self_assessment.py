"""Pages of a self-assessment: starting, rating, inviting members, completing, copying forward, comparing."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import can, check, organisations_where, require
from healthyplaces.actions import sources as action_sources
from healthyplaces.exports import csv_response

from .. import services
from ..forms import CopyForwardForm, InviteForm, RatingsForm, StartForm, rating_values
from ..models import Assessment, Framework
from . import PAGE_SIZE


def assessment_for(request, pk, action="assessment.view"):
    """The assessment, if the person may see it (else a 404) and do `action` on it (else a 403)."""
    assessment = get_object_or_404(Assessment.objects.select_related("version__framework", "organisation"), pk=pk)
    if not can(request.user, "assessment.view", assessment):
        raise Http404("No assessment has that number.")
    if action != "assessment.view":
        check(request.user, action, assessment)
    return assessment


@require("assessments.view")
def assessment_list(request):
    assessments = services.visible_assessments(request.user)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/assessment_list.html", {
        "page": page, "can_start": can(request.user, "assessments.start"), "frameworks": services.rated_frameworks()})


@require("assessments.start")
def assessment_start(request):
    frameworks = services.rated_frameworks()
    organisations = Organisation.objects.filter(pk__in=organisations_where(request.user, "assessments.start"))
    form = StartForm(request.POST or None, frameworks=frameworks, organisations=organisations,
                     initial={"framework": request.GET.get("framework")})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start(Framework.objects.get(key=form.cleaned_data["framework"]).current,
                                        organisations.get(pk=form.cleaned_data["organisation"]),
                                        form.cleaned_data["title"], form.cleaned_data["period"], request.user)
        except services.AssessmentInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Assessment started. Invite your team, then rate each criterion.")
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/assessment_start.html", {"form": form, "frameworks": frameworks})


@require("assessment.view")
def assessment_detail(request, pk):
    assessment = assessment_for(request, pk)
    rows = services.rows(assessment)
    floor, lowest = services.lowest(rows)
    return render(request, "assessments/assessment_detail.html", {
        "assessment": assessment, "rows": rows, "chart": services.assessment_radar(assessment),
        "floor": floor, "lowest": lowest,
        "can_edit": can(request.user, "assessment.edit", assessment),
        "can_copy": can(request.user, "assessment.copy", assessment),
        "invite_form": InviteForm(), "copy_form": CopyForwardForm(), "unrated": services.unrated(assessment),
        "has_community": bool(services.community_criteria(assessment.version)),
    })


@require("assessment.edit")
def assessment_rate(request, pk):
    assessment = assessment_for(request, pk, "assessment.edit")
    form, conflict = RatingsForm(request.POST or None, assessment=assessment), None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(assessment, request.POST.get(editing.FIELD), request.user):
                services.save_ratings(assessment, form.answers(), request.user)
        except services.AssessmentInvalid as problem:
            form.add_error(None, str(problem))
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, rating_values(changed.record))
        else:
            messages.success(request, "Ratings saved.")
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/assessment_rate.html", {"assessment": assessment, "form": form,
                                                                 **editing.context(request, assessment, conflict)})


@require("assessment.edit")
def assessment_invite(request, pk):
    assessment = assessment_for(request, pk, "assessment.edit")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite(assessment, form.cleaned_data["username"], request.user)
        except services.AssessmentInvalid as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{user} can now see and rate this assessment.")
    return redirect("assessments:detail", pk=assessment.pk)


@require("assessment.edit")
def assessment_complete(request, pk):
    assessment = assessment_for(request, pk, "assessment.edit")
    if request.method == "POST":
        try:
            services.complete(assessment, request.user)
        except services.AssessmentInvalid as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Assessment completed and locked.")
    return redirect("assessments:detail", pk=assessment.pk)


@require("assessments.start")
def assessment_copy(request, pk):
    assessment = assessment_for(request, pk)
    check(request.user, "assessment.copy", assessment)
    form = CopyForwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = services.copy_forward(assessment, form.cleaned_data["period"], request.user)
        messages.success(request, f"Copied forward to {copy.period}: review each rating and its evidence.")
        return redirect("assessments:detail", pk=copy.pk)
    messages.error(request, "Give the year of the new assessment.")
    return redirect("assessments:detail", pk=assessment.pk)


@require("assessment.view")
def assessment_actions(request, pk):
    assessment = assessment_for(request, pk)
    actions = services.actions(assessment)
    if request.GET.get("format") == "csv":
        return csv_response(f"assessment-{assessment.pk}-actions.csv",
                            ["criterion", "criterion_text", "rating", "next_action", "evidence", "recorded_by", "updated_at"],
                            [(r.criterion.key, r.criterion.text, r.value or r.other_label, r.next_action, r.evidence,
                              str(r.updated_by or ""), r.updated_at.isoformat()) for r in actions])
    return render(request, "assessments/assessment_actions.html", {
        "assessment": assessment, "actions": actions, "rows": action_sources.ratings_with_actions(actions, request.user),
        "can_see_actions": can(request.user, "actions.view"), "can_make_actions": can(request.user, "actions.create")})


def _framework_choice(request):
    frameworks = services.rated_frameworks()
    framework = frameworks.filter(key=request.GET.get("framework")).first() or frameworks.first()
    return frameworks, framework


@require("assessments.view")
def compare(request):
    """Several teams side by side: the chosen completed assessments of one framework."""
    frameworks, framework = _framework_choice(request)
    available = services.visible_assessments(request.user).filter(version__framework=framework, status="completed") if framework else Assessment.objects.none()
    chosen = [a for a in available if str(a.pk) in request.GET.getlist("a")] or list(available[:6])
    table, chart = services.comparison(chosen) if chosen else ([], None)
    return render(request, "assessments/compare.html", {
        "frameworks": frameworks, "framework": framework, "available": available, "chosen": chosen,
        "chosen_ids": [a.pk for a in chosen], "table": table, "chart": chart})


@require("assessments.view")
def over_time(request):
    """One team's assessments of one framework, oldest first."""
    frameworks, framework = _framework_choice(request)
    organisations = services.organisations_with_assessments(request.user, framework) if framework else Organisation.objects.none()
    organisation = organisations.filter(pk=request.GET.get("organisation") or 0).first() or organisations.first()
    assessments = []
    if organisation:
        assessments = list(services.visible_assessments(request.user).filter(version__framework=framework, organisation=organisation)
                           .order_by("period", "created_at"))
    table, chart = services.comparison(assessments) if assessments else ([], None)
    return render(request, "assessments/over_time.html", {
        "frameworks": frameworks, "framework": framework, "organisations": organisations, "organisation": organisation,
        "assessments": assessments, "table": table, "chart": chart})
