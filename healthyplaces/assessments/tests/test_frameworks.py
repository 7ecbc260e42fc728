"""Frameworks load from YAML; malformed files are refused with the file, path and reason; versions are kept."""
import pytest
from django.core.management import CommandError, call_command
from django.core.files.uploadedfile import SimpleUploadedFile

from healthyplaces.accounts.models import Role
from healthyplaces.assessments import services
from healthyplaces.assessments.frameworks import load_paths, load_texts
from healthyplaces.importing import ImportRefused
from healthyplaces.assessments.models import Criterion, Framework, FrameworkVersion

from .conftest import FRAMEWORKS

ASSESSED = {"county_durham_approach_to_wellbeing", "phe_family_community_centred_approaches", "phe_place_based_pit",
            "health_creation", "hudu_rapid_hia"}


def _state():
    return (list(FrameworkVersion.objects.order_by("pk").values_list("pk", "content_hash")),
            list(Criterion.objects.order_by("pk").values_list("pk", "key", "text")))


@pytest.mark.django_db
def test_the_frameworks_load_and_other_kinds_are_skipped_by_kind():
    loaded, skipped = load_paths(sorted(FRAMEWORKS.glob("*.yaml")))
    assert {v.framework.key for v, _ in loaded} == ASSESSED
    assert len(skipped) == 5
    assert any("swemwbs.yaml: kind outcome_measure is an outcome measure" in s for s in skipped)
    assert any("dahlgren_whitehead_rainbow.yaml: a taxonomy without usage.self_assessment" in s for s in skipped)
    durham = Framework.objects.get(key="county_durham_approach_to_wellbeing").current
    assert [c.key for c in durham.criteria()] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert durham.scales["rating_1_5"]["platform_defined"] is True
    assert durham.criteria()[0].community_question == "Did you feel involved in decisions that affect you?"
    assert any(status == "platform_defined" for _, status, _ in durham.facts)
    hudu = Framework.objects.get(key="hudu_rapid_hia").current
    assert hudu.sections.count() == 11 and all(c.unverified for c in hudu.criteria())
    family = Framework.objects.get(key="phe_family_community_centred_approaches").current
    assert family.sections.count() == 4 and family.criteria().count() == 14
    pit = Framework.objects.get(key="phe_place_based_pit").current
    assert pit.sections.get(key="phe_pba_tool_b").unverified
    # Loading the same files again changes nothing.
    before = _state()
    loaded, _ = load_paths(sorted(FRAMEWORKS.glob("*.yaml")))
    assert not any(created for _, created in loaded)
    assert _state() == before


def test_the_project_reads_its_own_copy_of_the_frameworks():
    assert "work/shared" not in str(FRAMEWORKS)
    assert (FRAMEWORKS / "SOURCES.md").exists() and (FRAMEWORKS / "README.md").exists()


def _spoil(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# A malformed copy of each kind: assessment framework, self-assessed taxonomy and HIA matrix.
SPOILED = [
    ("county_durham_wellbeing_principles.yaml", "scales:\n  rating_1_5:", "ratings:\n  rating_1_5:",
     "county_durham_wellbeing_principles.yaml, scales: no rating scale is defined"),
    ("county_durham_wellbeing_principles.yaml", "  - id: p2\n", "  - id: p1\n",
     "county_durham_wellbeing_principles.yaml, items[1].id: duplicate criterion id 'p1' (first at items[0])"),
    ("county_durham_wellbeing_principles.yaml",
     '    principle: "Acknowledge the differing needs of communities as well as the potential of their assets"\n', "",
     "county_durham_wellbeing_principles.yaml, items[1]: the criterion has no text"),
    ("health_creation_alliance.yaml", "    scale: practice_scale\n", "    scale: practise_scale\n",
     "health_creation_alliance.yaml, items[0].scale: no scale named 'practise_scale' is defined"),
    ("phe_community_centred_family.yaml", "default_scale: use_scale\n", "",
     "phe_community_centred_family.yaml, items[0].approaches[0].scale: no scale is given"),
    ("phe_community_centred_family.yaml", "{id: asset_based_methods,", "{id: community_development,",
     "phe_community_centred_family.yaml, items[0].approaches[1].id: duplicate criterion id 'community_development'"),
    ("phe_place_based_population_intervention_triangle.yaml", "{id: tb_access, text: \"How well are people connected to community resources (hubs, social prescribing, community commissioning)?\",",
     "{id: tb_access, text: \"\",", "phe_place_based_population_intervention_triangle.yaml, tool_b.draft_items[3]: the criterion has no text"),
    ("hudu_rapid_hia.yaml", "{id: t3_c2,", "{id: t3_c1,", "hudu_rapid_hia.yaml, items[2].criteria[1].id: duplicate criterion id 't3_c1'"),
    ("hudu_rapid_hia.yaml", '{id: t6_c2, text: "Have the community and police been engaged on safety issues?"}', "{id: t6_c2}",
     "hudu_rapid_hia.yaml, items[5].criteria[1]: the criterion has no text"),
    ("hudu_rapid_hia.yaml", "kind: hia_matrix", "kind: hia_matrix\n  oops: [", "hudu_rapid_hia.yaml, line"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,old,new,message", SPOILED, ids=[f"{s[0]}-{i}" for i, s in enumerate(SPOILED)])
def test_a_malformed_framework_is_refused_and_what_was_loaded_stays(name, old, new, message, frameworks, framework_copies):
    path = framework_copies / name
    # A real change elsewhere too, so a partial write would show.
    _spoil(path, "name:", "name: Changed")
    _spoil(path, old, new)
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        load_paths(sorted(framework_copies.glob("*.yaml")))
    assert message in str(refused.value)
    assert "nothing was written" in str(refused.value)
    assert _state() == before


@pytest.mark.django_db
def test_an_outcome_measure_is_not_loaded_as_a_framework():
    loaded, skipped = load_texts([("wemwbs.yaml", (FRAMEWORKS / "wemwbs.yaml").read_text())])
    assert loaded == [] and "not an assessment framework" in skipped[0]
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_a_changed_file_is_a_new_version_and_an_assessment_keeps_its_own(frameworks, framework_copies, people):
    old = frameworks["county_durham_approach_to_wellbeing"]
    officer = people[Role.OFFICER]
    assessment = services.start(old, officer.memberships.first().organisation, "Team", "2026", officer)
    path = framework_copies / "county_durham_wellbeing_principles.yaml"
    _spoil(path, "Hand over power and decisions", "Share power and decisions")
    loaded, _ = load_paths([path])
    new, created = loaded[0]
    assert created and new.number == 2 and old.framework.current == new
    assessment.refresh_from_db()
    assert assessment.version == old
    assert "Hand over power" in assessment.version.criteria().get(key="p1").description
    assert "Share power" in new.criteria().get(key="p1").description
    # Copied forward next year: the new version, with last year's ratings carried by criterion id.
    services.save_ratings(assessment, {c.key: ("3", "Panels", "") for c in old.criteria()}, officer)
    services.complete(assessment, officer)
    copy = services.copy_forward(assessment, "2027", officer)
    assert copy.version == new and copy.ratings.get(criterion__key="p1").criterion.section.version == new
    assert copy.ratings.count() == 6 and assessment.ratings.get(criterion__key="p1").criterion.section.version == old


@pytest.mark.django_db
def test_the_command_loads_and_refuses(framework_copies, capsys):
    call_command("frameworks", "load", *map(str, sorted(framework_copies.glob("*.yaml"))))
    out = capsys.readouterr().out
    assert "5 new framework version(s)" in out and "Skipped swemwbs.yaml" in out
    _spoil(framework_copies / "hudu_rapid_hia.yaml", "{id: t3_c2,", "{id: t3_c1,")
    with pytest.raises(CommandError, match=r"hudu_rapid_hia.yaml, items\[2\].criteria\[1\].id: duplicate"):
        call_command("frameworks", "load", str(framework_copies / "hudu_rapid_hia.yaml"))
    call_command("frameworks", "list", "--format", "csv")
    assert "hudu_rapid_hia" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_administrator_loads_a_framework_from_the_page(people, client_for, framework_copies):
    client = client_for(people[Role.ADMIN])
    good = (framework_copies / "health_creation_alliance.yaml").read_bytes()
    bad = good.replace(b"id: truth_telling", b"id: listening_responding")
    response = client.post("/assessments/frameworks/load/", {"files": [SimpleUploadedFile("hca.yaml", bad)]})
    assert response.status_code == 200
    assert "hca.yaml, items[1].id: duplicate criterion id &#x27;listening_responding&#x27;" in response.content.decode()
    assert not Framework.objects.exists()
    response = client.post("/assessments/frameworks/load/", {"files": [SimpleUploadedFile("health_creation_alliance.yaml", good)]})
    assert response.status_code == 302
    page = client.get("/assessments/frameworks/health_creation/").content.decode()
    assert "Power-shifting" in page and "Written for Healthy Places" in page


@pytest.mark.django_db
def test_the_api_gives_frameworks_as_data(frameworks, client):
    listed = client.get("/api/assessments/frameworks").json()
    assert {f["key"] for f in listed} == ASSESSED
    durham = client.get("/api/assessments/frameworks/county_durham_approach_to_wellbeing").json()
    assert durham["version"] == 1 and durham["scales"]["rating_1_5"]["platform_defined"] is True
    assert durham["sections"][0]["criteria"][0]["community_question"] == "Did you feel involved in decisions that affect you?"
    assert client.get("/api/assessments/frameworks/nope").status_code == 404
    assert client.get("/api/assessments/frameworks/hudu_rapid_hia?version=9").status_code == 404


@pytest.mark.django_db
def test_a_nul_escape_in_a_framework_is_refused_where_it_is(framework_copies):
    """Issue 10, NUL bytes: YAML's "\\0" escape gives a NUL byte; it is refused at its path, nothing is written
    (on main it was stored on SQLite and a 500 on PostgreSQL)."""
    text = (framework_copies / "health_creation_alliance.yaml").read_text()
    spoiled = text.replace("\nname: Health Creation (", '\nname: "Health\\0 Creation" # (', 1)
    assert spoiled != text
    with pytest.raises(ImportRefused) as refused:
        load_texts([("hca.yaml", spoiled)])
    assert "hca.yaml, name: there is a NUL byte" in str(refused.value)
    assert not Framework.objects.exists()
