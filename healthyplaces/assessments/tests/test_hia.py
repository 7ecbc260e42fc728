"""Health Impact Assessment: submit, review, revise, accept; every version kept; who sees what; the report."""
import csv
import io

import pytest
from django.utils.timezone import localtime

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.assessments import hia as hias
from healthyplaces.assessments.models import Hia, HiaSubmission
from healthyplaces.testing import PASSWORD

SITE = {"name": "Mandale Park homes", "site": "Land off Mandale Road, Thornaby", "lsoas": "E01012187, E01012188",
        "size": "120 homes", "type": "residential"}


def _answers(hia, impact="positive", skip=()):
    data = {}
    for topic in hia.version.sections.all():
        if topic.key in skip:
            continue
        data.update({f"impact-{topic.key}": impact, f"evidence-{topic.key}": f"Evidence on {topic.name}",
                     f"mitigation-{topic.key}": ""})
    return data


def _review(hia, outcome="accepted", special=None):
    data = {}
    for topic in hia.version.sections.all():
        chosen, comment = (special or {}).get(topic.key, (outcome, ""))
        data.update({f"outcome-{topic.key}": chosen, f"comment-{topic.key}": comment})
    return data


@pytest.fixture
def submitted(frameworks, people, client_for):
    applicant = client_for(people[Role.APPLICANT])
    response = applicant.post("/assessments/hia/new/", SITE)
    hia = Hia.objects.get()
    assert response.url == f"/assessments/hia/{hia.pk}/answers/"
    data = _answers(hia)
    data["impact-t7_healthy_food"] = "negative"
    data["mitigation-t7_healthy_food"] = "No hot food takeaways within 400 m of the school"
    data["impact-t4_air_noise_amenity"] = "uncertain"
    applicant.post(f"/assessments/hia/{hia.pk}/answers/", {**data, "submit": "1"})
    hia.refresh_from_db()
    assert hia.status == "submitted"
    return hia


@pytest.mark.django_db
def test_unanswered_topics_are_named_and_block_submission(frameworks, people, client_for):
    applicant = client_for(people[Role.APPLICANT])
    applicant.post("/assessments/hia/new/", SITE)
    hia = Hia.objects.get()
    data = _answers(hia, skip={"t3_open_space", "t10_resources"})
    data["evidence-t5_active_travel"] = ""
    page = applicant.post(f"/assessments/hia/{hia.pk}/answers/", {**data, "submit": "1"}).content.decode()
    assert "Answer every topic before submitting" in page
    # Issue 11, forms as Django intends: each missing answer is named on its own field and linked from the summary.
    summary = page[page.index("govuk-error-summary__list"):page.index("</ul>", page.index("govuk-error-summary__list"))]
    assert summary.count("<li>") == 5
    for topic, name in (("t3_open_space", "Access to open space and nature"), ("t10_resources", "Minimising the use of resources")):
        assert f'<a href="#id_impact-{topic}_0">Choose the potential health impact of {name}</a>' in summary
        assert f'<a href="#id_evidence-{topic}">Give the evidence for {name}</a>' in summary
        assert f'id="id_evidence-{topic}_error"' in page
    assert '<a href="#id_evidence-t5_active_travel">Give the evidence for Accessibility and active travel</a>' in summary
    assert "Choose the potential health impact of Accessibility" not in page
    hia.refresh_from_db()
    assert hia.status == "draft" and hias.draft(hia).answers.get(topic__key="t1_housing").evidence  # the draft kept


@pytest.mark.django_db
def test_officer_asks_for_more_applicant_revises_and_it_is_accepted(submitted, people, client_for):
    hia = submitted
    officer = client_for(people[Role.OFFICER])
    page = officer.get(f"/assessments/hia/{hia.pk}/review/").content.decode()
    assert "E01012187" in page or "Stockton-on-Tees" in page
    assert 'id="site-summary"' in page and "most deprived 10%" in page
    # Every topic not accepted needs a comment.
    page = officer.post(f"/assessments/hia/{hia.pk}/review/", _review(hia, special={"t7_healthy_food": ("mitigation_required", "")})).content.decode()
    assert "Say what is needed" in page
    officer.post(f"/assessments/hia/{hia.pk}/review/", _review(hia, special={
        "t7_healthy_food": ("mitigation_required", "Add a planning condition on takeaways"),
        "t4_air_noise_amenity": ("needs_more", "Give the air quality assessment")}))
    hia.refresh_from_db()
    assert hia.status == "revisions" and hia.submissions.count() == 2
    applicant = client_for(people[Role.APPLICANT])
    page = applicant.get(f"/assessments/hia/{hia.pk}/answers/").content.decode()
    assert "Give the air quality assessment" in page
    data = _answers(hia)
    data["evidence-t4_air_noise_amenity"] = "Air quality assessment, March 2026: neutral"
    data["impact-t4_air_noise_amenity"] = "neutral"
    applicant.post(f"/assessments/hia/{hia.pk}/answers/", {**data, "submit": "1"})
    client_for(people[Role.OFFICER]).post(f"/assessments/hia/{hia.pk}/review/", _review(hia))
    hia.refresh_from_db()
    assert hia.status == "accepted" and hia.decided_at
    first, second = HiaSubmission.objects.filter(hia=hia).order_by("number")
    assert first.answers.get(topic__key="t4_air_noise_amenity").impact == "uncertain"  # version 1 kept
    assert first.answers.get(topic__key="t4_air_noise_amenity").outcome == "needs_more"
    assert second.answers.get(topic__key="t4_air_noise_amenity").impact == "neutral"
    # Accepted: the applicant can no longer change it.
    assert client_for(people[Role.APPLICANT]).post(f"/assessments/hia/{hia.pk}/answers/", data).status_code == 403
    detail = client_for(people[Role.APPLICANT]).get(f"/assessments/hia/{hia.pk}/").content.decode()
    assert "Version 1" in detail and "Version 2" in detail

    report = client_for(people[Role.ANALYST]).get("/assessments/hia/report/").content.decode()
    assert "Access to healthy food" in report and 'id="report-mitigations"' in report
    assert "v1 Mitigation required: Add a planning condition on takeaways" in report
    rows = list(csv.DictReader(io.StringIO(client_for(people[Role.OFFICER]).get("/assessments/hia/report/?format=csv").content.decode())))
    assert len(rows) == 11
    food = next(r for r in rows if r["topic"] == "Access to healthy food")
    assert food["impact"] == "positive" and food["officer_asked_for_more"] == "yes" and food["versions"] == "2"
    assert food["officer_requests"] == "v1 Mitigation required: Add a planning condition on takeaways"
    assert food["local_authorities"] == "Stockton-on-Tees" and food["most_deprived_imd2019_decile"]
    assert float(food["days_to_decision"]) >= 0


@pytest.mark.django_db
def test_the_report_counts_negative_and_uncertain_topics(submitted):
    report = hias.report(hias.report_rows())
    by_key = {t["name"]: t for t in report["topics"]}
    assert by_key["Access to healthy food"]["negative"] == 1
    assert by_key["Air quality, noise and neighbourhood amenity"]["uncertain"] == 1
    assert report["areas"][0]["key"] == "Stockton-on-Tees" and report["areas"][0]["decided"] == 0


@pytest.mark.django_db
def test_an_applicant_sees_only_its_own_hias(submitted, people, client_for):
    rival = Organisation.objects.create(name="Other Homes Ltd", kind="developer")
    other, _ = create_person("other-applicant", role=Role.APPLICANT, organisation=rival, password=PASSWORD)
    client = client_for(other)
    assert client.get(f"/assessments/hia/{submitted.pk}/").status_code == 404
    assert "Mandale Park" not in client.get("/assessments/hia/").content.decode()
    assert client.post(f"/assessments/hia/{submitted.pk}/answers/", {}).status_code == 404
    assert client.get(f"/assessments/hia/{submitted.pk}/review/").status_code == 403
    assert "Mandale Park" in client_for(people[Role.APPLICANT]).get("/assessments/hia/").content.decode()
    assert client_for(people[Role.OFFICER]).get(f"/assessments/hia/{submitted.pk}/").status_code == 200
    # An applicant does not review; an officer cannot review a draft.
    assert client_for(people[Role.APPLICANT]).get(f"/assessments/hia/{submitted.pk}/review/").status_code == 403


@pytest.mark.django_db
def test_area_profiles_list_the_hias_touching_them(submitted, people, client_for):
    page = client_for(people[Role.OFFICER]).get("/places/lsoa/E01012187/").content.decode()
    assert "Health Impact Assessments" in page and "Mandale Park homes" in page
    # The public sees accepted HIAs only.
    assert "Mandale Park homes" not in client_for(None).get("/places/local-authority/E06000004/").content.decode()
    Hia.objects.update(status="accepted")
    assert "Mandale Park homes" in client_for(None).get("/places/local-authority/E06000004/").content.decode()


@pytest.mark.django_db
def test_bad_lsoas_are_refused(frameworks, people, client_for):
    page = client_for(people[Role.APPLICANT]).post("/assessments/hia/new/", {**SITE, "lsoas": "E01999999"}).content.decode()
    assert "No LSOA has the code(s): E01999999" in page and not Hia.objects.exists()


@pytest.mark.django_db
def test_the_report_links_to_hias_only_for_those_who_may_open_them(submitted, people, client_for):
    link = f'href="/assessments/hia/{submitted.pk}/"'
    client_for(people[Role.OFFICER]).post(f"/assessments/hia/{submitted.pk}/review/", _review(
        submitted, special={"t7_healthy_food": ("mitigation_required", "Add a planning condition on takeaways")}))
    assert link in client_for(people[Role.OFFICER]).get("/assessments/hia/report/").content.decode()
    analyst = client_for(people[Role.ANALYST])
    report = analyst.get("/assessments/hia/report/").content.decode()
    assert "Mandale Park homes" in report and link not in report
    assert analyst.get(f"/assessments/hia/{submitted.pk}/").status_code == 403


@pytest.mark.django_db
def test_every_round_stays_visible_after_the_applicant_revises(submitted, people, client_for):
    """Issue 10, lost work 2: after a revision the officer's comments on earlier versions are still shown to the
    applicant and the officer, each round in order, dated, with who submitted and who reviewed it."""
    hia = submitted

    def officer():
        return client_for(people[Role.OFFICER])

    def applicant():
        return client_for(people[Role.APPLICANT])

    officer().post(f"/assessments/hia/{hia.pk}/review/", _review(hia, special={
        "t7_healthy_food": ("mitigation_required", "Add a planning condition on takeaways")}))
    applicant().post(f"/assessments/hia/{hia.pk}/answers/", {**_answers(hia), "submit": "1"})
    officer().post(f"/assessments/hia/{hia.pk}/review/", _review(hia, special={
        "t4_air_noise_amenity": ("needs_more", "Give the air quality assessment")}))
    applicant().post(f"/assessments/hia/{hia.pk}/answers/", {**_answers(hia), "submit": "1"})  # version 3, with the officer

    first_comment, second_comment = "Add a planning condition on takeaways", "Give the air quality assessment"
    for who in (Role.APPLICANT, Role.OFFICER):
        page = client_for(people[who]).get(f"/assessments/hia/{hia.pk}/").content.decode()
        rounds = [page.index(f'id="round-{n}"') for n in (1, 2, 3)]
        assert rounds == sorted(rounds), "oldest version first"
        one, two, three = page[rounds[0]:rounds[1]], page[rounds[1]:rounds[2]], page[rounds[2]:]
        assert first_comment in one and second_comment not in one
        assert second_comment in two and first_comment not in two
        assert f"Submitted by {people[Role.APPLICANT]}" in one and f"Reviewed by {people[Role.OFFICER]}" in one
        assert "Revisions requested" in one and "Revisions requested" in two and "Awaiting review" in three
        submission = hia.submissions.get(number=1)
        assert f"on {localtime(submission.reviewed_at):%-d %b %Y %H:%M}" in one

    # While reviewing version 3, the officer sees what was asked of versions 1 and 2, topic by topic.
    review = officer().get(f"/assessments/hia/{hia.pk}/review/").content.decode()
    assert first_comment in review[review.index('id="earlier-t7_healthy_food"'):]
    assert second_comment in review[review.index('id="earlier-t4_air_noise_amenity"'):]
    # Asked for more again: the applicant revising version 4 sees both earlier rounds' comments.
    officer().post(f"/assessments/hia/{hia.pk}/review/", _review(hia, special={
        "t10_resources": ("needs_more", "Say how water is saved")}))
    answers = applicant().get(f"/assessments/hia/{hia.pk}/answers/").content.decode()
    food = answers[answers.index('id="review-t7_healthy_food"'):]
    assert "Version 1, reviewed by" in food and first_comment in food.split("</div>")[0]
    air = answers[answers.index('id="review-t4_air_noise_amenity"'):]
    assert "Version 2, reviewed by" in air and second_comment in air.split("</div>")[0]


def test_the_answer_page_says_in_plain_words_that_its_questions_are_our_summary(frameworks, people, client_for):
    """Issue 11, developer text in front of users: the HIA answer page said "Unverified paraphrases"."""
    applicant = client_for(people[Role.APPLICANT])
    applicant.post("/assessments/hia/new/", SITE)
    hia = Hia.objects.get()
    assert hia.version.sections.first().criteria.first().unverified  # the loaded tool's questions are paraphrased
    page = applicant.get(f"/assessments/hia/{hia.pk}/answers/").content.decode()
    assert "paraphrase" not in page.lower() and "Unverified" not in page
    assert "our own summary of the published assessment tool" in page


@pytest.mark.django_db
def test_a_review_names_each_missing_outcome_and_comment_on_its_field(submitted, people, client_for):
    """Issue 11, forms as Django intends: the review's errors sit on their topics' fields, not one message."""
    data = _review(submitted, special={"t7_healthy_food": ("mitigation_required", "")})
    del data["outcome-t1_housing"]
    page = client_for(people[Role.OFFICER]).post(f"/assessments/hia/{submitted.pk}/review/", data).content.decode()
    assert '<a href="#id_outcome-t1_housing_0">Choose your review of Housing' in page
    assert '<a href="#id_comment-t7_healthy_food">Say what is needed for Access to healthy food</a>' in page
    assert 'id="id_comment-t7_healthy_food_error"' in page and 'id="id_outcome-t1_housing_error"' in page
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
