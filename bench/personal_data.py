"""Benchmark: how well and how fast the personal-data detector finds what residents' words hold.

Quality: recall and precision per kind on a generated, labelled set of sentences (the tests' generator,
healthyplaces/insights/tests/personal_data_cases.py, whose names, streets and conditions the detector's
lists do not hold), against the targets of issue 10: recall >= 0.95 and precision >= 0.8 for every kind.
The same figures for the detector's regular expressions alone (no spaCy, no name lists) show what the
model and the lists add.

Speed, as rows a second on one process, each with its ratio to the regular expressions alone measured
in the same run: checking many texts in one batch (find_many), checking them one by one (find, as saving
one insight does), and the engine's first build.

    .venv/bin/python bench/personal_data.py [--sentences N] [--seed N] [--speed N]
"""
import argparse
import sys
import time

from timing import REPO

sys.path.insert(0, str(REPO))

from healthyplaces.insights import personal_data  # noqa: E402
from healthyplaces.insights.tests import personal_data_cases  # noqa: E402

RECALL, PRECISION = 0.95, 0.8


class _Result:
    def __init__(self, kind, start, end):
        self.entity_type, self.start, self.end = kind, start, end


def patterns_only(text):
    """The detector's regular expressions without spaCy or the name lists: the baseline."""
    results = []
    for kind, pattern in personal_data.PATTERNS:
        groups = [name for name in pattern.groupindex if name.startswith("value")]
        for match in pattern.finditer(text):
            group = next(name for name in groups if match.group(name) is not None)
            results.append(_Result(kind, *match.span(group)))
    return personal_data._choose(text, results)


def print_figures(title, figures):
    print(f"\n{title}")
    print(f"  {'kind':<18}{'labelled':>9}{'recall':>9}{'found':>7}{'precision':>11}")
    failing = []
    for kind, row in figures.items():
        ok = row["recall"] >= RECALL and row["precision"] >= PRECISION
        failing += [] if ok else [kind]
        print(f"  {kind:<18}{row['labelled']:>9}{row['recall']:>9.3f}{row['found']:>7}{row['precision']:>11.3f}"
              f"  {'meets the target' if ok else 'BELOW THE TARGET'}")
    return failing


def rows_a_second(function, texts):
    started = time.perf_counter()
    function(texts)
    return len(texts) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=3000, help="labelled sentences to score")
    parser.add_argument("--seed", type=int, default=2026, help="the generator's seed (the tests use another)")
    parser.add_argument("--speed", type=int, default=2000, help="texts to time")
    parser.add_argument("--misses", type=int, default=15, help="misses and wrong findings to print")
    args = parser.parse_args()

    started = time.perf_counter()
    personal_data.find("warm up")
    print(f"Engine built in {time.perf_counter() - started:.1f} s (Presidio, spaCy en_core_web_sm, name lists)")

    labelled = personal_data_cases.cases(args.sentences, seed=args.seed)
    texts = [case.text for case in labelled]
    found = personal_data.find_many(texts)
    with_data = sum(1 for case in labelled if case.spans)
    failing = print_figures(f"Detector: {len(labelled):,} generated sentences ({with_data:,} with personal data, "
                            f"seed {args.seed}); targets recall >= {RECALL}, precision >= {PRECISION}",
                            personal_data_cases.score(labelled, found))
    print_figures("Baseline: the regular expressions alone (e-mail addresses are Presidio's recogniser, so none)",
                  personal_data_cases.score(labelled, [patterns_only(text) for text in texts]))
    wrong = personal_data_cases.misses(labelled, found)
    print(f"\nMissed or wrongly flagged by the detector: {len(wrong)}" + (", the first:" if wrong else ""))
    for line in wrong[:args.misses]:
        print("  " + line)

    # Fresh texts for timing: what was scored above is remembered and would be answered from memory.
    timing = [case.text for case in personal_data_cases.cases(args.speed, seed=args.seed + 1)]
    personal_data._remembered.clear()
    baseline = rows_a_second(lambda ts: [patterns_only(t) for t in ts], timing)
    batched = rows_a_second(personal_data.find_many, timing)
    personal_data._remembered.clear()
    one_by_one = rows_a_second(lambda ts: [personal_data.find(t) for t in ts], timing[:500])
    print(f"\nSpeed on {len(timing):,} texts, one process:")
    print(f"  regular expressions alone (baseline)  {baseline:>9,.0f} rows/s")
    print(f"  find_many (batches of 64)             {batched:>9,.0f} rows/s  ratio {batched / baseline:.3f}")
    print(f"  find, one text at a time (500 texts)  {one_by_one:>9,.0f} rows/s  ratio {one_by_one / baseline:.3f}")
    if failing:
        print(f"\nBelow the target: {', '.join(failing)}")
        sys.exit(1)
    print("\nEvery kind meets the target.")


if __name__ == "__main__":
    main()
