"""Parsing the values of survey files: counts, shares and periods.

Swedish habits are accepted: decimal commas, "64 %", "64,5%"; a share without a % sign
is a fraction when at most 1, else a percentage.

Hostile cells are refused cheaply: numbers in exponent notation ("1e9999999") and counts
above MAX_COUNT (they would overflow the database's integers), and period cells longer
than MAX_PERIOD_CHARS; a range is split once, never parsed recursively.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_COUNT = 10_000_000  # n and counts; 7 integer digits (and this one 8-digit value)
MAX_INTEGER_DIGITS = 8
MAX_NUMBER_CHARS = 40
MAX_PERIOD_CHARS = 40


class ValueProblem(ValueError):
    pass


_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _number(text: str) -> Decimal:
    """A plain decimal number: no exponent, at most MAX_INTEGER_DIGITS integer digits."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if len(cleaned) > MAX_NUMBER_CHARS or not _PLAIN_NUMBER.match(cleaned):
        raise ValueProblem(text)
    if len(cleaned.lstrip("+-").split(".")[0].lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ValueProblem(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem(text) from None
    if not value.is_finite():
        raise ValueProblem(text)
    return value


def parse_count(text: str, *, positive: bool) -> int:
    """A whole number ("12", or "12.0" from a spreadsheet)."""
    value = _number(text)
    if (value != value.to_integral_value() or value < (1 if positive else 0)
            or value > MAX_COUNT):
        raise ValueProblem(text)
    return int(value)


def parse_share(text: str) -> Decimal:
    """A share as a fraction 0..1: "0.64", "64", "64 %" and "64,5%" all work."""
    stripped = text.strip()
    percent = stripped.endswith("%")
    value = _number(stripped.rstrip("%").strip())
    if percent or value > 1:
        value = value / 100
    if not 0 <= value <= 1:
        raise ValueProblem(text)
    return value


def positive_of(share: Decimal, n: int) -> int:
    return int((share * n).to_integral_value(rounding=ROUND_HALF_UP))


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
_SEPARATORS = ("/", "..", "–", "—", " - ")


def _single(text: str) -> tuple[dt.date, dt.date]:
    """A year, a month or a day (ValueError otherwise)."""
    if _YEAR.match(text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        start = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return start, following - dt.timedelta(days=1)
    return (day := dt.date.fromisoformat(text[:10] if "T" in text else text)), day


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """A year, month or day, or a range of two split on the first separator found."""
    text = text.strip()
    if len(text) > MAX_PERIOD_CHARS:
        raise ValueProblem(text)
    try:
        try:
            return _single(text)
        except ValueError:
            pass
        found = [(text.find(sep), sep) for sep in _SEPARATORS if sep in text]
        if not found:
            raise ValueProblem(text)
        index, sep = min(found)
        first, second = text[:index].strip(), text[index + len(sep):].strip()
        start, end = _single(first)[0], _single(second)[1]
        if end < start:
            raise ValueProblem(text)
        return start, end
    except ValueError:
        raise ValueProblem(text) from None
