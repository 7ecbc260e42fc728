"""A panel's pages: a member's rounds and the applications they may see (none they declared a conflict on),
declaring a conflict, scoring against the call-out's principles, an officer's moderation and the recommendation
by lot. The rules are grants/permissions.py's; the work is services.py's."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, check, refusal, require

from .. import services
from ..forms import ConflictForm, ModerationForm, ScoreForm, score_initial
from ..models import Application, Fund, Round
from ..permissions import FUNDS
from . import show_refusal


@require("panel.view")
def panel_list(request):
    """The panel rounds a person sits on, and for officers those of the funds they manage."""
    sits_on = list(services.rounds_with_panels(request.user))
    manages = list(Round.objects.filter(decision=Round.Decision.PANEL,
                                        fund__in=FUNDS.filter(Fund.objects.all(), request.user, "fund.manage"))
                   .exclude(pk__in=[r.pk for r in sits_on]).select_related("fund"))
    return render(request, "grants/panel_list.html", {"sits_on": sits_on, "manages": manages})


def _round(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk, decision=Round.Decision.PANEL)
    check(request.user, "panel.view", round_)
    return round_


@require("panel.view")
def panel(request, pk):
    """The applications a member may see, with whether they have scored each; an officer sees every one."""
    round_ = _round(request, pk)
    moderates = can(request.user, "panel.moderate", round_)
    if moderates:
        applications = list(Application.objects.filter(call_out__round=round_, status=Application.Status.SUBMITTED)
                            .select_related("call_out__lot", "moderation").order_by("call_out", "id"))
    else:
        applications = list(services.panel_applications(round_, request.user))
    scored = set(Application.objects.filter(scores__member=request.user, pk__in=[a.pk for a in applications])
                 .values_list("pk", flat=True))
    conflicts = list(round_.panel.conflicts.filter(member=request.user).select_related("application")) \
        if hasattr(round_, "panel") else []
    rows = [{"application": a, "scored": a.pk in scored, "score": services.panel_score(a) if moderates else None,
             "moderation": getattr(a, "moderation", None) if moderates else None} for a in applications]
    return render(request, "grants/panel.html", {"round": round_, "rows": rows, "moderates": moderates,
                                                 "conflicts": conflicts, "sits": can(request.user, "application.score")})


def _application(request, pk):
    application = get_object_or_404(Application.objects.select_related("call_out__lot", "call_out__round__fund"), pk=pk)
    check(request.user, "application.view", application)
    audit.record_read(request, [application], "application")
    return application


@require("application.view")
def panel_application(request, pk):
    """A submitted application as the panel reads it, with the member's score form (their scores kept)."""
    application = _application(request, pk)
    call_out, principles = application.call_out, services.principles(application.call_out)
    may_score = can(request.user, "application.score", application)
    form = ScoreForm(request.POST if request.method == "POST" else None, call_out=call_out, principles=principles,
                     initial=score_initial(application, request.user))
    if request.method == "POST":
        check(request.user, "application.score", application)
        if form.is_valid():
            try:
                services.save_scores(application, request.user, form.scores())
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Your scores for {application.reference} are saved.")
                return redirect("grants:panel", call_out.round_id)
    questions = [(q["label"], application.answers.get(q["key"], "")) for q in call_out.questions]
    return render(request, "grants/panel_application.html", {
        "application": application, "call_out": call_out, "questions": questions, "form": form,
        "may_score": may_score, "score_refusal": refusal(request.user, "application.score", application),
        "may_declare": can(request.user, "application.declare_conflict", application)})


@require("application.declare_conflict")
def declare_conflict(request, pk):
    """Declare a conflict of interest: afterwards the application is hidden from the member and their scores of it
    are removed. The check is only that they sit on its panel (they may not be able to read it any more)."""
    application = get_object_or_404(Application.objects.select_related("call_out__round"), pk=pk,
                                    status=Application.Status.SUBMITTED)
    check(request.user, "application.declare_conflict", application)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(application, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Conflict of interest declared on {application.reference}: it is no longer "
                                      "shown to you, and any scores you gave it are removed.")
            return redirect("grants:panel", application.call_out.round_id)
    return render(request, "grants/conflict_form.html", {"application": application, "form": form})


@require("panel.moderate")
def moderate(request, pk):
    """The panel's agreed score of an application, beside each member's total and their mean."""
    application = get_object_or_404(Application.objects.select_related("call_out__round__fund", "moderation"), pk=pk,
                                    status=Application.Status.SUBMITTED)
    round_ = application.call_out.round
    check(request.user, "panel.moderate", round_)
    audit.record_read(request, [application], "application")
    moderation = getattr(application, "moderation", None)
    mean = services.panel_score(application)
    initial = {"score": moderation.score if moderation else mean, "note": moderation.note if moderation else ""}
    form = ModerationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate(application, form.cleaned_data["score"], form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Agreed score for {application.reference} saved.")
            return redirect("grants:recommendation", round_.pk)
    totals = services.member_totals(application)
    names = {u.pk: u.get_full_name() or u.username for u in
             get_user_model().objects.filter(pk__in=totals)} if totals else {}
    return render(request, "grants/moderate.html", {
        "application": application, "form": form, "mean": mean, "most": application.call_out.score_max
        * len(services.principles(application.call_out)),
        "totals": sorted((names.get(member, member), total) for member, total in totals.items())})


@require("panel.moderate")
def recommendation(request, pk):
    """Each call-out's applications by score, funded down the list while its lot's money lasts."""
    round_ = _round(request, pk)
    check(request.user, "panel.moderate", round_)
    call_outs = [(call_out, services.recommendation(call_out))
                 for call_out in round_.call_outs.select_related("lot").order_by("lot__name", "title")]
    return render(request, "grants/recommendation.html", {"round": round_, "call_outs": call_outs})
