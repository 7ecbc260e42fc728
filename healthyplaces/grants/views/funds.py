"""Officers' pages for a fund: its partners' contributions, its lots and their budgets, the fund shared across the
lots by need with the arithmetic shown (so a board can agree it), its rounds, call-outs and panels."""
from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import check, require
from healthyplaces.places.models import LocalAuthority

from .. import allocation, services
from ..forms import CallOutForm, ContributionForm, LotForm, PanelMemberForm, RoundForm
from ..models import Fund, Panel, Round
from ..permissions import FUNDS


@require("fund.manage")
def fund_list(request):
    funds = FUNDS.filter(Fund.objects.all(), request.user, "fund.manage").select_related("organisation")
    return render(request, "grants/fund_list.html", {"funds": funds})


@require("fund.manage")
def fund(request, pk):
    fund = get_object_or_404(Fund.objects.select_related("organisation"), pk=pk)
    check(request.user, "fund.manage", fund)
    total = services.fund_total(fund)
    lots = list(services.lots_of(fund))
    shares, problem = {}, None
    try:
        for way in allocation.WAYS:
            shares[way] = services.allocate_fund(fund, way, total)[0]
    except ValueError as error:  # no residents in the lots yet (no places named)
        shares, problem = {}, str(error)
    rounds = list(fund.rounds.prefetch_related("call_outs__lot", "panel__members"))
    return render(request, "grants/fund.html", {
        "fund": fund, "total": total, "contributions": list(fund.contributions.select_related("partner")),
        "lots": lots, "budgets": sum(lot.budget for lot in lots),
        "allocations": [(allocation.WAYS[way], list(zip(rows, lots))) for way, rows in shares.items()],
        "problem": problem, "rounds": rounds})


@require("fund.manage")
def call_out_create(request, pk):
    """A new call-out in one of the fund's rounds, spending one of its lots' money."""
    fund = get_object_or_404(Fund, pk=pk)
    check(request.user, "fund.manage", fund)
    form = CallOutForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            call_out = form.save(commit=False)
            call_out.updated_by = request.user
            call_out.save()
        messages.success(request, f"Call-out {call_out.title} saved"
                         + (" and published." if call_out.status == call_out.Status.PUBLISHED else " as a draft."))
        return redirect("grants:fund", fund.pk)
    return render(request, "grants/call_out_form.html", {"fund": fund, "form": form})


def _add(request, pk, form_class, title, done, **form_options):
    """One add page for a fund's parts: the form, saved with the fund in one transaction, back to the fund."""
    fund = get_object_or_404(Fund, pk=pk)
    check(request.user, "fund.manage", fund)
    options = {key: value(fund) if callable(value) else value for key, value in form_options.items()}
    form = form_class(request.POST or None, fund=fund, **options)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = form.save(commit=False)
            record.fund = fund
            if hasattr(record, "updated_by"):
                record.updated_by = request.user
            record.save()
            form.save_m2m()
            if isinstance(record, Round) and record.decision == Round.Decision.PANEL:
                Panel.objects.get_or_create(round=record)
        messages.success(request, done.format(record))
        return redirect("grants:fund", fund.pk)
    return render(request, "grants/fund_part_form.html", {"fund": fund, "form": form, "title": title})


@require("fund.manage")
def contribution_create(request, pk):
    return _add(request, pk, ContributionForm, "Add a partner's contribution", "{}'s contribution added.")


@require("fund.manage")
def lot_create(request, pk):
    return _add(request, pk, LotForm, "Add a lot", "Lot {} added.", authorities=lambda fund: LocalAuthority.objects.filter(
        pk=F("successor")).order_by("name"))


@require("fund.manage")
def round_create(request, pk):
    return _add(request, pk, RoundForm, "Add a round", "Round {} added.")


@require("fund.manage")
def panel_member_add(request, pk):
    """Put a person holding the panel member's role on a panel round's panel."""
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk, decision=Round.Decision.PANEL)
    check(request.user, "fund.manage", round_.fund)
    form = PanelMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        panel, _ = Panel.objects.get_or_create(round=round_)
        panel.members.add(form.cleaned_data["username"])
        messages.success(request, f"{form.cleaned_data['username'].username} is on the panel of {round_.name}.")
        return redirect("grants:fund", round_.fund_id)
    return render(request, "grants/fund_part_form.html", {"fund": round_.fund, "form": form,
                                                          "title": f"Add a panel member: {round_.name}"})
