"""Community feedback on a self-assessment: the form residents fill in and its results."""
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from healthyplaces.accounts.permissions import can, check, require

from .. import services
from ..forms import FeedbackForm, FeedbackLinksForm
from .self_assessment import assessment_for


@require("assessment.view")
def feedback_results(request, pk):
    assessment = assessment_for(request, pk)
    may_make = can(request.user, "assessment.ask_feedback", assessment)
    form, tokens = FeedbackLinksForm(request.POST or None), []
    if request.method == "POST":
        check(request.user, "assessment.ask_feedback", assessment)
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
    if link.used_at:
        return render(request, "assessments/feedback_done.html", {"already": True})
    form = FeedbackForm(request.POST if request.method == "POST" else None, questions=questions, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(token, form.cleaned_data)
        except services.FeedbackRefused as problem:
            form.add_error(None, str(problem))
        else:
            return render(request, "assessments/feedback_done.html", {"already": False})
    return render(request, "assessments/feedback_form.html", {"organisation": link.assessment.organisation, "form": form})
