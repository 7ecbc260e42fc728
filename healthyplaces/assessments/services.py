"""Self-assessment: start, invite, rate, complete (locks), copy forward; charts, comparisons and feedback."""
import hashlib
import secrets

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from healthyplaces import charts
from healthyplaces.accounts import audit
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import ORGANISATIONS, organisations_of
from healthyplaces.accounts.services import people_in

from . import permissions
from .models import Assessment, FeedbackAnswer, FeedbackLink, Framework, Rating


class AssessmentInvalid(ValueError):
    pass


def rated_frameworks():
    """Frameworks that teams rate themselves against (not the HIA matrix)."""
    return Framework.objects.exclude(kind=Framework.Kind.HIA).filter(versions__isnull=False).distinct()


def visible_assessments(user):
    """Completed assessments, plus the drafts within the person's reach (assessments/permissions.py)."""
    return permissions.visible_assessments(Assessment.objects.select_related("version__framework", "organisation"), user)


@transaction.atomic
def start(version, organisation, title, period, by):
    title = (title or "").strip()
    if not title:
        raise AssessmentInvalid("Give the assessment a title.")
    with audit.acting_as(by):
        assessment = Assessment.objects.create(version=version, organisation=organisation, title=title,
                                               period=(period or "").strip(), created_by=by)
        assessment.members.add(by)
        audit.m2m_changed_record(assessment, "members", [], [by.pk])
    return assessment


def invite(assessment, username, by):
    """Add a person by their user name; they must already have an account.

    Everyone invites the people of the assessment's organisation and of their own; officers also those of the
    organisations whose members they may list (their council's areas'), administrators anyone. Anyone else gets
    the same answer as a name that does not exist, so the form cannot be used to find out who has an account.
    """
    if assessment.locked:
        raise AssessmentInvalid("A completed assessment is locked.")
    listed = Organisation.objects.filter(Q(pk__in=[assessment.organisation_id, *organisations_of(by)])
                                         | ORGANISATIONS.q(by, "organisation.view_members"))
    user = people_in(listed).filter(username=(username or "").strip()).first()
    if user is None:
        raise AssessmentInvalid(f"No one you can invite has the user name {username!r}.")
    if not permissions.ASSESSMENTS.reaches(user, "assessment.edit", assessment):
        raise AssessmentInvalid(f"{username} holds no role at {assessment.organisation} that may rate its assessments.")
    before = list(assessment.members.values_list("pk", flat=True))
    assessment.members.add(user)
    with audit.acting_as(by):
        audit.m2m_changed_record(assessment, "members", before, before + [user.pk])
    return user


def scale_options(version, criterion):
    return version.scale(criterion.scale).get("options", [])


def also_allowed(version, criterion):
    return version.scale(criterion.scale).get("also_allow", [])


@transaction.atomic
def save_ratings(assessment, answers, by):
    """answers: {criterion_key: (value text, evidence, next_action)}; value is a scale value, an also_allow word or ''."""
    if assessment.locked:
        raise AssessmentInvalid("This assessment is completed and locked; copy it forward to change it.")
    problems = []
    criteria = {c.key: c for c in assessment.version.criteria()}
    with audit.acting_as(by):
        for key, (value, evidence, action) in answers.items():
            criterion = criteria[key]
            number, other = None, ""
            if value:
                allowed = {str(o["value"]) for o in scale_options(assessment.version, criterion)}
                if value in allowed:
                    number = int(value)
                elif value in also_allowed(assessment.version, criterion):
                    other = value
                else:
                    problems.append(f"{criterion.text}: {value!r} is not on the scale")
                    continue
            rating = Rating.objects.filter(assessment=assessment, criterion=criterion).first() or Rating(assessment=assessment, criterion=criterion)
            if (rating.value, rating.other, rating.evidence, rating.next_action) == (number, other, evidence.strip(), action.strip()):
                continue
            rating.value, rating.other, rating.evidence, rating.next_action = number, other, evidence.strip(), action.strip()
            rating.updated_by = by
            rating.save()
    if problems:
        raise AssessmentInvalid("; ".join(problems))


def unrated(assessment):
    rated = set(assessment.ratings.exclude(value__isnull=True, other="").values_list("criterion_id", flat=True))
    return [c for c in assessment.version.criteria() if c.pk not in rated]


def complete(assessment, by):
    missing = unrated(assessment)
    if missing:
        raise AssessmentInvalid("Rate every criterion before completing: " + ", ".join(c.key for c in missing))
    with audit.acting_as(by):
        assessment.status, assessment.completed_at = Assessment.Status.COMPLETED, timezone.now()
        assessment.save()


@transaction.atomic
def copy_forward(assessment, period, by):
    """A new draft for the next period on the framework's newest version, keeping ratings whose criterion id is still there."""
    version = assessment.version.framework.current
    with audit.acting_as(by):
        copy = Assessment.objects.create(version=version, organisation=assessment.organisation, title=assessment.title,
                                         period=(period or "").strip(), copied_from=assessment, created_by=by)
        copy.members.set(assessment.members.all())
        copy.members.add(by)
        audit.m2m_changed_record(copy, "members", [], list(copy.members.values_list("pk", flat=True)))
        criteria = {c.key: c for c in version.criteria()}
        for rating in assessment.ratings.select_related("criterion"):
            if rating.criterion.key in criteria:
                Rating.objects.create(assessment=copy, criterion=criteria[rating.criterion.key], value=rating.value,
                                      other=rating.other, evidence=rating.evidence, next_action=rating.next_action, updated_by=by)
    return copy


def rows(assessment):
    """One row a criterion: the criterion, its rating (or None) and the scale label."""
    ratings = {r.criterion_id: r for r in assessment.ratings.all()}
    out = []
    for criterion in assessment.version.criteria():
        rating = ratings.get(criterion.pk)
        options = {o["value"]: o for o in scale_options(assessment.version, criterion)}
        option = options.get(rating.value) if rating and rating.value else None
        out.append({"criterion": criterion, "rating": rating, "option": option,
                    "max": max(options) if options else None,
                    "label": option["label"] if option else (rating.other_label if rating and rating.other else "")})
    return out


def lowest(rows_):
    """The lowest-rated criteria: a profile is shown, never only an average that could hide them."""
    rated = [r for r in rows_ if r["rating"] and r["rating"].value]
    if not rated:
        return None, []
    floor = min(r["rating"].value for r in rated)
    return floor, [r["criterion"] for r in rated if r["rating"].value == floor]


# Radar charts (healthyplaces.charts), with the same figures in a table beside them.


def scale_max(version):
    return max((o["value"] for s in version.scales.values() for o in s.get("options", [])), default=5)


def assessment_radar(assessment):
    """The assessment's ratings by criterion, each axis named by the criterion's text; "Don't know" and
    "Not applicable" are not rated, not nought."""
    data = rows(assessment)
    ratings = [r["rating"] for r in data]
    return charts.radar([r["criterion"].text for r in data],
                        [charts.Series(str(assessment.organisation), [r.value if r else None for r in ratings],
                                       notes=[r.other_label if r else "" for r in ratings])],
                        maximum=scale_max(assessment.version))


def comparison(assessments):
    """Several assessments of one framework side by side, matched by criterion id (versions may differ)."""
    assessments = list(assessments)
    keys, texts = [], {}
    for a in assessments:
        for c in a.version.criteria():
            if c.key not in texts:
                keys.append(c.key)
                texts[c.key] = c.text
    ratings = {a.pk: {r.criterion.key: r for r in a.ratings.select_related("criterion")} for a in assessments}

    def value(a, key):
        rating = ratings[a.pk].get(key)
        return rating.value if rating else None

    def note(a, key):
        rating = ratings[a.pk].get(key)
        return rating.other_label if rating else ""

    table = [{"key": k, "text": texts[k], "values": [value(a, k) or note(a, k) for a in assessments]} for k in keys]
    maximum = max((scale_max(a.version) for a in assessments), default=5)
    chart = charts.radar([texts[k] for k in keys],
                         [charts.Series(f"{a.organisation} {a.period}", [value(a, k) for k in keys], notes=[note(a, k) for k in keys])
                          for a in assessments], maximum)
    return table, chart


def actions(assessment):
    """The next actions the assessment raised: ready to become tracked actions later."""
    return (assessment.ratings.exclude(next_action="").select_related("criterion", "updated_by")
            .order_by("criterion__section__order", "criterion__order"))


def organisations_with_assessments(user, framework):
    return Organisation.objects.filter(assessments__in=visible_assessments(user).filter(version__framework=framework)).distinct()


# Community feedback: one anonymous response per link.


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def make_links(assessment, count, by):
    """New single-use links; the tokens are shown once and only their hashes are kept."""
    if not community_criteria(assessment.version):
        raise AssessmentInvalid("This framework has no community-facing questions.")
    if not 1 <= count <= 200:
        raise AssessmentInvalid("Make between 1 and 200 links at a time.")
    tokens = [secrets.token_urlsafe(24) for _ in range(count)]
    with audit.acting_as(by):
        for token in tokens:
            FeedbackLink.objects.create(assessment=assessment, token_hash=_hash(token), created_by=by)
    return tokens


def link_for(token):
    return FeedbackLink.objects.select_related("assessment__version").filter(token_hash=_hash(token or "")).first()


def community_criteria(version):
    return [c for c in version.criteria() if c.community_question]


class FeedbackRefused(ValueError):
    pass


@transaction.atomic
def respond(token, answers):
    """Store one anonymous response {criterion_key: value}; a link takes one response only."""
    link = FeedbackLink.objects.select_for_update().filter(token_hash=_hash(token or "")).first()
    if link is None:
        raise FeedbackRefused("This feedback link is not valid.")
    if link.used_at:
        raise FeedbackRefused("This feedback link has already been used. Thank you for your answers.")
    version = link.assessment.version
    allowed = {str(o["value"]) for o in version.scale(version.community_scale).get("options", [])}
    criteria = community_criteria(version)
    rows_ = []
    for c in criteria:
        value = answers.get(c.key, "")
        if value:
            if value not in allowed:
                raise FeedbackRefused(f"{value!r} is not one of the answers.")
            rows_.append(FeedbackAnswer(link=link, criterion=c, value=int(value)))
    if not rows_:
        raise FeedbackRefused("Answer at least one question.")
    FeedbackAnswer.objects.bulk_create(rows_)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link


def feedback_results(assessment):
    """Per community question: responses, the community's mean and the team's own rating."""
    version = assessment.version
    own = {r.criterion_id: r.value for r in assessment.ratings.all()}
    stats = {row["criterion"]: row for row in FeedbackAnswer.objects.filter(link__assessment=assessment)
             .values("criterion").annotate(n=Count("id"), mean=Avg("value"))}
    links = assessment.feedback_links.aggregate(made=Count("id"), used=Count("used_at"))
    community_max = max((o["value"] for o in version.scale(version.community_scale).get("options", [])), default=5)
    return {"links": links, "community_max": community_max, "rows": [
        {"criterion": c, "responses": stats.get(c.pk, {}).get("n", 0), "mean": stats.get(c.pk, {}).get("mean"),
         "own": own.get(c.pk)} for c in community_criteria(version)]}
