"""Officers' pages for a fund: its partners' contributions, its lots and their budgets, the fund shared across the
lots by need with the arithmetic shown (so a board can agree it), its rounds, call-outs and panels."""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import check, require

from .. import allocation, services
from ..forms import CallOutForm
from ..models import Fund
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
