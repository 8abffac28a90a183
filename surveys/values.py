"""Parsing the values of survey files: counts, shares and periods.

Swedish habits are accepted: decimal commas, "64 %", "64,5%"; a share without a % sign
is a fraction when at most 1, else a percentage.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class ValueProblem(ValueError):
    pass


def _number(text: str) -> Decimal:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
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
    if value != value.to_integral_value() or value < (1 if positive else 0):
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
_RANGE = re.compile(r"^(\S+)\s*(?:/|\.\.|–|—|\s-\s|\s+)\s*(\S+)$")


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    text = text.strip()
    try:
        if _YEAR.match(text):
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if match := _MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            start = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return start, following - dt.timedelta(days=1)
        try:
            day = dt.date.fromisoformat(text[:10] if "T" in text else text)
            return day, day
        except ValueError:
            pass
        if match := _RANGE.match(text):
            start, end = parse_period(match[1])[0], parse_period(match[2])[1]
            if end < start:
                raise ValueProblem(text)
            return start, end
    except ValueError:
        raise ValueProblem(text) from None
    raise ValueProblem(text)
