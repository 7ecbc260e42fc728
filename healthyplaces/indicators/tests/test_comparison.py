"""Better, similar or worse than the benchmark: by whether the area's 95% interval includes the benchmark value."""
import pytest

from healthyplaces.indicators.services import (
    BETTER,
    HIGHER,
    LOWER,
    NOT_COMPARED,
    SIMILAR,
    WORSE,
    compare,
)


@pytest.mark.parametrize("value,lower,upper,benchmark,polarity,expected", [
    (12.0, 11.0, 13.0, 10.0, "high", BETTER),    # interval wholly above, higher is better
    (12.0, 11.0, 13.0, 10.0, "low", WORSE),      # wholly above, lower is better
    (8.0, 7.0, 9.0, 10.0, "high", WORSE),
    (8.0, 7.0, 9.0, 10.0, "low", BETTER),
    (10.5, 9.5, 11.5, 10.0, "high", SIMILAR),    # interval includes the benchmark
    (10.5, 10.0, 11.5, 10.0, "low", SIMILAR),    # touching counts as including
    (12.0, 11.0, 13.0, 10.0, "none", HIGHER),    # no polarity: higher or lower
    (8.0, 7.0, 9.0, 10.0, "none", LOWER),
    (12.0, None, None, 10.0, "high", NOT_COMPARED),  # no interval, no claim
    (None, None, None, 10.0, "high", NOT_COMPARED),
    (12.0, 11.0, 13.0, None, "high", NOT_COMPARED),  # no benchmark
])
def test_comparison_with_the_benchmark(value, lower, upper, benchmark, polarity, expected):
    assert compare(value, lower, upper, benchmark, polarity) == expected


@pytest.mark.django_db
def test_the_indicator_page_compares_with_england_or_a_chosen_comparator(client, imported):
    page = client.get("/indicators/99901/?kind=lsoa")
    rows = page.context["rows"]
    assert len(rows) == 30 and page.context["benchmark"].area_code == "E92000001"
    england = page.context["benchmark"].value
    for row in rows:
        if row.upper_ci < england:
            assert row.comparison == BETTER  # lower is better for admissions
        elif row.lower_ci > england:
            assert row.comparison == WORSE
        else:
            assert row.comparison == SIMILAR
    assert {r.comparison for r in rows} >= {BETTER, WORSE}
    stockton = client.get("/indicators/99901/?kind=lsoa&comparator=E06000004")
    assert stockton.context["benchmark"].area_code == "E06000004"
    level = stockton.context["benchmark"].value
    assert [r.comparison for r in stockton.context["rows"]] == [
        compare(r.value, r.lower_ci, r.upper_ci, level, "low") for r in stockton.context["rows"]]


@pytest.mark.django_db
def test_authorities_are_put_in_deprivation_deciles_with_methods_quantiles(client):
    """For an authority-level indicator the deciles are of the authorities shown, by IMD 2025 average score."""
    import pandas as pd

    from healthyplaces.indicators.importing import import_counts
    from healthyplaces.methods import quantiles
    from healthyplaces.places.models import LocalAuthority, LocalAuthoritySummary

    current = set(LocalAuthority.objects.filter(is_current=True).values_list("code", flat=True))
    scores = list(LocalAuthoritySummary.objects.filter(domain="Index of Multiple Deprivation",
                                                       local_authority_code__in=current)
                  .order_by("local_authority_code").values_list("local_authority_code", "average_score")[:40])
    rows = ["indicator_id,indicator_name,area_code,sex,age_band,period,numerator,denominator"]
    rows += [f"LA1,Local authority proportion,{code},Persons,All ages,2022,{100 + i},1000" for i, (code, _) in enumerate(scores)]
    import_counts("\n".join(rows).encode(), "las.csv", "proportion")
    page = client.get("/indicators/LA1/?kind=local_authority")
    inequality = page.context["inequality"]
    expected = quantiles(pd.DataFrame(scores, columns=["code", "values"]), nquantiles=10)
    assert [g["areas"] for g in inequality.deciles] == list(expected["quantile"].value_counts().sort_index())
    assert "methods.quantiles" in inequality.grouping
    assert inequality.sii_deciles is not None and len(inequality.quintiles) == 5
