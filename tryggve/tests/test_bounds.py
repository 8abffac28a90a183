"""One place per field: lengths and ranges come from the model field, dates from the one
range of years, and a text is scanned only once its length is known to be bounded."""

from datetime import date, datetime
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from inspections.models import Observation, SafetyWalk
from meetings.models import Meeting, Priority, ProblemCase
from reports.models import Report
from reports.privacy import Masking
from reports.weeks import STOCKHOLM
from tryggve import bounds


def clean(model, name, value, **options):
    errors: dict[str, list[str]] = {}
    return bounds.clean_text(model, name, value, errors, **options), errors


def test_it_reads_the_length_from_the_model_field():
    assert clean(Priority, "problem", "x" * 300) == ("x" * 300, {})
    assert clean(Priority, "problem", "x" * 301) == (
        "", {"problem": ["Texten är för lång (301 tecken, högst 300)."]})
    assert clean(Priority, "reason", "x" * 2001)[1] == {
        "reason": ["Texten är för lång (2001 tecken, högst 2000)."]}


def test_it_refuses_to_guess_a_length_for_a_text_field_without_one():
    with pytest.raises(ImproperlyConfigured, match="Meeting.notes needs a max_length"):
        clean(Meeting, "notes", "anteckning")


def test_it_never_scans_a_text_over_the_limit():
    with mock.patch("reports.privacy.scan") as scan:
        _, errors = clean(ProblemCase, "title", "811218-9876 " * 10_000)
    scan.assert_not_called()
    assert errors["title"] == ["Texten är för lång (119999 tecken, högst 200)."]


@pytest.mark.parametrize("value", ["Port\x00 12", "Port\x1b[31m 12", "Port \ud800", "\x7f",
                                   "Port\x85 12"])
def test_it_refuses_control_characters(value):
    assert clean(Report, "address", value) == (
        "", {"address": ["Innehåller otillåtna styrtecken."]})


def test_it_keeps_lines_in_long_texts_and_one_line_in_short_ones():
    assert clean(Report, "text", " Rad ett\r\nRad\ttvå\rRad tre ", max_length=100)[0] == (
        "Rad ett\nRad\ttvå\nRad tre")
    assert clean(Report, "address", " Fittjavägen\r\n 8,\t4 tr ")[0] == "Fittjavägen 8, 4 tr"


def test_it_says_an_empty_text_is_missing_only_when_one_is_required():
    assert clean(Priority, "reason", "  ") == ("", {})
    assert clean(Priority, "problem", " \n ", required="Beskriv problemet.") == (
        "", {"problem": ["Beskriv problemet."]})


def test_it_masks_and_tells_what_was_masked():
    masking = Masking()
    text, errors = clean(Priority, "problem", "Ring 070-123 45 67", masking=masking)
    assert (text, errors) == ("Ring [telefonnummer]", {})
    assert masking.masked_kinds == ["telefonnummer"]


def test_it_refuses_a_text_that_its_masks_would_make_too_long():
    address = "x" * 185 + " 0701234567"  # 196 characters; the mask is 15 for 10
    text, errors = clean(Report, "address", address)
    assert text == ""
    assert errors["address"] == ["Texten blir för lång när personuppgifterna maskeras "
                                 "(201 tecken, högst 200). Korta den."]


@pytest.mark.parametrize("value, expected", [
    ("0", 0), (" 500 ", 500), (12, 12), ("", None), (None, None)])
def test_it_takes_whole_numbers_within_the_fields_validators(value, expected):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_int(SafetyWalk, "tenants", value, errors) == expected
    assert errors == {}


@pytest.mark.parametrize("value", ["501", "-1", "1e3", "1_000", "½", "٣", True, 2.5,
                                   "9" * 30])
def test_it_refuses_numbers_outside_the_range_or_not_plainly_written(value):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_int(SafetyWalk, "tenants", value, errors) is None
    assert errors == {"tenants": ["Ange ett heltal mellan 0 och 500."]}


def test_it_reads_the_people_count_bound_from_the_report_model():
    assert bounds.value_range(Report, "people_count") == (0, 10_000)


@pytest.mark.parametrize("value, expected", [
    ("2000-01-01", date(2000, 1, 1)), ("2100-12-31", date(2100, 12, 31)),
    (date(2025, 6, 13), date(2025, 6, 13)), ("", None), (None, None)])
def test_it_takes_dates_within_the_products_years(value, expected):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_date(value, errors, "day") == expected
    assert errors == {}


@pytest.mark.parametrize("value", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31",
                                   date(1, 1, 1)])
def test_it_refuses_dates_outside_the_products_years(value):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_date(value, errors, "day") is None
    assert errors == {"day": ["Välj ett datum mellan år 2000 och 2100."]}


@pytest.mark.parametrize("value", ["2025-02-30", "13/6", "igår"])
def test_it_says_what_a_date_looks_like_when_it_cannot_read_one(value):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_date(value, errors, "day") is None
    assert errors == {"day": ["Ange ett datum, t.ex. 2025-06-13."]}


def test_it_takes_a_point_in_time_as_swedish_time_unless_a_zone_is_given():
    errors: dict[str, list[str]] = {}
    assert bounds.clean_moment("2025-06-13 19:00", errors, "at") == datetime(
        2025, 6, 13, 19, 0, tzinfo=STOCKHOLM)
    assert bounds.clean_moment("2025-06-13T17:00Z", errors, "at").hour == 17
    assert errors == {}


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59",
                                   datetime(1, 1, 1, 0, 0)])
def test_it_refuses_points_in_time_at_the_ends_of_the_calendar(value):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_moment(value, errors, "starts_at") is None
    assert errors == {"starts_at": ["Välj ett datum mellan år 2000 och 2100."]}


def test_it_refuses_control_characters_in_every_value_of_a_raw_request():
    errors: dict[str, list[str]] = {}
    bounds.refuse_control_characters(
        {"area": "fitt\x00ja", "text": "rad\nrad", "people_count": 3}, errors)
    assert errors == {"area": ["Innehåller otillåtna styrtecken."]}


@pytest.mark.parametrize("value, expected", [("59,247", 59.247), (" -90 ", -90.0), (90, 90.0)])
def test_it_takes_decimal_numbers_within_the_fields_validators(value, expected):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_float(Observation, "latitude", value, errors, message="Karta!") == (
        expected)
    assert errors == {}


@pytest.mark.parametrize("value", ["90.5", "nan", "inf", "1e400", "", None, "59.2.1"])
def test_it_refuses_decimal_numbers_outside_the_range_or_missing_when_required(value):
    errors: dict[str, list[str]] = {}
    assert bounds.clean_float(Observation, "latitude", value, errors, message="Karta!",
                              required=True) is None
    assert errors == {"latitude": ["Karta!"]}
