"""`healthyplaces methods …`: a good file gives CSV; a malformed one a clear message and a non-zero exit."""
import io
import math
import subprocess
import sys

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from healthyplaces.methods import life_expectancy

BANDS = [0, 1, *range(5, 95, 5)]


def le_file(path):
    rows = [{"area": area, "startage": age, "population": 8000 - i * 200,
             "deaths": round((8000 - i * 200) * rate * math.exp(0.085 * age))}
            for area, rate in (("A", 0.0002), ("B", 0.0003)) for i, age in enumerate(BANDS)]
    frame = pd.DataFrame(rows)[["area", "startage", "deaths", "population"]]
    frame.to_csv(path, index=False)
    return frame


def test_life_expectancy_prints_csv_with_limits(tmp_path):
    data = le_file(tmp_path / "le.csv")
    out = io.StringIO()
    call_command("methods", "life-expectancy", str(tmp_path / "le.csv"), "--by", "area", stdout=out)
    result = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(result.columns) == ["area", "startage", "value", "lowercl", "uppercl"]
    expected = life_expectancy(data, by=["area"])
    assert result.value.notna().all()
    assert list(result.value.round(6)) == list(expected.value.round(6))


def test_rate_and_proportion_and_dsr(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("area,x,n\nA,10,100\nA,5,100\nB,3,50\n")
    out = io.StringIO()
    call_command("methods", "proportion", str(path), "--by", "area", stdout=out)
    result = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(result.area) == ["A", "B"] and result.value[0] == pytest.approx(0.075)
    out = io.StringIO()
    call_command("methods", "rate", str(path), "--by", "area", stdout=out)
    assert "lowercl" in out.getvalue()


def test_a_malformed_file_is_a_clear_error_and_a_non_zero_exit(tmp_path):
    path = tmp_path / "bad.csv"
    le_file(path)
    text = path.read_text().splitlines()
    cells = text[5].split(",")
    cells[2] = "12x"
    text[5] = ",".join(cells)
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(CommandError) as info:
        call_command("methods", "life-expectancy", str(path), "--by", "area")
    assert "column 'deaths' must be numeric" in str(info.value) and "line 6" in str(info.value)
    assert info.value.returncode == 1


def test_the_console_script_exits_non_zero(tmp_path):
    path = tmp_path / "missing-column.csv"
    path.write_text("area,startage,deaths\nA,0,1\n")
    run = subprocess.run([sys.executable, "-m", "healthyplaces.cli", "methods", "life-expectancy", str(path), "--by", "area"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "population" in run.stderr and run.stdout == ""
    good = tmp_path / "good.csv"
    le_file(good)
    run = subprocess.run([sys.executable, "-m", "healthyplaces.cli", "methods", "life-expectancy", str(good), "--by", "area"],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.startswith("area,startage,value,lowercl,uppercl")


def _decile_file(path):
    """Deciles 1 and 10 by sex and cause: decile 1 loses 10 of 1,000 under one (6 to X, 4 to Y) and half
    its people at 90+ (all X); decile 10 nobody under one and a quarter at 90+. Hand-worked in
    methods/tests/test_decomposition.py: the gap is 2 + 91.9 q0, q0 = 0.01 / 1.009."""
    rows = []
    for sex in ("Female", "Male"):
        for decile, at in ((1, {("X", 0): 6, ("Y", 0): 4, ("X", 90): 500}), (10, {("X", 90): 250})):
            rows += [{"decile": decile, "sex": sex, "cause": cause, "startage": age, "deaths": at.get((cause, age), 0),
                      "population": 1000} for cause in "XY" for age in BANDS]
    pd.DataFrame(rows).to_csv(path, index=False)


def test_decompose_gap_as_the_issue_specifies(tmp_path):
    """Issue 13 "Gap decomposition": `healthyplaces methods decompose-gap FILE --between decile=1,decile=10
    [--by sex] [--format csv]`, one row per by group, cause and age band, adding up to the gap."""
    path = tmp_path / "deaths.csv"
    _decile_file(path)
    out, err = io.StringIO(), io.StringIO()
    call_command("methods", "decompose-gap", str(path), "--between", "decile=1,decile=10", "--by", "sex",
                 "--format", "csv", stdout=out, stderr=err)
    result = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(result.columns) == ["sex", "cause", "startage", "contribution"] and len(result) == 2 * 2 * 20
    q0 = 0.01 / 1.009
    for sex, rows in result.groupby("sex"):
        assert rows.contribution.sum() == pytest.approx(2 + 91.9 * q0, rel=1e-12)
        x = rows[rows.cause == "X"].set_index("startage").contribution
        assert x[0] == pytest.approx(0.6 * 93.9 * q0, rel=1e-12) and x[90] == pytest.approx(2 * (1 - q0), rel=1e-12)
    assert f"gap: {2 + 91.9 * q0:.4f} years (sex=Female), the sum of the contributions" in err.getvalue()
    table = io.StringIO()
    call_command("methods", "decompose-gap", str(path), "--between", "decile=1,decile=10", "--by", "sex",
                 stdout=table, stderr=io.StringIO())
    assert table.getvalue().split("\n")[0].split() == ["sex", "cause", "startage", "contribution"]


@pytest.mark.parametrize("between, message", [
    ("decile=1", "--between takes two groups as COLUMN=VALUE,COLUMN=VALUE"),
    ("decile=1,sex=Male", "--between compares two values of one column"),
    ("decile=1,decile=7", "no rows have decile = '7'"),
])
def test_decompose_gap_refuses_a_bad_between(tmp_path, between, message):
    path = tmp_path / "deaths.csv"
    _decile_file(path)
    with pytest.raises(CommandError, match=message):
        call_command("methods", "decompose-gap", str(path), "--between", between, "--by", "sex")
