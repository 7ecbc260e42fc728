"""Commitments pages: the frameworks to commit to, one framework's commitments principle by principle, and
recording or changing one's own organisation's commitment."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts.permissions import can, check, require

from .. import commitments as service
from ..commitment_forms import CommitmentForm
from ..models import Commitment


@require("commitments.view")
def frameworks(request):
    return render(request, "actions/commitment_frameworks.html", {"frameworks": service.frameworks()})


@require("commitments.view")
def by_principle(request, key):
    strategy = get_object_or_404(service.frameworks(), key=key)
    principles = service.by_principle(strategy, request.user)
    made = [commitment for _, found in principles for commitment in found]
    for commitment in made:
        commitment.can_change = can(request.user, "commitment.change", commitment)
    return render(request, "actions/commitments.html", {
        "strategy": strategy, "principles": principles, "count": len(made),
        "organisations": len({c.organisation_id for c in made}),
        "uncommitted": sum(1 for _, found in principles if not found),
        "can_record": can(request.user, "commitments.record") and service.organisations_for(request.user).exists(),
    })


@require("commitments.record")
def new(request, key):
    strategy = get_object_or_404(service.frameworks(), key=key)
    organisations = service.organisations_for(request.user)
    if not organisations.exists():
        raise PermissionDenied("You need to belong to an organisation to record its commitments.")
    principle = strategy.principles.filter(key=request.GET.get("principle", "")).first()
    form = CommitmentForm(request.POST or None, strategy=strategy, organisations=organisations,
                          initial={"principle": principle.pk if principle else None})
    if request.method == "POST" and form.is_valid():
        try:
            service.save_commitment(form.instance, request.user)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Commitment saved.")
            return redirect("actions:commitments", key=strategy.key)
    return render(request, "actions/commitment_form.html", {"form": form, "strategy": strategy, "commitment": None})


@require("commitment.change")
def change(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("organisation", "principle__strategy"), pk=pk)
    check(request.user, "commitment.change", commitment)
    strategy = commitment.principle.strategy
    form, conflict = CommitmentForm(request.POST or None, instance=commitment, strategy=strategy,
                                    organisations=service.organisations_for(request.user)), None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(commitment, request.POST.get(editing.FIELD), request.user):
                service.save_commitment(form.instance, request.user)
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, _initial(changed.record))
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Commitment saved.")
            return redirect("actions:commitments", key=strategy.key)
    return render(request, "actions/commitment_form.html", {
        "form": form, "strategy": strategy, "commitment": commitment, **editing.context(request, commitment, conflict)})


def _initial(commitment):
    return {name: getattr(commitment, name if name != "principle" else "principle_id")
            for name in ("principle", "kind", "person", "text", "progress", "progress_note", "made_on")}


def _errors(form, error):
    """A refusal or a rule from the service, on its field when the form shows it."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)
