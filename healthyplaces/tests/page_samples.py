"""One sample of every kind of record a page shows, in the browser tests' database, for the every-page journey.

Run by `test_every_page_journey.py` against the live site's database (as `e2e_people` is): it prints, as JSON,
the values that fill the URL patterns' parameters (a neighbourhood's slug, an assessment's number...).
"""
import io
import json
import sys

import django


def _indicator_file(lsoas):
    """A small Fingertips export: England, Stockton-on-Tees and some of its LSOAs over three periods, with counts."""
    header = ("Indicator ID,Indicator Name,Area Code,Area Type,Sex,Age,Category Type,Category,Time period,Value,"
              "Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator")
    rows = [header]
    for step, period in enumerate(("2020/21", "2021/22", "2022/23")):
        rows.append(f"93088,Adults walking for travel,E92000001,England,Persons,19+ yrs,,,{period},{20 + step},{19 + step},{21 + step},"
                    f"{8_600_000 + step * 1000},{43_000_000}")
        rows.append(f"93088,Adults walking for travel,E06000004,UA,Persons,19+ yrs,,,{period},{17 + step},{16 + step},{18 + step},"
                    f"{20_600 + step * 100},{121_000}")
        for i, code in enumerate(lsoas):
            rows.append(f"93088,Adults walking for travel,{code},LSOA,Persons,19+ yrs,,,{period},{10 + i + step},{8 + i + step},{12 + i + step},"
                        f"{100 + i},{1200 + i * 10}")
    return "\n".join(rows).encode()


def _votes(council, users):
    """A vote taking ballots, with a paper ballot the admin entered (for the officer to check), and a counted one."""
    from datetime import date

    from healthyplaces.grants import voting
    from healthyplaces.grants.models import Ballot
    from healthyplaces.grants.tests.vote_sample import vote_round

    open_one = vote_round(council, "Sample vote", slug="sample-vote")
    ids = list(open_one.call_outs.get().applications.values_list("pk", flat=True))
    voting.cast(open_one, name="Sample Voter", date_of_birth=date(1970, 1, 1), postcode="TS18 1AA", choices=ids[:1],
                channel=Ballot.Channel.PAPER, by=users["admin-person"], paper_number="S-1")
    counted = vote_round(council, "Sample counted vote", slug="sample-counted-vote")
    ids = list(counted.call_outs.get().applications.values_list("pk", flat=True))
    for n, choices in enumerate([ids[:2], ids[1:], ids[:1]]):
        voting.cast(counted, name=f"Sample Voter {n}", date_of_birth=date(1970, 1, 1), postcode="TS18 1AA", choices=choices)
    voting.count_vote(counted, by=users["officer-person"])
    return open_one, counted


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.core.management import call_command
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from healthyplaces.accounts.models import Organisation, Role
    from healthyplaces.accounts.services import create_person
    from healthyplaces.actions import services as actions, strategies
    from healthyplaces.actions.models import Action, Commitment, LogicModel, Principle, Strategy
    from healthyplaces.assessments import hia, services as assessments
    from healthyplaces.assessments.models import FrameworkVersion
    from healthyplaces.assets.models import Asset, DuplicateCandidate
    from healthyplaces.indicators import composite
    from healthyplaces.indicators.importing import import_fingertips
    from healthyplaces.indicators.models import Indicator
    from healthyplaces.grants import services as grants
    from healthyplaces.grants.models import CallOut
    from healthyplaces.insights.models import Community, Conversation, Insight
    from healthyplaces.jobs.models import Job
    from healthyplaces.outcomes.models import Participant, Programme
    from healthyplaces.places.models import Lsoa
    from healthyplaces.places.services import save_neighbourhood
    from healthyplaces.reports import services as reports

    users = {u.username: u for u in get_user_model().objects.all()}
    officer, applicant = users["officer-person"], users["applicant-person"]
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    lsoas = list(Lsoa.objects.filter(vintage=2011, local_authority_id="E06000004").order_by("code")
                 .values_list("code", flat=True)[:6])

    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("assets", "sample", "--authority", "E06000004", **quiet)
    call_command("insights", "load-sample", **quiet)
    call_command("outcomes", "load-sample", "--worker", "worker-person", "--officer", "officer-person", **quiet)
    call_command("grants", "load-sample", "--panel-member", "panel_member-person", **quiet)
    neighbourhood = save_neighbourhood("Sample Portrack and Tilery", lsoas[:4], by=officer, published=True)
    import_fingertips(_indicator_file(lsoas), "walking.csv", polarity="high")

    version = FrameworkVersion.objects.filter(framework__key="county_durham_approach_to_wellbeing").order_by("-number").first()
    done = assessments.start(version, council, "Council wellbeing team", "2025", officer)
    assessments.save_ratings(done, {c.key: ("3", "Sample evidence", "Sample next step") for c in version.criteria()}, officer)
    assessments.complete(done, officer)
    (token,) = assessments.make_links(done, 1, officer)
    open_one = assessments.start(version, council, "Council wellbeing team", "2026", officer)

    draft = hia.create(name="Sample Portrack Lane homes", site="Former works, Portrack Lane", lsoas=",".join(lsoas[:2]),
                       size="120 homes", type="residential", by=applicant)
    submitted = hia.create(name="Sample Tilery green", site="Tilery playing field", lsoas=lsoas[2], size="2 ha",
                           type="residential", by=applicant)
    hia.save_answers(submitted, {t.key: ("positive", "Sample evidence", "Sample mitigation")
                                 for t in submitted.version.sections.all()}, applicant)
    hia.submit(submitted, applicant)

    reset = create_person("reset-person", role=Role.PARTNER, organisation=Organisation.objects.filter(kind="vcse").first(),
                          password=sys.argv[1])[0]
    job = Job.objects.create(task_path="healthyplaces.assets.tasks.import_assets", title="Sample import of walks.csv",
                             started_by=users["admin-person"], status=Job.Status.DONE, done=1200, total=1200,
                             result={"message": "Imported walks.csv", "counts": {"new": 1200}})
    conversation = Conversation.objects.filter(is_sample=True).order_by("pk").first()
    action = actions.save_action(Action(title="Sample: walking groups in Portrack", owner=council, lead="Public health team",
                                        status=Action.Status.ON_TRACK, is_sample=True), officer, places={"neighbourhoods": [neighbourhood]})
    actions.record_progress(action, officer, text="Sample: the first two walks were held", status=Action.Status.ON_TRACK,
                            evidence=[("https://example.org/walks", "Sample walk leaflet")])
    report = reports.build("neighbourhood-profile", by=officer, area=neighbourhood.name)
    strategies.load_paths()
    commitment = Commitment.objects.create(
        organisation=Organisation.objects.get(name="Catalyst Stockton"), text="Sample: co-design our sessions with the people who come",
        principle=Principle.objects.get(strategy__key="county_durham_approach_to_wellbeing", key="p5"), progress="under_way")
    vote_open, vote_counted = _votes(council, users)
    logic_model = LogicModel.objects.create(
        name="Sample: healthy places in Portrack", organisation=council, neighbourhood=neighbourhood,
        strategy=Strategy.objects.get(key="stockton_hws_2025_2030"), inputs="Public health grant", outputs="Walks led",
        impact="Fairer health", is_sample=True)
    logic_model.activities.set([action])
    logic_model.outcomes.set([Indicator.objects.get(code="93088")])
    walking = composite.build("Sample walking need index", [composite.Component(Indicator.objects.get(code="93088"), "z", -1, 1)],
                              user=users["analyst-person"])
    grants_call_out = CallOut.objects.get(slug="sample-north-loneliness")
    grant_draft = grants.save_application(grants_call_out, Organisation.objects.get(name="Catalyst Stockton"), grants.ApplicationData(
        unregistered_group=False, applicant_name="Catalyst Stockton", contact_name="Sample contact", title="Sample coffee mornings",
        amount=500, budget_lines=[("Room hire", 500)], answers={"people": 12}), by=users["partner-person"])
    print(json.dumps({
        "code": "E06000004", "lsoa": lsoas[0], "neighbourhood": neighbourhood.slug,
        "indicator": Indicator.objects.get(code="93088").code, "composite": walking.indicator.code,
        "asset": Asset.objects.order_by("pk").first().pk, "duplicate": DuplicateCandidate.objects.order_by("pk").first().pk,
        "conversation": conversation.pk, "insight": Insight.objects.filter(conversation=conversation).order_by("pk").first().pk,
        "community": Community.objects.order_by("slug").first().slug,
        "assessment": done.pk, "open_assessment": open_one.pk, "feedback_token": token,
        "framework": version.framework.key, "hia": draft.pk, "submitted_hia": submitted.pk,
        "programme": Programme.objects.get(sample=True).slug,
        "participant": (participant := Participant.objects.filter(sample=True, goals__isnull=False, referrals__isnull=False)
                        .order_by("pk").first() or Participant.objects.filter(sample=True, goals__isnull=False)
                        .order_by("pk").first()).pk,
        "goal": participant.goals.order_by("pk").first().pk,
        "call_out": grants_call_out.slug, "grants_round": grants_call_out.round_id, "grant_draft": grant_draft.pk,
        "fund": grants_call_out.round.fund_id,
        "grant_application": grants_call_out.applications.filter(status="submitted").order_by("pk").first().pk,
        "vote": vote_open.pk, "paper_ballot": vote_open.ballots.get().pk, "counted_vote": vote_counted.pk,
        "job": str(job.pk), "action": action.pk, "report": report.pk, "commitment": commitment.pk, "logic_model": logic_model.pk, "uidb64": urlsafe_base64_encode(force_bytes(reset.pk)), "reset_token": default_token_generator.make_token(reset),
    }))


if __name__ == "__main__":
    main()
