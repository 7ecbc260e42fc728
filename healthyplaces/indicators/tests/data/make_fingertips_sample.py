"""Make fingertips_sample.csv: synthetic indicator values in the Fingertips export format (see README.md).

Run from the repository root: .venv/bin/python healthyplaces/indicators/tests/data/make_fingertips_sample.py
The counts are made up (a seeded random generator, more events in more deprived LSOAs); values and
95% limits are then computed from them with healthyplaces.methods, as Fingertips does.
"""
import csv
from pathlib import Path

import numpy as np
import pandas as pd

from healthyplaces.methods import proportion, rate

HERE = Path(__file__).parent
REPO = HERE.parents[3]
IMD = REPO / "data/imd2019/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"
STOCKTON = "E06000004"
HEADER = ["Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type",
          "Sex", "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
          "Upper CI 95.0 limit", "Count", "Denominator", "Value note", "Time period Sortable"]


def main():
    rng = np.random.default_rng(2024)
    with open(IMD, encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if len(r) > 5 and r[2] == STOCKTON]
    # Three LSOAs of each national decile (fewer where Stockton has fewer), in code order.
    chosen = []
    for decile in range(1, 11):
        chosen += sorted((r for r in rows if r[5] == str(decile)), key=lambda r: r[0])[:3]
    out = []
    periods = [("2019/20", 20190000), ("2020/21", 20200000), ("2021/22", 20210000)]
    for period, sortable in periods:
        lsoas = []
        for code, name, _, _, _, decile in chosen:
            population = int(rng.integers(1200, 2200))
            events = int(rng.poisson(population * (0.16 - 0.009 * int(decile))))
            lsoas.append({"code": code, "name": name, "x": events, "n": population})
        frame = pd.DataFrame(lsoas)
        la = {"code": STOCKTON, "name": "Stockton-on-Tees", "x": int(frame.x.sum() * 30), "n": int(frame.n.sum() * 30)}
        england = {"code": "E92000001", "name": "England", "x": int(la["n"] * 0.102 * 300), "n": la["n"] * 300}
        # Rate per 100,000: LSOAs, the authority and England.
        for area, kind in [(r, "LSOA") for r in lsoas] + [(la, "Districts & UAs (2021/22-2022/23)"), (england, "England")]:
            result = rate(pd.DataFrame([area]))
            out.append(["99901", "Emergency hospital admissions, all causes (synthetic)", "", "", area["code"],
                        area["name"], kind, "Persons", "All ages", "", "", period, *_limits(result), area["x"],
                        area["n"], "", sortable])
        # A percentage for the authority, the North East and England.
        for code, name, kind, share, n in [(STOCKTON, "Stockton-on-Tees", "Districts & UAs (2021/22-2022/23)", 0.148, 3100),
                                           ("E12000001", "North East region (statistical)", "Region", 0.139, 21000),
                                           ("E92000001", "England", "England", 0.127, 400000)]:
            x = int(rng.binomial(n, share))
            result = proportion(pd.DataFrame([{"x": x, "n": n}]), multiplier=100)
            out.append(["99902", "Smoking prevalence in adults (18+) (synthetic)", "", "", code, name, kind, "Persons",
                        "18+ yrs", "", "", period, *_limits(result), x, n, "", sortable])
    with open(HERE / "fingertips_sample.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(out)


def _limits(result):
    row = result.iloc[0]
    return [round(row["value"], 4), round(row["lowercl"], 4), round(row["uppercl"], 4)]


if __name__ == "__main__":
    main()
