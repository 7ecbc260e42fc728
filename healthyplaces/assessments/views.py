from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from healthyplaces import editing
from healthyplaces.accounts import audit
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import can, organisations_where, require
from healthyplaces.exports import csv_response
from healthyplaces.uploads.handlers import TooLargeUpload

from . import hia as hias
from . import services
from .forms import CopyForwardForm, DevelopmentForm, FeedbackLinksForm, InviteForm, StartForm
from .frameworks import FrameworkRefused, load_texts, read_sources
from .models import Assessment, Framework, Hia, HiaAnswer, Rating

PAGE_SIZE = 25


@require("frameworks.view")
def index(request):
    """The part's front page: what each person may do here."""
    return render(request, "assessments/index.html", {
        "can_assess": can(request.user, "assessments.view"), "can_hia": can(request.user, "hia.view"),
        "can_report": can(request.user, "hia.report"), "frameworks": services.rated_frameworks()})


# Frameworks


@require("frameworks.view")
def framework_list(request):
    return render(request, "assessments/framework_list.html", {
        "frameworks": Framework.objects.prefetch_related("versions"), "can_load": can(request.user, "frameworks.load")})


@require("frameworks.view")
def framework_detail(request, key):
    framework = get_object_or_404(Framework, key=key)
    version = framework.versions.filter(number=request.GET.get("version") or 0).first() or framework.current
    sections = version.sections.prefetch_related("criteria")
    return render(request, "assessments/framework_detail.html", {
        "framework": framework, "version": version, "sections": sections, "versions": framework.versions.all()})


@require("frameworks.load")
def framework_load(request):
    """Load new frameworks or new versions from YAML: the page twin of `healthyplaces frameworks load`."""
    problems, skipped = [], []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            problems = ["Choose at least one YAML file."]
        else:
            files = []
            for upload in uploads:
                if isinstance(upload, TooLargeUpload):
                    problems.append(f"{upload.name}: {upload.problem}")
                    continue
                try:
                    files.append((upload.name, upload.read().decode("utf-8-sig")))
                except UnicodeDecodeError:
                    problems.append(f"{upload.name}: the file is not UTF-8 text")
            if not problems:
                try:
                    loaded, skipped = load_texts(files, by=request.user, facts=read_sources(settings.DATA_DIR / "frameworks"))
                except FrameworkRefused as refused:
                    problems = [str(p) for p in refused.problems]
                else:
                    for version, created in loaded:
                        messages.success(request, f"{'Loaded' if created else 'Unchanged'}: {version.name}, version {version.number}.")
                    if not skipped:
                        return redirect("assessments:frameworks")
    return render(request, "assessments/framework_load.html", {"problems": problems, "skipped": skipped})


# Self-assessment


def _assessment(request, pk, action="assessment.view"):
    assessment = get_object_or_404(Assessment.objects.select_related("version__framework", "organisation"), pk=pk)
    if not can(request.user, "assessment.view", assessment):
        raise Http404("No assessment has that number.")
    if action != "assessment.view" and not can(request.user, action, assessment):
        raise PermissionDenied("Only the assessment's members may change it, and only while it is in progress.")
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
    assessment = _assessment(request, pk)
    is_member = assessment.members.filter(pk=request.user.pk).exists()
    rows = services.rows(assessment)
    floor, lowest = services.lowest(rows)
    return render(request, "assessments/assessment_detail.html", {
        "assessment": assessment, "rows": rows, "chart": services.assessment_radar(assessment),
        "floor": floor, "lowest": lowest,
        "can_edit": can(request.user, "assessment.edit", assessment), "is_member": is_member,
        "can_copy": assessment.locked and (is_member or can(request.user, "assessments.view_all")),
        "invite_form": InviteForm(), "copy_form": CopyForwardForm(), "unrated": services.unrated(assessment),
        "has_community": bool(services.community_criteria(assessment.version)),
    })


def _answers_from_post(post, criteria):
    """Only the criteria the form sent: a partial post leaves the others as they were."""
    return {c.key: (post.get(f"value-{c.key}", ""), post.get(f"evidence-{c.key}", ""), post.get(f"action-{c.key}", ""))
            for c in criteria if any(f"{field}-{c.key}" in post for field in ("value", "evidence", "action"))}


@require("assessment.edit")
def assessment_rate(request, pk):
    assessment = _assessment(request, pk, "assessment.edit")
    criteria = list(assessment.version.criteria())
    error = conflict = None
    ratings = {r.criterion_id: r for r in assessment.ratings.all()}
    if request.method == "POST":
        answers = _answers_from_post(request.POST, criteria)
        try:
            with editing.unchanged_since(assessment, request.POST.get(editing.FIELD), request.user):
                services.save_ratings(assessment, answers, request.user)
        except services.AssessmentInvalid as problem:
            error = str(problem)
        except editing.EditConflict as changed:
            error, conflict = str(changed), changed
            changed.differences = editing.differences(services.rating_differences(assessment, answers))
        else:
            messages.success(request, "Ratings saved.")
            return redirect("assessments:detail", pk=assessment.pk)
        ratings.update({c.pk: services.entered_rating(c, *answers[c.key]) for c in criteria if c.key in answers})
    items = [{"criterion": c, "rating": ratings.get(c.pk), "options": services.scale_options(assessment.version, c),
              "also": services.also_allowed(assessment.version, c),
              "platform_defined": assessment.version.scale(c.scale).get("platform_defined", False)} for c in criteria]
    return render(request, "assessments/assessment_rate.html", {"assessment": assessment, "items": items, "error": error,
                                                                 **editing.context(request, assessment, conflict),
                                                                 "other_labels": {Rating.NOT_APPLICABLE: "Not applicable",
                                                                                  Rating.DONT_KNOW: "Don't know"}})


@require("assessment.edit")
def assessment_invite(request, pk):
    assessment = _assessment(request, pk, "assessment.edit")
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
    assessment = _assessment(request, pk, "assessment.edit")
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
    assessment = _assessment(request, pk)
    if not assessment.locked or not (assessment.members.filter(pk=request.user.pk).exists() or can(request.user, "assessments.view_all")):
        raise PermissionDenied("Only members copy forward a completed assessment.")
    form = CopyForwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = services.copy_forward(assessment, form.cleaned_data["period"], request.user)
        messages.success(request, f"Copied forward to {copy.period}: review each rating and its evidence.")
        return redirect("assessments:detail", pk=copy.pk)
    messages.error(request, "Give the year of the new assessment.")
    return redirect("assessments:detail", pk=assessment.pk)


@require("assessment.view")
def assessment_actions(request, pk):
    assessment = _assessment(request, pk)
    actions = services.actions(assessment)
    if request.GET.get("format") == "csv":
        return csv_response(f"assessment-{assessment.pk}-actions.csv",
                            ["criterion", "criterion_text", "rating", "next_action", "evidence", "recorded_by", "updated_at"],
                            [(r.criterion.key, r.criterion.text, r.value or r.other_label, r.next_action, r.evidence,
                              str(r.updated_by or ""), r.updated_at.isoformat()) for r in actions])
    return render(request, "assessments/assessment_actions.html", {"assessment": assessment, "actions": actions})


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


# Community feedback


@require("assessment.view")
def feedback_results(request, pk):
    assessment = _assessment(request, pk)
    may_make = assessment.members.filter(pk=request.user.pk).exists() or can(request.user, "assessments.view_all")
    form, tokens = FeedbackLinksForm(request.POST or None), []
    if request.method == "POST":
        if not may_make:
            raise PermissionDenied("Only the assessment's members make feedback links.")
        if form.is_valid():
            try:
                tokens = services.make_links(assessment, form.cleaned_data["count"], request.user)
            except services.AssessmentInvalid as error:
                form.add_error(None, str(error))
    links = [request.build_absolute_uri(f"/assessments/feedback/{t}/") for t in tokens]
    return render(request, "assessments/feedback_results.html", {
        "assessment": assessment, "results": services.feedback_results(assessment), "form": form,
        "links": links, "may_make": may_make})


@never_cache
@require("feedback.respond")
def feedback_form(request, token):
    """The public, anonymous form: no sign-in, one response per link."""
    link = services.link_for(token)
    if link is None:
        raise Http404("This feedback link is not valid.")
    version = link.assessment.version
    questions = services.community_criteria(version)
    options = version.scale(version.community_scale).get("options", [])
    error = None
    if link.used_at:
        return render(request, "assessments/feedback_done.html", {"already": True})
    answers = {c.key: request.POST.get(c.key, "") for c in questions}
    if request.method == "POST":
        try:
            services.respond(token, answers)
        except services.FeedbackRefused as problem:
            error = str(problem)
        else:
            return render(request, "assessments/feedback_done.html", {"already": False})
    return render(request, "assessments/feedback_form.html", {
        "organisation": link.assessment.organisation, "questions": [(q, answers[q.key]) for q in questions],
        "options": options, "error": error, "platform_defined": version.community_platform_defined})


# Health Impact Assessment


def _hia(request, pk, action="hia.view"):
    hia = get_object_or_404(Hia.objects.select_related("development__organisation", "version__framework"), pk=pk)
    if not can(request.user, "hia.view", hia):
        raise Http404("No HIA has that number.")
    if action != "hia.view" and not can(request.user, action, hia):
        raise PermissionDenied("This HIA cannot be changed now.")
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
    rows = hias.report_rows()
    if request.GET.get("format") == "csv":
        return csv_response("hia-report.csv", hias.CSV_COLUMNS, hias.csv_rows(rows))
    # Analysts read the report but not the HIAs themselves, so they get the development's name without a link.
    return render(request, "assessments/hia_report.html", {"report": hias.report(rows),
                                                           "can_open": can(request.user, "hia.view")})
