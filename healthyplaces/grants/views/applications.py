"""Applying to a call-out: the form (its questions are the call-out's), saving a draft, submitting it, and an
applicant's own applications. The checks are `services.save_application`'s; these views show its refusals
beside the fields they name and keep everything entered."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, check, organisation_for, refusal, require

from .. import services
from ..forms import ApplicationForm, application_initial, budget_rows_for
from ..models import Application, CallOut
from . import show_refusal

SERVICE_FIELDS = {"lsoas": "lsoas"}


def _form_for(call_out, data=None, application=None):
    authorities = list(call_out.target_local_authorities.all()) or list(call_out.lot.local_authorities.all())
    return ApplicationForm(data, call_out=call_out, authorities=authorities, communities=list(call_out.communities.all()),
                           rows=budget_rows_for(application),
                           initial=application_initial(application) if application else None)


def _data(form):
    d = form.cleaned_data
    return services.ApplicationData(
        unregistered_group=d["unregistered_group"] == "yes", applicant_name=d["applicant_name"].strip(),
        contact_name=d["contact_name"].strip(), title=d["title"].strip(), amount=d["amount"],
        budget_lines=d["budget_lines"], answers=form.answers(), contact_email=d["contact_email"],
        contact_phone=d["contact_phone"].strip(), charity_number=d["charity_number"].strip(),
        company_number=d["company_number"].strip(), summary=d["summary"].strip(), lsoas=tuple(d["lsoas"]),
        local_authorities=tuple(d.get("local_authorities", ())), communities=tuple(d.get("communities", ())))


def _save(request, call_out, organisation, application=None):
    """Show the form, or save what was posted (a draft, or submitted with the Submit button)."""
    form = _form_for(call_out, request.POST if request.method == "POST" else None, application)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            saved = services.save_application(call_out, organisation, _data(form), by=request.user,
                                              application=application, submit=submit)
        except ValidationError as error:
            messages_by_field = error.message_dict
            form.budget_errors = messages_by_field.pop("budget", [])
            if messages_by_field:
                show_refusal(form, ValidationError(messages_by_field), SERVICE_FIELDS)
        else:
            messages.success(request, f"Application {saved.reference} submitted." if submit
                             else f"Draft {saved.reference} saved. You can come back to it and submit it later.")
            return redirect("grants:application", saved.pk)
    return render(request, "grants/application_form.html", {
        "call_out": call_out, "form": form, "application": application, "organisation": organisation,
        "closed": services.eligibility(call_out, unregistered_group=False, organisation_kind=None,
                                       amount=None).get("__all__")})


@require("application.create")
def apply(request, slug):
    call_out = get_object_or_404(CallOut.objects.select_related("lot", "round__fund"), slug=slug,
                                 status=CallOut.Status.PUBLISHED)
    organisation = organisation_for(request.user, "application.create")
    return _save(request, call_out, organisation)


@require("application.edit")
def application_edit(request, pk):
    application = get_object_or_404(Application.objects.select_related("call_out__lot", "organisation"), pk=pk)
    check(request.user, "application.view", application)
    check(request.user, "application.edit", application)
    audit.record_read(request, [application], "application")
    return _save(request, application.call_out, application.organisation, application)


@require("application.view")
def application(request, pk):
    application = get_object_or_404(Application.objects.select_related("call_out__lot", "call_out__round__fund"), pk=pk)
    check(request.user, "application.view", application)
    audit.record_read(request, [application], "application")
    call_out = application.call_out
    advice = {}
    if application.status == Application.Status.DRAFT:
        advice = {**services.eligibility(call_out, unregistered_group=application.unregistered_group,
                                         organisation_kind=application.organisation.kind, amount=application.amount),
                  **services.budget_problems(application.amount, [(line.item, line.amount) for line in
                                                                  application.budget_lines.all()]),
                  **services.answer_problems(call_out, application.answers, submitting=True)}
    questions = [(q["label"], application.answers.get(q["key"], "")) for q in call_out.questions]
    return render(request, "grants/application.html", {
        "application": application, "call_out": call_out, "questions": questions, "advice": list(advice.values()),
        "can_edit": can(request.user, "application.edit", application),
        "edit_refusal": refusal(request.user, "application.edit", application)})


@require("application.view")
def application_list(request):
    """A person's own organisation's applications (an officer's: those to call-outs in their areas)."""
    applications = services.applications_of(request.user).select_related("call_out__lot").order_by("-created_at")
    return render(request, "grants/application_list.html", {"applications": applications})


