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
