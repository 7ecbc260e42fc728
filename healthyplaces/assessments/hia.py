"""Health Impact Assessments: an applicant answers each topic, an officer reviews each answer, the
applicant revises; every submitted version is kept unchanged. Also the report across all HIAs."""
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, organisation_for
from healthyplaces.places.models import Deprivation, Lsoa
from healthyplaces.places.services import NeighbourhoodInvalid, parse_lsoa_codes

from .models import Development, Framework, Hia, HiaAnswer, HiaSubmission
from .permissions import HIAS


class HiaInvalid(ValueError):
    pass


class HiaIncomplete(HiaInvalid):
    """Topics left unanswered, named so the form can say which."""

    def __init__(self, topics):
        self.topics = topics
        super().__init__("Answer every topic before submitting. Unanswered: " + "; ".join(t.name for t in topics))


def hia_version(key=None):
    frameworks = Framework.objects.filter(kind=Framework.Kind.HIA)
    framework = frameworks.filter(key=key).first() if key else frameworks.order_by("key").first()
    if framework is None or framework.current is None:
        raise HiaInvalid("No HIA framework is loaded: an administrator loads one from Frameworks.")
    return framework.current


def visible_hias(user):
    """The HIAs the person may read: their organisation's, and for a council's officers those sited in its areas."""
    hias = Hia.objects.select_related("development__organisation", "version__framework")
    return HIAS.filter(hias, user, "hia.view")


@transaction.atomic
def create(*, name, site, lsoas, size, type, by, framework_key=None):
    version = hia_version(framework_key)
    if not (name or "").strip() or not (site or "").strip():
        raise HiaInvalid("Give the development's name and site.")
    try:
        codes = parse_lsoa_codes(lsoas)
    except NeighbourhoodInvalid as error:
        raise HiaInvalid(str(error)) from None
    if not codes:
        raise HiaInvalid("Give at least one LSOA the site touches.")
    organisation = organisation_for(by, "hia.submit")
    with audit.acting_as(by):
        development = Development.objects.create(name=name.strip(), site=site.strip(), size=(size or "").strip(), type=type,
                                                 organisation=organisation)
        development.lsoas.set(Lsoa.objects.filter(vintage=2011, code__in=codes))
        hia = Hia.objects.create(development=development, version=version, created_by=by)
        _new_submission(hia, None)
    return hia


def _new_submission(hia, previous):
    number = previous.number + 1 if previous else 1
    submission = HiaSubmission.objects.create(hia=hia, number=number)
    old = {a.topic_id: a for a in previous.answers.all()} if previous else {}
    HiaAnswer.objects.bulk_create([
        HiaAnswer(submission=submission, topic=topic, impact=old[topic.pk].impact if topic.pk in old else "",
                  evidence=old[topic.pk].evidence if topic.pk in old else "",
                  mitigation=old[topic.pk].mitigation if topic.pk in old else "")
        for topic in hia.version.sections.all()])
    return submission


def draft(hia):
    """The version the applicant is writing, or None once it is submitted."""
    latest = hia.submissions.order_by("-number").first()
    return latest if latest and latest.submitted_at is None else None


def last_submitted(hia):
    return hia.submissions.filter(submitted_at__isnull=False).order_by("-number").first()


@transaction.atomic
def save_answers(hia, answers, by):
    """answers: {topic_key: (impact, evidence, mitigation)} written to the draft version."""
    submission = draft(hia)
    if submission is None or hia.status not in (Hia.Status.DRAFT, Hia.Status.REVISIONS):
        raise HiaInvalid("This HIA is with the officer; it can be changed when they ask for revisions.")
    with audit.acting_as(by):
        for answer in submission.answers.select_related("topic"):
            if answer.topic.key not in answers:
                continue
            impact, evidence, mitigation = answers[answer.topic.key]
            if impact and impact not in HiaAnswer.Impact.values:
                raise HiaInvalid(f"{answer.topic.name}: {impact!r} is not an impact")
            new = (impact or "", (evidence or "").strip(), (mitigation or "").strip())
            if new != (answer.impact, answer.evidence, answer.mitigation):
                answer.impact, answer.evidence, answer.mitigation = new
                answer.save()
    return submission


def unanswered(submission):
    return [a.topic for a in submission.answers.select_related("topic") if not a.impact or not a.evidence]


@transaction.atomic
def submit(hia, by):
    submission = draft(hia)
    if submission is None:
        raise HiaInvalid("There is nothing to submit.")
    missing = unanswered(submission)
    if missing:
        raise HiaIncomplete(missing)
    now = timezone.now()
    with audit.acting_as(by):
        submission.submitted_at, submission.submitted_by = now, by
        submission.save()
        hia.status = Hia.Status.SUBMITTED
        hia.first_submitted_at = hia.first_submitted_at or now
        hia.save()
    return submission


@transaction.atomic
def review(hia, outcomes, by):
    """outcomes: {topic_key: (outcome, comment)} for every answer. All accepted: the HIA is accepted;
    otherwise the applicant gets a new draft version to revise, carrying the answers over."""
    submission = last_submitted(hia)
    if hia.status != Hia.Status.SUBMITTED or submission is None:
        raise HiaInvalid("Only a submitted HIA can be reviewed.")
    answers = list(submission.answers.select_related("topic"))
    missing = [a.topic.name for a in answers if outcomes.get(a.topic.key, ("", ""))[0] not in HiaAnswer.Outcome.values]
    if missing:
        raise HiaInvalid("Give an outcome for every topic. Missing: " + "; ".join(missing))
    needing_comment = [a.topic.name for a in answers
                       if outcomes[a.topic.key][0] != HiaAnswer.Outcome.ACCEPTED and not outcomes[a.topic.key][1].strip()]
    if needing_comment:
        raise HiaInvalid("Say what is needed for each topic not accepted: " + "; ".join(needing_comment))
    now = timezone.now()
    with audit.acting_as(by):
        for answer in answers:
            answer.outcome, comment = outcomes[answer.topic.key]
            answer.comment = comment.strip()
            answer.save()
        submission.reviewed_at, submission.reviewed_by = now, by
        submission.save()
        if all(a.outcome == HiaAnswer.Outcome.ACCEPTED for a in answers):
            hia.status, hia.decided_at = Hia.Status.ACCEPTED, now
        else:
            hia.status = Hia.Status.REVISIONS
            _new_submission(hia, submission)
        hia.save()
    return hia


class Site:
    """A development's site as an area for places.services.deprivation_summary."""

    kind = "site"

    def __init__(self, development):
        self.development = development

    def lsoas(self, edition="2019"):
        from healthyplaces.places.models import LSOA_VINTAGE, Edition

        return Lsoa.objects.filter(vintage=LSOA_VINTAGE[Edition(str(edition))],
                                   code__in=self.development.lsoas.values("code"))


def site_profile(hia, edition="2019"):
    """The site's LSOAs with their deprivation, for the review page."""
    from healthyplaces.places.services import deprivation_summary, lsoa_profile

    codes = list(hia.development.lsoas.order_by("code").values_list("code", flat=True))
    return {"profiles": [p for p in (lsoa_profile(code, edition) for code in codes) if p],
            "summary": deprivation_summary(Site(hia.development), edition=edition) if codes else []}


# The report across all HIAs.


def _area_facts(hias):
    """Per HIA: its local authorities and the most deprived IMD 2019 decile among its LSOAs."""
    facts = defaultdict(lambda: {"authorities": set(), "decile": None})
    rows = (Development.lsoas.through.objects.filter(development__hia__in=hias)
            .values_list("development__hia", "lsoa__local_authority__successor__name", "lsoa_id"))
    deciles = dict(Deprivation.objects.filter(edition="2019", lsoa_id__in=[r[2] for r in rows]).values_list("lsoa_id", "imd_decile"))
    for hia_id, authority, lsoa_id in rows:
        facts[hia_id]["authorities"].add(authority)
        decile = deciles.get(lsoa_id)
        if decile and (facts[hia_id]["decile"] is None or decile < facts[hia_id]["decile"]):
            facts[hia_id]["decile"] = decile
    return facts


def reported_to(user):
    """The HIAs in a person's report: those sited in their council's areas (every one for administrators)."""
    return HIAS.filter(Hia.objects.all(), user, "hia.report")


def report_rows(hias=None):
    """One row per HIA and topic, from each HIA's last submitted version."""
    hias = list((hias if hias is not None else Hia.objects.all()).exclude(first_submitted_at__isnull=True)
                .select_related("development").prefetch_related("submissions"))
    facts = _area_facts(hias)
    rows = []
    for hia in hias:
        submission = last_submitted(hia)
        days = (hia.decided_at - hia.first_submitted_at).total_seconds() / 86400 if hia.decided_at else None
        asked = defaultdict(list)
        for key, number, outcome, comment in (HiaAnswer.objects.filter(submission__hia=hia).exclude(outcome__in=["", "accepted"])
                                              .order_by("submission__number").values_list("topic__key", "submission__number", "outcome", "comment")):
            asked[key].append(f"v{number} {HiaAnswer.Outcome(outcome).label}: {comment}")
        for answer in submission.answers.select_related("topic"):
            rows.append({
                "hia": hia, "development": hia.development.name, "type": hia.development.get_type_display(),
                "authorities": ", ".join(sorted(a for a in facts[hia.pk]["authorities"] if a)),
                "decile": facts[hia.pk]["decile"], "status": hia.get_status_display(), "versions": submission.number,
                "topic": answer.topic, "impact": answer.impact, "outcome": answer.outcome, "comment": answer.comment,
                "mitigation": answer.mitigation, "asked_for_more": answer.topic.key in asked,
                "requests": " | ".join(asked.get(answer.topic.key, [])),
                "days_to_decision": round(days, 1) if days is not None else None,
            })
    return rows


CSV_COLUMNS = ["hia_id", "development", "type", "local_authorities", "most_deprived_imd2019_decile", "status",
               "versions", "topic", "impact", "review_outcome", "review_comment", "mitigation", "officer_asked_for_more", "officer_requests",
               "days_to_decision"]


def csv_rows(rows):
    return [(r["hia"].pk, r["development"], r["type"], r["authorities"], r["decile"], r["status"], r["versions"],
             r["topic"].name, r["impact"], r["outcome"], r["comment"], r["mitigation"], "yes" if r["asked_for_more"] else "no", r["requests"],
             r["days_to_decision"]) for r in rows]


def report(rows):
    """Figures for the report page: by topic, by area, by decile, and decision times."""
    by_topic = {}
    for r in rows:
        t = by_topic.setdefault(r["topic"].key, {"name": r["topic"].name, "order": r["topic"].order, "n": 0,
                                                 "negative": 0, "uncertain": 0, "asked": 0})
        t["n"] += 1
        t["negative"] += r["impact"] == "negative"
        t["uncertain"] += r["impact"] == "uncertain"
        t["asked"] += r["asked_for_more"]
    for t in by_topic.values():
        t["share"] = (t["negative"] + t["uncertain"]) / t["n"] if t["n"] else 0
    groups = {"area": defaultdict(list), "decile": defaultdict(list)}
    for r in rows:
        for authority in (r["authorities"] or "Unknown").split(", "):
            groups["area"][authority].append(r)
        groups["decile"][r["decile"] or "Unknown"].append(r)

    def summarise(grouped):
        out = []
        for key, items in sorted(grouped.items(), key=lambda kv: str(kv[0]).zfill(3)):
            hias = {r["hia"].pk: r for r in items}
            days = [r["days_to_decision"] for r in hias.values() if r["days_to_decision"] is not None]
            impacts = Counter(r["impact"] for r in items)
            out.append({"key": key, "hias": len(hias), "answers": len(items), "negative": impacts["negative"],
                        "uncertain": impacts["uncertain"], "decided": len(days),
                        "mean_days": round(sum(days) / len(days), 1) if days else None})
        return out

    mitigations = [r for r in rows if r["asked_for_more"]]
    return {"topics": sorted(by_topic.values(), key=lambda t: t["order"]), "areas": summarise(groups["area"]),
            "deciles": summarise(groups["decile"]), "mitigations": mitigations,
            "hias": len({r["hia"].pk for r in rows})}


def history(hia):
    """Every submitted version, oldest first: what was submitted, by whom and when, and the officer's
    review of each topic with the decision, so each round stays in view after the applicant revises."""
    rounds = []
    submissions = (hia.submissions.filter(submitted_at__isnull=False).select_related("submitted_by", "reviewed_by")
                   .prefetch_related("answers__topic").order_by("number"))
    for submission in submissions:
        answers = list(submission.answers.all())
        if submission.reviewed_at is None:
            decision = "Awaiting review"
        elif all(a.outcome == HiaAnswer.Outcome.ACCEPTED for a in answers):
            decision = "Accepted"
        else:
            decision = "Revisions requested"
        rounds.append({"submission": submission, "answers": answers, "decision": decision})
    return rounds


def reviews_by_topic(hia):
    """{topic id: the officer's reviews of that topic on every earlier version, oldest first}."""
    reviews = {}
    for answer in (HiaAnswer.objects.filter(submission__hia=hia).exclude(outcome="")
                   .select_related("submission__reviewed_by").order_by("submission__number")):
        reviews.setdefault(answer.topic_id, []).append(answer)
    return reviews


def profile_section(request, area, edition):
    """The HIAs whose site touches the area: accepted ones, and those the person may read (their own
    organisation's, their council's areas')."""
    codes = area.lsoas(edition).values("code")
    hias = Hia.objects.filter(development__lsoas__code__in=codes).select_related("development").distinct()
    hias = hias.filter(Q(status=Hia.Status.ACCEPTED) | HIAS.q(request.user, "hia.view"))
    hias = list(hias[:50])
    if not hias:
        return None
    # Keys of our own: the test client merges every rendered template's context into the page's.
    return render_to_string("assessments/_profile_hias.html", {"profile_hias": hias, "profile_hia_area": area,
                                                               "profile_hia_links": can(request.user, "hia.view")}, request=request)
