"""Awards: an officer makes a decided round's awards and sees the awards of the funds they manage; everyone may
download every award as 360Giving open data (JSON, or the spreadsheet's CSV). The work is grants/awards.py's."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import check, require

from .. import awards
from ..models import Award, Fund, Round
from ..permissions import FUNDS
from ..voting_forms import AwardsForm
from . import show_refusal


@require("award.make")
def award_list(request):
    """The awards of the funds a person manages, newest first, with each lot's money awarded and left."""
    funds = FUNDS.filter(Fund.objects.all(), request.user, "award.make")
    found = (Award.objects.filter(application__call_out__round__fund__in=funds)
             .select_related("application__call_out__lot", "application__call_out__round__fund"))
    lots = [{"lot": lot, "awarded": awards.lot_awarded(lot), "left": lot.budget - awards.lot_awarded(lot)}
            for fund in funds.prefetch_related("lots") for lot in fund.lots.all()]
    return render(request, "grants/award_list.html", {"awards": found, "lots": lots})


@require("award.make")
def make_awards(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("fund"), pk=pk)
    check(request.user, "award.make", round_)
    form = AwardsForm(request.POST or None)
    try:
        funded = awards.funded(round_)
        refused = None
    except ValidationError as error:
        funded, refused = [], " ".join(error.messages)
    if request.method == "POST" and refused is None and form.is_valid():
        data = form.cleaned_data
        try:
            made = awards.make_awards(round_, by=request.user, award_date=data["award_date"],
                                      planned_start=data["planned_start"], planned_end=data["planned_end"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{len(made)} award(s) made.")
            return redirect("grants:award_list")
    return render(request, "grants/make_awards.html", {"round": round_, "form": form, "funded": funded,
                                                       "refused": refused})


@require("awards.view")
def giving_json(request):
    response = HttpResponse(awards.export("json"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="awards-360giving.json"'
    return response


@require("awards.view")
def giving_csv(request):
    response = HttpResponse(awards.export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="awards-360giving.csv"'
    return response
