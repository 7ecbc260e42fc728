"""360Giving: identifiers, the JSON package against the standard's schema, and the spreadsheet's titles."""
import io
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from healthyplaces import exports
from healthyplaces.grants import threesixtygiving as g360
from healthyplaces.grants.tests.giving_schema import problems

PREFIX = "360G-healthyplaces"
COUNCIL = g360.Organisation("North Northamptonshire Council", "ORG-1")
NHS = g360.Organisation("NHS Northamptonshire ICB", "ORG-2")


def _record(**changes):
    values = dict(
        reference="AWD-7", title="Walking football for over-50s", description="Weekly sessions in Corby.",
        amount_awarded=Decimal("4500.00"), amount_applied_for=Decimal("5000"), award_date=date(2026, 3, 31),
        recipient=g360.Organisation("Corby Striders", "ORG-9", charity_number="1123456", postcode="NN17 1AA"),
        funders=(COUNCIL, NHS), programme_code="FUND-1-ROUND-2", programme_title="Community pot: residents' vote",
        from_open_call=True,
        places=(g360.Place("E01027000", "Corby 001A"), g360.Place("E06000061", "North Northamptonshire")),
        planned_start=date(2026, 4, 1), planned_end=date(2027, 3, 31),
        modified=datetime(2026, 4, 2, 9, 30, tzinfo=timezone.utc))
    values.update(changes)
    return g360.Grant(**values)


@pytest.mark.parametrize("charity, company, expected", [
    ("1123456", "", "GB-CHC-1123456"),          # Charity Commission for England and Wales
    (" 1123456 ", "01234567", "GB-CHC-1123456"),  # a charitable company: its charity number first
    ("SC012345", "", "GB-SC-SC012345"),         # Scottish Charity Regulator keeps the SC
    ("NIC100001", "", "GB-NIC-100001"),         # Charity Commission for Northern Ireland: the number alone
    ("", "1234567", "GB-COH-01234567"),         # Companies House numbers are 8 characters
    ("", "sc123456", "GB-COH-SC123456"),
    ("", "", "360G-healthyplaces-ORG-9"),        # an unregistered community group: our own identifier
])
def test_recipient_org_ids(charity, company, expected):
    recipient = g360.Organisation("Corby Striders", "ORG-9", charity_number=charity, company_number=company)
    assert g360.org_id(recipient, PREFIX) == expected


def test_a_prefix_that_is_not_a_360g_one_is_refused():
    with pytest.raises(g360.NotPublishable, match="GRANTS_360GIVING_PREFIX"):
        g360.grant(_record(), "healthyplaces")


def test_a_place_code_of_no_known_type_is_refused():
    with pytest.raises(g360.NotPublishable, match="S12000033"):
        g360.grant(_record(places=(g360.Place("S12000033"),)), PREFIX)


def test_the_grant_in_the_standard_form():
    found = g360.grant(_record(), PREFIX)
    assert found["id"] == "360G-healthyplaces-AWD-7"
    assert found["amountAwarded"] == 4500 and found["amountAppliedFor"] == 5000
    assert found["awardDate"] == "2026-03-31" and found["fromOpenCall"] == "Yes"
    assert found["recipientOrganization"] == [{"id": "GB-CHC-1123456", "name": "Corby Striders",
                                               "charityNumber": "1123456", "postalCode": "NN17 1AA"}]
    assert [f["id"] for f in found["fundingOrganization"]] == ["360G-healthyplaces-ORG-1", "360G-healthyplaces-ORG-2"]
    assert found["grantProgramme"] == [{"code": "FUND-1-ROUND-2", "title": "Community pot: residents' vote"}]
    assert [(p["geoCode"], p["geoCodeType"]) for p in found["beneficiaryLocation"]] == [
        ("E01027000", "LSOA"), ("E06000061", "UA")]
    assert found["dateModified"] == "2026-04-02T09:30:00+00:00"
    assert g360.grant(_record(amount_awarded=Decimal("99.50")), PREFIX)["amountAwarded"] == 99.5


def test_the_package_validates_against_the_schema():
    records = [_record(), _record(reference="AWD-8", from_open_call=False, places=(), planned_start=None,
                                  amount_applied_for=None,
                                  recipient=g360.Organisation("Kettering Knitters", "ORG-12"))]
    document = g360.package(records, g360.Publisher("Northamptonshire shared pot", PREFIX,
                                                    website="https://example.org/", issued=date(2026, 4, 2)))
    assert problems(document) == []
    assert document["version"] == "1.4" and document["issued"] == "2026-04-02"


def test_the_schema_check_can_fail():
    """The validator is live: a grant without a recipient, or with 'Maybe' for fromOpenCall, is caught."""
    document = g360.package([_record()], g360.Publisher("pot", PREFIX))
    del document["grants"][0]["recipientOrganization"]
    document["grants"][0]["fromOpenCall"] = "Maybe"
    found = problems(document)
    assert any("fromOpenCall" in p for p in found) and any("recipientOrganization" in p for p in found), found


def test_the_spreadsheet_has_the_standards_titles_and_is_formula_safe():
    grants = [g360.grant(_record(title="=HYPERLINK(\"http://x\")"), PREFIX),
              g360.grant(_record(reference="AWD-8", places=(g360.Place("E01027001"),)), PREFIX)]
    columns, rows = g360.spreadsheet(grants)
    assert columns[:8] == ["Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded",
                           "Award Date", "URL"]
    for title in ["Recipient Org:Identifier", "Funding Org:0:Identifier", "Funding Org:1:Name",
                  "Grant Programme:Code", "Beneficiary Location:1:Geographic Code Type", "From An Open Call?"]:
        assert title in columns
    assert "Beneficiary Location:2:Name" not in columns
    second = dict(zip(columns, rows[1]))
    assert second["Beneficiary Location:0:Geographic Code"] == "E01027001"
    assert second["Beneficiary Location:1:Geographic Code"] is None
    stream = io.StringIO()
    exports.write_csv(stream, columns, rows)
    assert "'=HYPERLINK" in stream.getvalue()
