"""The measures as the platform scores them: SWEMWBS raw to metric for every raw score, ONS4 bands, UCLA 3-item
and the ONS direct question, missing items, answers outside the scale."""
import pytest

from healthyplaces.methods.wellbeing import ScoreRefused, score
from healthyplaces.outcomes.measures import bands_of, info

# The published SWEMWBS raw-to-metric conversion (Stewart-Brown et al. 2009; Warwick's table), typed in by hand.
PUBLISHED_METRIC = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32, 15: 15.84, 16: 16.36,
    17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54, 25: 22.35,
    26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55, 35: 35.00,
}


def _answers_totalling(total, items):
    """Seven answers from 1 to 5 that add up to total."""
    answers, left = {}, total
    for position, item in enumerate(items):
        rest = len(items) - position - 1
        value = max(1, min(5, left - rest))
        answers[item] = value
        left -= value
    return answers


@pytest.mark.parametrize("raw", range(7, 36))
def test_swemwbs_raw_score_is_converted_to_the_published_metric(raw):
    swemwbs = info("swemwbs")
    _, results, note = score(swemwbs.instrument, _answers_totalling(raw, swemwbs.instrument.items))
    assert results == {"raw": raw, "metric": PUBLISHED_METRIC[raw]} and note == ""


def test_swemwbs_wording_is_not_shipped_and_says_why():
    swemwbs = info("swemwbs")
    assert not swemwbs.wording_shipped and all(item.wording == "" for item in swemwbs.items)
    assert "registration with Warwick" in swemwbs.licence
    assert [item.theme for item in swemwbs.items][0] == "optimism about the future"


def test_an_incomplete_swemwbs_is_not_scored_and_says_so():
    swemwbs = info("swemwbs")
    _, results, note = score(swemwbs.instrument, {"sw1": 3, "sw2": 4, "sw3": 2, "sw4": 3, "sw5": 3, "sw6": 4})
    assert results == {} and "1 of 7 items not answered (sw7)" in note


@pytest.mark.parametrize("answers, item", [({"sw1": 6}, "sw1"), ({"sw1": 0}, "sw1"), ({"sw1": "x"}, "sw1"),
                                            ({"sw9": 3}, "sw9")])
def test_an_answer_outside_the_scale_is_refused_naming_the_item(answers, item):
    with pytest.raises(ScoreRefused) as refused:
        score(info("swemwbs").instrument, answers)
    assert refused.value.item == item


@pytest.mark.parametrize("value, positive, anxiety", [(0, "low", "very low"), (4, "low", "medium"),
                                                      (5, "medium", "medium"), (6, "medium", "high"),
                                                      (7, "high", "high"), (8, "high", "high"),
                                                      (9, "very high", "high"), (10, "very high", "high"),
                                                      (1, "low", "very low"), (2, "low", "low"), (3, "low", "low")])
def test_ons4_bands(value, positive, anxiety):
    ons4 = info("ons4")
    _, results, _ = score(ons4.instrument, {"life_satisfaction": value, "anxiety": value})
    assert bands_of("ons4", results) == {"life_satisfaction": positive, "anxiety": anxiety}


def test_ons4_scores_each_question_answered_and_names_those_not():
    ons4 = info("ons4")
    _, results, note = score(ons4.instrument, {"life_satisfaction": 6, "worthwhile": 7, "happiness": 5})
    assert results == {"life_satisfaction": 6, "worthwhile": 7, "happiness": 5}
    assert "anxiety" in note
    assert ons4.wording_shipped and ons4.items[0].wording == "Overall, how satisfied are you with your life nowadays?"
    with pytest.raises(ScoreRefused, match="11 is outside its scale"):
        score(ons4.instrument, {"happiness": 11})


def test_ucla_three_item_total_and_the_ons_direct_question():
    ucla = info("ucla3")
    assert score(ucla.instrument, {"ucla_companionship": 3, "ucla_left_out": 2, "ucla_isolated": 1})[1] == {"total": 6}
    assert score(ucla.instrument, {"ucla_companionship": 3, "ucla_left_out": 2})[1] == {}
    with pytest.raises(ScoreRefused):
        score(ucla.instrument, {"ucla_companionship": 4})
    direct = info("ons_direct")
    assert score(direct.instrument, {"lonely_how_often": 5})[1] == {"lonely_how_often": 5}
    assert not direct.components["lonely_how_often"][1]  # lower is better
