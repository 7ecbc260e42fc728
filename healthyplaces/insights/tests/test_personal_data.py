"""The personal-data detector: what it flags, what it leaves, and how it redacts."""
import pytest

from healthyplaces.insights.personal_data import find, flags_for, redact

FLAGGED = [
    ("Hi, my name is Sarah Jones and I live on the estate", "name", "Sarah Jones"),
    ("my name is sarah, I come every week", "name", "sarah"),
    ("I'm called Dave and I run the club", "name", "Dave"),
    ("They call me Big Mick round here", "name", "Big Mick"),
    ("My son Tom goes to the youth club", "name", "Tom"),
    ("Ring me on 07700 900123 after six", "phone", "07700 900123"),
    ("Call 07700900123", "phone", "07700900123"),
    ("landline 01642 526 000 please", "phone", "01642 526 000"),
    ("my mobile is +44 7700 900 456", "phone", "+44 7700 900 456"),
    ("phone (01642) 526000", "phone", "(01642) 526000"),
    ("email me at jo.bloggs+clinic@example.org.uk", "email", "jo.bloggs+clinic@example.org.uk"),
    ("We live at TS18 1AB near the park", "postcode", "TS18 1AB"),
    ("postcode ts201aa", "postcode", "ts201aa"),
    ("I was born on 3 March 1985", "date_of_birth", "3 March 1985"),
    ("DOB: 03/04/1985", "date_of_birth", "03/04/1985"),
    ("my date of birth is 1/2/85", "date_of_birth", "1/2/85"),
    ("born 12th of June 1950 in Thornaby", "date_of_birth", "12th of June 1950"),
]


@pytest.mark.parametrize("text,kind,value", FLAGGED, ids=[f[1] + ":" + f[2] for f in FLAGGED])
def test_likely_personal_data_is_flagged(text, kind, value):
    found = find(text)
    assert [(f.kind, f.text) for f in found] == [(kind, value)]
    assert value not in redact(text)


CLEAN = [
    "The buses stop too early for shift workers",
    "This is important to everyone on the estate",
    "I am not happy with the repairs",
    "There were 12345 people at the fair in 2024",
    "The meeting on 03/04/2024 was well attended",  # a date that is not a birth date
    "The TS18 area needs more benches",  # a postcode district alone identifies no one
    "Call me back if the clinic moves",
    "Prices rose by 15% since 2019",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_is_not_flagged(text):
    assert find(text) == []
    assert redact(text) == text


def test_several_findings_are_redacted_with_labels_in_place():
    text = "My name is Ann Lee, phone 07700 900789 or ann@example.com, TS19 0QQ."
    assert redact(text) == "My name is [name], phone [phone number] or [email address], [postcode]."
    assert [f["kind"] for f in flags_for(summary=text)] == ["name", "phone", "email", "postcode"]
    assert flags_for(summary="fine", quote="call 07700 900789")[0] == {"field": "quote", "kind": "phone",
                                                                       "text": "07700 900789"}
