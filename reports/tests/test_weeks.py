from datetime import UTC, datetime

import pytest

from reports import weeks


def test_it_counts_weeks_in_stockholm_time_not_utc():
    # Sunday 23:30 UTC in summer is Monday 01:30 in Stockholm: the next week.
    assert weeks.week_of(datetime(2025, 6, 8, 23, 30, tzinfo=UTC)) == 202524
    assert weeks.week_of(datetime(2025, 6, 8, 21, 59, tzinfo=UTC)) == 202523


def test_it_puts_new_years_days_in_the_right_iso_year():
    assert weeks.week_of(datetime(2025, 12, 29, 12, tzinfo=UTC)) == 202601
    assert weeks.week_of(datetime(2021, 1, 3, 12, tzinfo=UTC)) == 202053


def test_it_knows_which_years_have_53_weeks():
    assert weeks.weeks_in_year(2020) == 53
    assert weeks.weeks_in_year(2025) == 52
    assert weeks.weeks_in_year(2026) == 53


@pytest.mark.parametrize("text,key", [("2025-W07", 202507), ("2025W7", 202507),
                                      ("2025-V07", 202507), ("2026-W53", 202653)])
def test_it_parses_weeks(text, key):
    assert weeks.parse_week(text) == key


@pytest.mark.parametrize("text", ["2025-W54", "2025-W53", "2025-W00", "vecka 7", ""])
def test_it_refuses_weeks_that_do_not_exist(text):
    with pytest.raises(weeks.InvalidWeek):
        weeks.parse_week(text)


def test_it_starts_weeks_on_monday_midnight_local_across_dst():
    start, end = weeks.week_bounds(202513)  # DST starts Sunday 30 March 2025
    assert start.isoformat() == "2025-03-24T00:00:00+01:00"
    assert end.isoformat() == "2025-03-31T00:00:00+02:00"
    assert (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 7 * 24 * 3600 - 3600


def test_it_steps_across_year_ends():
    assert weeks.shift(202601, -1) == 202552
    assert weeks.shift(202053, 1) == 202101
    assert weeks.shift(202101, -1) == 202053
    assert weeks.window(202602, 4) == [202551, 202552, 202601, 202602]


def test_it_compares_week_53_with_week_52_of_a_year_without_53():
    assert weeks.same_week_last_year(202653) == 202552
    assert weeks.same_week_last_year(202710) == 202610
    assert weeks.same_week_last_year(202101) == 202001


@pytest.mark.parametrize("text", ["0000-W01", "0001-W01", "9999-W52", "1999-W10"])
def test_it_refuses_years_far_from_now(text):
    with pytest.raises(weeks.InvalidWeek):
        weeks.parse_week(text)
