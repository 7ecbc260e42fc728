"""De-duplication measured on a labelled set the test makes: two partners, one re-recording some of the
other's assets with typos, abbreviations, other formatting and missing fields, among groups that
share venues (the same address, postcode and phone) and chains with the same name in other places."""
import pytest

from healthyplaces.assets import dedupe, synthetic


def _measure(seed, **sizes):
    records, truth = synthetic.labelled_set(seed=seed, **sizes)
    found = set(dedupe.find_pairs(records))
    true_positives = len(found & truth)
    return true_positives / len(found), true_positives / len(truth), len(truth)


@pytest.mark.parametrize("seed", [20261123, 1, 2])
def test_precision_and_recall_on_a_labelled_set(seed):
    precision, recall, pairs = _measure(seed)
    print(f"seed {seed}: {pairs} true pairs, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.90


def test_the_labelled_set_is_realistic():
    records, truth = synthetic.labelled_set()
    values = {key: v for key, _, v in records}
    variants = [values[b if b.startswith("d") else a] for a, b in truth]
    assert sum(1 for v in variants if not v["postcode"]) > 20, "some duplicates lack a postcode"
    assert sum(1 for v in variants if not v["phone"]) > 50, "some lack a phone"
    assert any("Comm." in v["name"] or "Ctr" in v["name"] or "&" in v["name"] for v in variants), "abbreviations"
    shared = {}
    for _, _, v in records:
        shared.setdefault(v["postcode"], set()).add(v["name"])
    assert any(len(names) > 3 for names in shared.values()), "venues shared by several groups"


def test_scores_explain_themselves():
    a = dedupe.prepare({"name": "Norton Community Centre", "postcode": "TS20 1AB", "phone": "01642 123456"})
    b = dedupe.prepare({"name": "Norton Comm. Ctr", "postcode": "ts201ab", "phone": "+44 1642 123456"})
    result = dedupe.score(a, b)
    assert dedupe.is_duplicate(result)
    assert "postcode" in dedupe.reasons(result) and "phone" in dedupe.reasons(result)
    other = dedupe.prepare({"name": "Norton Youth Club", "postcode": "TS20 1AB", "phone": "01642 123456"})
    assert not dedupe.is_duplicate(dedupe.score(a, other))


def test_blocking_does_not_compare_every_pair():
    records, _ = synthetic.labelled_set()
    index = dedupe.Index()
    for key, _, values in records:
        index.add(key, dedupe.prepare(values))
    compared = sum(len(index.candidates(p)) for p in index.records.values())
    assert compared < len(records) ** 2 / 10
