"""A participant's pages: taking them in, their record, and the forms that add to it (goals, contacts, measures,
outcomes, referrals). Every read of a record is written to the audit trail; who they are is shown to the
programme's named workers only, and that read is written too."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, check, require

from .. import forms, services
from ..measures import bands_of, measures
from ..models import Goal, Identity, Participant, Programme, Referral
from . import show_refusal


def _participant(request, slug, pk, action="participant.view"):
    participant = get_object_or_404(Participant.objects.select_related("programme", "lsoa"), pk=pk,
                                    programme__slug=slug)
    check(request.user, action, participant)
    return participant


@require("participant.record")
def participant_create(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    check(request.user, "participant.record", programme)
    form = forms.ParticipantForm(request.POST or None, holds_identity=programme.holds_identity)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.add_participant(programme, by=request.user, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Participant {participant.reference} added.")
            return redirect("outcomes:participant", slug=programme.slug, pk=participant.pk)
    return render(request, "outcomes/participant_form.html", {"programme": programme, "form": form})


@require("participant.view")
def participant(request, slug, pk):
    participant = _participant(request, slug, pk)
    audit.record_read(request, [participant], "participant record")
    identity = None
    if participant.programme.holds_identity and can(request.user, "identity.view", participant):
        identity = Identity.objects.filter(participant=participant).first()
        if identity:
            audit.record_read(request, [identity], "identity")
    scores = []
    for score in participant.scores.all():
        info = measures()[score.measure]
        scores.append({"score": score, "results": info.results_text(score.results),
                       "bands": bands_of(score.measure, score.results)})
    labels = participant.programme.outcome_labels()
    return render(request, "outcomes/participant.html", {
        "participant": participant, "programme": participant.programme, "identity": identity,
        "goals": participant.goals.all(), "contacts": participant.contacts.all(), "scores": scores,
        "checks": [(check, labels.get(check.outcome, check.outcome)) for check in participant.outcome_checks.all()],
        "referrals": participant.referrals.select_related("asset"),
        "measures": [measures()[e["measure"]] for e in participant.programme.measures if e.get("measure") in measures()]
        or list(measures().values()),
        "can_record": can(request.user, "participant.record", participant),
        "connected_form": forms.ConnectedForm()})


def _add(request, slug, pk, form_class, title, save, form_kwargs=None):
    """A form that adds one thing to a participant's record, then back to the record."""
    participant = _participant(request, slug, pk, "participant.record")
    form = form_class(request.POST or None, **(form_kwargs(participant) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        try:
            said = save(participant, form)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, said)
            return redirect("outcomes:participant", slug=slug, pk=participant.pk)
    return render(request, "outcomes/record_form.html", {"participant": participant, "programme": participant.programme,
                                                         "form": form, "title": title})


@require("participant.record")
def goal_create(request, slug, pk):
    def save(participant, form):
        services.add_goal(participant, **form.cleaned_data)
        return "Goal added."
    return _add(request, slug, pk, forms.GoalForm, "Add a goal", save)


@require("participant.record")
def goal_edit(request, slug, pk, goal):
    participant = _participant(request, slug, pk, "participant.record")
    goal = get_object_or_404(Goal, pk=goal, participant=participant)
    initial = {"text": goal.text, "set_on": goal.set_on, "co_produced": goal.co_produced, "progress": goal.progress,
               "reviewed_on": goal.reviewed_on}
    form = forms.GoalReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(goal, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Goal updated: {goal.get_progress_display().lower()}.")
            return redirect("outcomes:participant", slug=slug, pk=participant.pk)
    return render(request, "outcomes/record_form.html", {"participant": participant, "programme": participant.programme,
                                                         "form": form, "title": "Review a goal"})


@require("participant.record")
def contact_create(request, slug, pk):
    def save(participant, form):
        services.add_contact(participant, **form.cleaned_data)
        return "Contact recorded."
    return _add(request, slug, pk, forms.ContactForm, "Record a contact", save)


@require("participant.record")
def outcome_create(request, slug, pk):
    def save(participant, form):
        services.check_outcome(participant, **form.cleaned_data)
        return "Outcome recorded."
    return _add(request, slug, pk, forms.OutcomeForm, "Record an outcome", save,
                form_kwargs=lambda participant: {"programme": participant.programme})


@require("participant.record")
def referral_create(request, slug, pk):
    def save(participant, form):
        referral = services.refer(participant, user=request.user, **form.cleaned_data)
        return f"Referred to {referral.asset.name}."
    return _add(request, slug, pk, forms.ReferralForm, "Refer to a community asset", save,
                form_kwargs=lambda participant: {"assets": services.assets_to_refer_to(request.user,
                                                                                       participant.programme)})


@require("participant.record")
@require_POST
def referral_connected(request, slug, pk, referral):
    participant = _participant(request, slug, pk, "participant.record")
    referral = get_object_or_404(Referral, pk=referral, participant=participant)
    form = forms.ConnectedForm(request.POST)
    if form.is_valid():
        services.set_connected(referral, form.cleaned_data["connected"])
        messages.success(request, f"Referral to {referral.asset.name}: {referral.get_connected_display().lower()}.")
    else:
        messages.error(request, "Say whether they connected.")
    return redirect("outcomes:participant", slug=slug, pk=participant.pk)


@require("identity.view")
@require_POST
def identity_erase(request, slug, pk):
    participant = _participant(request, slug, pk, "identity.view")
    if services.erase_identity(participant):
        messages.success(request, f"Who {participant.reference} is has been erased; their anonymous record is kept.")
    return redirect("outcomes:participant", slug=slug, pk=participant.pk)


@require("participant.record")
def score_create(request, slug, pk, measure):
    if measure not in measures():
        raise Http404("No such measure.")
    participant = _participant(request, slug, pk, "participant.record")
    form = forms.ScoreForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            score = services.record_score(participant, measure=measure, taken_on=form.cleaned_data["taken_on"],
                                          timepoint=form.cleaned_data["timepoint"], answers=form.answers())
        except ValidationError as error:
            show_refusal(form, error, {f"answers.{item.id}": forms.item_field(item) for item in form.measure.items})
        else:
            said = measures()[measure].results_text(score.results) or score.note
            messages.success(request, f"{measures()[measure].name} recorded: {said}")
            return redirect("outcomes:participant", slug=slug, pk=participant.pk)
    return render(request, "outcomes/score_form.html", {"participant": participant, "programme": participant.programme,
                                                        "form": form, "measure": form.measure})
