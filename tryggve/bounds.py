"""Bounds on what people type, in one place per field: the model field.

Every service that stores typed input cleans it here, so that
- a text is at most the model field's ``max_length`` long (the report text: the setting
  ``REPORT_TEXT_MAX_LENGTH``), holds no control characters (a NUL breaks PostgreSQL) and
  is scanned for personal identifiers (``reports.privacy``) only once its length is known
  to be bounded; single-line fields (``CharField``) get their whitespace collapsed;
- a number lies within the model field's validators (``MinValueValidator``,
  ``MaxValueValidator``, or the database column's own range);
- a date or point in time lies within the one range of years the product knows,
  ``reports.weeks.FIRST_YEAR`` to ``LAST_YEAR`` (far from the ends of the calendar, where
  time-zone arithmetic overflows);
- a name from a URL or query is looked up only if it can be a stored slug.

Each function adds Swedish messages (in the active language) to ``errors`` under the
field's name (or ``key``) and returns the clean value, or a neutral one when it refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator, slug_re
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from reports import privacy
from reports.weeks import FIRST_YEAR, LAST_YEAR, STOCKHOLM

Errors = dict[str, list[str]]

# C0 and C1 control characters except tab and newline (a carriage return is read as a
# newline first), and lone surrogates (which a JSON body can carry as "\ud800" and no
# database can store). The API's schema states the same rule as a pattern.
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_CONTROL_RE = re.compile(f"[{CONTROL_CHARACTERS}\\r\ud800-\udfff]")
_NEWLINES_RE = re.compile(r"\r\n?")
_INTEGER_RE = re.compile(r"[+-]?[0-9]+")


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def is_slug(value) -> bool:
    """Whether a value can be a stored slug (``SlugField``): any other value is looked up
    nowhere, so that what a URL or query carries (a NUL, a megabyte) never reaches the
    database."""
    return isinstance(value, str) and len(value) <= 80 and slug_re.fullmatch(value) is not None


def text_limit(model: type[models.Model], name: str) -> int:
    """The field's ``max_length``; a free-text field without one is a programming error."""
    limit = model._meta.get_field(name).max_length
    if limit is None:
        raise ImproperlyConfigured(f"{model.__name__}.{name} needs a max_length")
    return limit


def has_control_characters(value: str) -> bool:
    return _CONTROL_RE.search(_NEWLINES_RE.sub("\n", value)) is not None


def control_characters_message() -> str:
    return _("Innehåller otillåtna styrtecken.")


def too_long_message(length: int, limit: int) -> str:
    return _("Texten är för lång (%(length)d tecken, högst %(max)d).") % {
        "length": length, "max": limit}


def _control_characters(errors: Errors, key: str) -> None:
    _add(errors, key, control_characters_message())


def refuse_control_characters(data: Mapping[str, Any], errors: Errors) -> None:
    """Every text value of a raw request (names, slugs, ids as typed): control characters
    are refused before any of them reaches a lookup or the database."""
    for key, value in data.items():
        if isinstance(value, str) and has_control_characters(value):
            _control_characters(errors, key)


def clean_text(model: type[models.Model], name: str, value, errors: Errors, *,
               masking: privacy.Masking | None = None, key: str | None = None,
               required: str | None = None, max_length: int | None = None) -> str:
    """The text as it may be stored: checked, trimmed, bounded, then masked.

    ``required`` is the message for an empty text (else empty is fine); ``max_length``
    overrides the field's own (only for limits that are settings); what the scan masked
    is added to ``masking`` so that the user can be told.
    """
    key = key or name
    limit = max_length if max_length is not None else text_limit(model, name)
    text = _NEWLINES_RE.sub("\n", "" if value is None else str(value))
    if _CONTROL_RE.search(text):
        _control_characters(errors, key)
        return ""
    single_line = not isinstance(model._meta.get_field(name), models.TextField)
    text = " ".join(text.split()) if single_line else text.strip()
    if not text:
        if required:
            _add(errors, key, required)
        return ""
    if len(text) > limit:
        _add(errors, key, too_long_message(len(text), limit))
        return ""
    result = privacy.scan(text)
    if len(result.text) > limit:  # a mask can be longer than what it replaced
        _add(errors, key, _("Texten blir för lång när personuppgifterna maskeras "
                            "(%(length)d tecken, högst %(max)d). Korta den.")
             % {"length": len(result.text), "max": limit})
        return ""
    if masking is not None:
        masking.add(result)
    return result.text


def value_range(model: type[models.Model], name: str) -> tuple[float | None, float | None]:
    """The smallest and largest value the field's validators allow (for integer fields
    these include the database column's range)."""
    lowest = highest = None
    for validator in model._meta.get_field(name).validators:
        if isinstance(validator, MinValueValidator):
            value = validator.limit_value
            lowest = value if lowest is None else max(lowest, value)
        elif isinstance(validator, MaxValueValidator):
            value = validator.limit_value
            highest = value if highest is None else min(highest, value)
    return lowest, highest


def clean_int(model: type[models.Model], name: str, value, errors: Errors, *,
              key: str | None = None, message: str | None = None,
              required: bool = False) -> int | None:
    """A whole number within the field's range, or None when nothing was given (which
    is an error too when ``required``).

    ``message`` may use %(min)d and %(max)d; the default says "a whole number between".
    Only ASCII digits count: "1e3", "1_000", "½" and 30-digit numbers are refused.
    """
    if (value is None or value == "") and not required:
        return None
    lowest, highest = value_range(model, name)
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and len(value) < 20 and _INTEGER_RE.fullmatch(value.strip()):
        number = int(value)
    if number is None or (lowest is not None and number < lowest) or (
            highest is not None and number > highest):
        text = message or _("Ange ett heltal mellan %(min)d och %(max)d.")
        _add(errors, key or name, text % {"min": lowest or 0, "max": highest or 0})
        return None
    return number


def clean_float(model: type[models.Model], name: str, value, errors: Errors, *,
                message: str, required: bool = False) -> float | None:
    """A finite number (a decimal comma is fine) within the field's validators, or None
    when nothing was given (an error too when ``required``)."""
    text = "" if value is None else str(value).strip().replace(",", ".")
    if not text and not required:
        return None
    lowest, highest = value_range(model, name)
    try:
        number = float(text) if len(text) < 40 else None
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or (
            lowest is not None and number < lowest) or (highest is not None and number > highest):
        _add(errors, name, message)
        return None
    return number


def year_in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _out_of_range(errors: Errors, key: str) -> None:
    _add(errors, key, _("Välj ett datum mellan år %(first)d och %(last)d.")
         % {"first": FIRST_YEAR, "last": LAST_YEAR})


def clean_date(value, errors: Errors, key: str, *, message: str | None = None
               ) -> date | None:
    """A calendar date (ISO, "2025-06-13") within the product's years, or None when
    nothing was given. ``message`` replaces the one for an unreadable date."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        found = value
    else:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            found = parse_date(text)
        except ValueError:  # well formed but no such day, e.g. 2025-02-30
            found = None
        if found is None:
            _add(errors, key, message or _("Ange ett datum, t.ex. 2025-06-13."))
            return None
    if not year_in_range(found.year):
        _out_of_range(errors, key)
        return None
    return found


def clean_moment(value, errors: Errors, key: str, *, message: str | None = None
                 ) -> datetime | None:
    """A point in time ("2025-06-13 19:00", Swedish time unless a zone is given) within
    the product's years, as an aware datetime, or None when nothing was given."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            moment = parse_datetime(text.replace(" ", "T", 1))
        except ValueError:  # well formed but no such day or hour
            moment = None
        if moment is None:
            _add(errors, key, message or _("Ange en tidpunkt, t.ex. 2025-06-13 19:00."))
            return None
    if not year_in_range(moment.year):  # checked before any time-zone arithmetic
        _out_of_range(errors, key)
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=STOCKHOLM)
    return moment
