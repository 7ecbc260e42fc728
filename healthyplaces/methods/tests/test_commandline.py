"""The command-line entry point: run(method, path, by, out)."""
import io

import pandas as pd
import pytest

from healthyplaces.methods.commandline import run

from .reference import assert_matches, reference_csv

LE = reference_csv("le_expected_from_tests.csv")


def _run(method, frame_or_text, by, tmp_path, capsys):
    path = tmp_path / "input.csv"
    if isinstance(frame_or_text, str):
        path.write_text(frame_or_text)
    else:
        frame_or_text.to_csv(path, index=False)
    out = io.StringIO()
    code = run(method, str(path), by, out=out)
    output = pd.read_csv(io.StringIO(out.getvalue())) if out.getvalue() else None
    return code, output, capsys.readouterr().err


def _le_input():
    two = pd.concat([LE.assign(area="E1"), LE.assign(area="E2")])
    return two.rename(columns={"pops": "population"})[["area", "startage", "deaths", "population"]]


def test_life_expectancy(tmp_path, capsys):
    code, output, errors = _run("life-expectancy", _le_input(), ["area"], tmp_path, capsys)
    assert code == 0 and errors == ""
    assert list(output.columns) == ["area", "startage", "value", "lowercl", "uppercl"]
    expected = pd.concat([LE, LE])
    assert assert_matches(output.round(4), expected.round(4), ["value", "lowercl", "uppercl"]) == 40


def test_life_expectancy_suppression_is_reported(tmp_path, capsys):
    data = _le_input()
    data.loc[(data.area == "E2") & (data.startage == 90), "deaths"] = 20_000
    code, output, errors = _run("life-expectancy", data, ["area"], tmp_path, capsys)
    assert code == 0 and "warning: some age bands have more deaths than population" in errors
    assert output[output.area == "E2"].value.isna().all()


def test_bad_number_names_the_line_and_column(tmp_path, capsys):
    data = _le_input().astype({"deaths": object})
    data.iloc[6, data.columns.get_loc("deaths")] = "12x"
    code, output, errors = _run("life-expectancy", data, ["area"], tmp_path, capsys)
    assert code == 1 and output is None
    assert "column 'deaths' must be numeric; found '12x' in group area='E1' (line 8)" in errors


def test_malformed_csv(tmp_path, capsys):
    code, _, errors = _run("rate", "area,x,n\nA,1,10\nB,2,10,7\n", ["area"], tmp_path, capsys)
    assert code == 1 and "not a well-formed CSV file" in errors and "line 3" in errors


def test_missing_column_and_file(tmp_path, capsys):
    code, _, errors = _run("proportion", "area,x,denominator\nA,1,10\n", ["area"], tmp_path, capsys)
    assert code == 1 and "missing column(s) 'n'" in errors
    assert run("rate", str(tmp_path / "nowhere.csv"), []) == 1
    assert run("median", str(tmp_path / "nowhere.csv"), []) == 2


def test_dsr(tmp_path, capsys):
    data = reference_csv("testdata_DSR_ISR__testdata_multiarea.csv").rename(columns={"count": "x", "pop": "n"})
    code, output, _ = _run("dsr", data, ["area"], tmp_path, capsys)
    expected = reference_csv("testdata_DSR_ISR__testresults_DSR.csv").iloc[4:7]
    assert code == 0
    assert assert_matches(output, expected, {"area": "area", "total_count": "total_count", "value": "value",
                                             "lowercl": "lower95_0cl", "uppercl": "upper95_0cl"}) == 3


def test_dsr_missing_band(tmp_path, capsys):
    data = reference_csv("testdata_DSR_ISR__testdata_multiarea.csv").rename(columns={"count": "x", "pop": "n"})
    code, _, errors = _run("dsr", data.drop(index=3), ["area"], tmp_path, capsys)
    assert code == 1 and "missing the age band(s) starting 15 in group area='testdata_big'" in errors


@pytest.mark.parametrize("method, sheet", [("proportion", "Proportion__testdata_Prop"), ("rate", "Rate__testdata_Rate")])
def test_proportion_and_rate(method, sheet, tmp_path, capsys):
    data = reference_csv(f"testdata_{sheet}.csv").iloc[8:16].rename(columns={"Numerator": "x", "Denominator": "n"})
    code, grouped, _ = _run(method, data[["Area", "x", "n"]], ["Area"], tmp_path, capsys)
    assert code == 0 and list(grouped.columns) == ["Area", "x", "n", "value", "lowercl", "uppercl"]
    code, rows, _ = _run(method, data[["Area", "x", "n"]], [], tmp_path, capsys)
    assert code == 0 and rows.value.tolist() == grouped.value.tolist()
    scale = 100 if method == "proportion" else 1  # the sheet's proportions here are percentages
    assert assert_matches(grouped.assign(value=grouped.value * scale), data, ["value"]) == 8


def test_sii(tmp_path, capsys):
    sheet = reference_csv("testdata_SII__testdata_SII.csv").iloc[:20]
    data = sheet.rename(columns={"Quantile": "quantile", "Population": "population", "Value": "value",
                                 "LowerCL": "lowercl", "UpperCL": "uppercl"})
    columns = ["Area", "quantile", "population", "value", "lowercl", "uppercl"]
    code, output, _ = _run("sii", data[columns], ["Area"], tmp_path, capsys)
    assert code == 0 and list(output.columns) == ["Area", "value", "lowercl", "uppercl"]
    assert assert_matches(output, sheet.iloc[[0, 10]], {"value": "sii"}) == 2
    assert assert_matches(output, sheet.iloc[[0, 10]], {"lowercl": "sii_lowercl_1", "uppercl": "sii_uppercl_1"},
                          tolerance=0.05) == 2
    _, again, _ = _run("sii", data[columns], ["Area"], tmp_path, capsys)
    assert again.equals(output)


def test_healthy_life_expectancy_from_a_life_table_matches_the_guides_worked_example(tmp_path, capsys):
    """Issue 13, healthy life expectancy on the command line: Sullivan's method from a life table (lx, Lx) and the
    share in good health gives the guide's Table 4.2 (Jagger et al.), every age; from deaths and populations, per
    group; a share outside 0 to 1 names its line."""
    from pathlib import Path

    table = pd.read_csv(Path(__file__).parent / "data" / "sullivan" / "table_4_2.csv")
    given = table.assign(good_health=1 - table.disability)[["startage", "lx", "Lx", "good_health", "sample_size"]]
    code, output, _ = _run("healthy-life-expectancy", given, [], tmp_path, capsys)
    assert code == 0 and list(output.columns) == ["startage", "value", "lowercl", "uppercl", "life_expectancy", "share"]
    assert assert_matches(output, table, {"value": "dfle", "life_expectancy": "ex"}, tolerance=1e-9) == 19
    assert assert_matches(pd.DataFrame({"se": (output.uppercl - output.value) / 1.959963984540054}), table,
                          {"se": "se_dfle"}, tolerance=1e-9) == 19

    # from deaths and populations (the life expectancy method's 20 bands), per group: half in good health in
    # area B gives half of area A's, everyone in good health
    le = _le_input()
    from_deaths = le.assign(good_health=le.area.map({"E1": 1.0, "E2": 0.5}), sample_size=100)
    code, output, _ = _run("healthy-life-expectancy", from_deaths, ["area"], tmp_path, capsys)
    _, expected, _ = _run("life-expectancy", le, ["area"], tmp_path, capsys)
    assert code == 0 and output.area.tolist() == ["E1"] * 20 + ["E2"] * 20
    assert output.value[:20].to_numpy() == pytest.approx(expected.value[:20].to_numpy(), rel=1e-9)
    assert output.value[20:].to_numpy() == pytest.approx(expected.value[20:].to_numpy() / 2, rel=1e-9)

    spoilt = given.assign(good_health=given.good_health.where(given.startage != 5, 1.5))
    code, _, err = _run("healthy-life-expectancy", spoilt, [], tmp_path, capsys)
    assert code == 1 and "line 4" in err and "good_health" in err and "between 0 and 1" in err
