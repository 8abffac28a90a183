import pytest

from surveys.shares import MET, MISSED, WITHIN_REACH, Change, Share, target_status, wilson


def test_it_computes_the_wilson_interval_for_64_of_100():
    low, high = wilson(64, 100)
    # The textbook value (e.g. statsmodels' proportion_confint(64, 100, method="wilson")).
    assert low == pytest.approx(0.54235, abs=1e-5)
    assert high == pytest.approx(0.72729, abs=1e-5)


def test_it_keeps_the_interval_inside_0_and_1():
    assert wilson(0, 10)[0] == 0.0
    assert wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_it_reports_38_to_48_percent_as_plus_10_pp():
    change = Change(Share(38, 100), Share(48, 100))
    assert change.pp == pytest.approx(10.0)
    assert not change.significant  # n=100 each: p ≈ 0.15
    assert change.p_value == pytest.approx(0.1530, abs=1e-3)


def test_it_finds_a_large_change_significant():
    change = Change(Share(380, 1000), Share(480, 1000))
    assert change.significant
    low, high = change.interval_pp
    assert low < 10 < high and low > 0


def test_it_marks_small_n_as_uncertain():
    assert Share(20, 29).uncertain
    assert not Share(20, 30).uncertain


def test_it_tells_met_within_reach_and_missed():
    assert target_status(Share(66, 100), 0.65) == MET
    assert target_status(Share(60, 100), 0.65) == WITHIN_REACH  # interval ≈ 50–69 %
    assert target_status(Share(500, 1000), 0.65) == MISSED
    assert target_status(Share(0, 0), 0.65) is None
