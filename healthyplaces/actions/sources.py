"""Where an action came from, and the actions from a source ("make this an action" and "Actions from this").

A self-assessment's next step (a Rating), an insight, a search of insights (its query string) and a Health
Impact Assessment issue (an HiaAnswer) each lead to the create form with the source filled in; the action's
page links back to its source, and the source's page lists the actions from it. Each source is offered only
to someone who may see it, so an action never carries a link to what its author could not read.
"""
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse

from .models import Action
from .permissions import visible

# The create form's query parameters, each naming a kind of source.
PARAMETERS = ("rating", "insight", "search", "hia_answer")
SEARCH_PARAMETERS = ("q", "area", "kind", "theme", "community", "date_from", "date_to")  # the insight search's


def _rating(pk, user):
    from healthyplaces.assessments.models import Assessment, Rating
    from healthyplaces.assessments.permissions import visible_assessments

    rating = Rating.objects.select_related("assessment", "criterion").filter(pk=pk).first()
    if rating is None or not visible_assessments(Assessment.objects.filter(pk=rating.assessment_id), user).exists():
        raise PermissionDenied("This self-assessment is not one you can see.")
    return rating


def _insight(pk, user):
    from healthyplaces.insights import sharing
    from healthyplaces.insights.models import Insight

    insight = Insight.objects.select_related("conversation").filter(pk=pk).first()
    if insight is None or not sharing.is_visible(insight, user):
        raise PermissionDenied("This insight is not one you can see.")
    return insight


def _hia_answer(pk, user):
    from healthyplaces.accounts.permissions import can
    from healthyplaces.assessments.models import HiaAnswer

    answer = HiaAnswer.objects.select_related("submission__hia__development", "topic").filter(pk=pk).first()
    if answer is None or not can(user, "hia.view", answer.submission.hia):
        raise PermissionDenied("This Health Impact Assessment is not one you can see.")
    return answer


def clean_search(query):
    """The insight search's own filters from a query string, in a stable order (no page number, nothing else)."""
    pairs = [(k, v) for k, v in parse_qsl(query or "", keep_blank_values=False) if k in SEARCH_PARAMETERS and v.strip()]
    return urlencode(sorted(pairs))[:500]


def source_from(params, user):
    """The fields a new action starts with, from the create form's query parameters (or a posted form's hidden
    ones): {} when none is given. A source the person may not see is refused (PermissionDenied)."""
    if params.get("rating"):
        rating = _rating(params["rating"], user)
        return {"source": Action.Source.ASSESSMENT, "source_rating": rating, "title": rating.next_action[:300],
                "description": f"Next step for “{rating.criterion.text}” in {rating.assessment}."[:5000]}
    if params.get("insight"):
        from healthyplaces.insights.services import shown

        insight = _insight(params["insight"], user)
        summary = shown(insight, user).summary
        return {"source": Action.Source.INSIGHT, "source_insight": insight, "title": "",
                "description": f"In response to what was said: {summary}"[:5000]}
    if params.get("search"):
        query = clean_search(params["search"])
        if query:
            return {"source": Action.Source.INSIGHT_SEARCH, "source_search": query, "title": "", "description": ""}
    if params.get("hia_answer"):
        answer = _hia_answer(params["hia_answer"], user)
        text = answer.mitigation or answer.comment or ""
        return {"source": Action.Source.HIA, "source_hia_answer": answer, "title": f"{answer.topic}: {text}"[:300],
                "description": f"An issue raised in the {answer.submission.hia}."[:5000]}
    return {}


def link(action):
    """(what it came from, where that is) for the action's page; the address is "" when there is no page."""
    if action.source_rating_id:
        rating = action.source_rating
        return (f"Next step for “{rating.criterion.text}” in {rating.assessment}",
                reverse("assessments:actions", args=[rating.assessment_id]))
    if action.source_insight_id:
        return (f"Insight {action.source_insight_id}", reverse("insights:insight", args=[action.source_insight_id]))
    if action.source_search:
        return ("A search of community insights", reverse("insights:search") + "?" + action.source_search)
    if action.source_hia_answer_id:
        answer = action.source_hia_answer
        return (f"{answer.topic} in the {answer.submission.hia}",
                reverse("assessments:hia_detail", args=[answer.submission.hia_id]))
    if action.report:
        return (" ".join(filter(None, [action.report, f"recommendation {action.number}" if action.number else ""])), "")
    if action.source_decision:
        return (action.source_decision, "")
    return ("", "")


def actions_from(user, *, ratings=None, insight=None, search=None, hia_answers=None):
    """The actions made from a source, of those the person may see (for the source's "Actions from this")."""
    found = Q(pk__in=[])
    if ratings is not None:
        found |= Q(source_rating__in=ratings)
    if insight is not None:
        found |= Q(source_insight=insight)
    if search is not None and clean_search(search):
        found |= Q(source_search=clean_search(search))
    if hia_answers is not None:
        found |= Q(source_hia_answer__in=hia_answers)
    return visible(Action.objects.filter(found), user).select_related("owner")


def _paired(records, field, user):
    """[(record, [the actions from it the person may see])], in the records' order."""
    records = list(records)
    found = {}
    for action in visible(Action.objects.filter(**{f"{field}__in": [r.pk for r in records]}), user).order_by("pk"):
        found.setdefault(getattr(action, f"{field}_id"), []).append(action)
    return [(record, found.get(record.pk, [])) for record in records]


def ratings_with_actions(ratings, user):
    """A self-assessment's next steps, each with the actions made from it."""
    return _paired(ratings, "source_rating", user)


def hia_issues(hia, user):
    """The issues of an HIA's latest submitted version (a topic's answer each), each with the actions made from it;
    [] before anything is submitted."""
    submission = hia.submissions.filter(submitted_at__isnull=False).order_by("-number").first()
    if submission is None:
        return []
    return _paired(submission.answers.select_related("topic"), "source_hia_answer", user)


def from_this(user, *, insight=None, search=None):
    """What a source's page needs for "Actions from this": the actions made from it (None when the person may
    not see actions at all) and the address of the create form with the source filled in ("" when they may not
    make one)."""
    from healthyplaces.accounts.permissions import can

    if not can(user, "actions.view"):
        return {"actions_made": None, "make_action_url": ""}
    if insight is not None:
        made, parameter = actions_from(user, insight=insight), {"insight": insight.pk}
    else:
        made, parameter = actions_from(user, search=search), {"search": clean_search(search)}
    may_make = can(user, "actions.create") and any(parameter.values())
    return {"actions_made": list(made.order_by("pk")),
            "make_action_url": reverse("actions:create") + "?" + urlencode(parameter) if may_make else ""}
