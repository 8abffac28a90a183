"""ISO weeks in Europe/Stockholm: a week starts Monday 00:00 local time.

Reports store their week as ``year * 100 + week`` so the picture can group by an
indexed integer instead of computing dates in SQL.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK_RE = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


# Weeks outside these years are typing mistakes; refusing them keeps week arithmetic
# (a year back, 52 weeks of series) far from the ends of the calendar.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class InvalidWeek(ValueError):
    pass


def week_key(year: int, week: int) -> int:
    return year * 100 + week


def week_of(moment: datetime) -> int:
    """The ISO week key of an aware datetime, counted in Stockholm local time."""
    local = moment.astimezone(STOCKHOLM)
    year, week, _ = local.isocalendar()
    return week_key(year, week)


def weeks_in_year(year: int) -> int:
    # 28 December always lies in the last ISO week of its year.
    return date(year, 12, 28).isocalendar().week


def parse_week(text: str) -> int:
    """Parse "2025-W07", "2025W7" or "2025-V07" into a week key; raise InvalidWeek."""
    match = WEEK_RE.match(text.replace("V", "W").replace("v", "w"))
    if not match:
        raise InvalidWeek(
            _("'%(value)s' är inte en vecka (skriv t.ex. 2025-W07).") % {"value": text})
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidWeek(_("Välj ett år mellan %(first)d och %(last)d.")
                          % {"first": FIRST_YEAR, "last": LAST_YEAR})
    if not 1 <= week <= weeks_in_year(year):
        raise InvalidWeek(_("År %(year)d har ingen vecka %(week)d (det har %(weeks)d).")
                          % {"year": year, "week": week, "weeks": weeks_in_year(year)})
    return week_key(year, week)


def format_week(key: int) -> str:
    return f"{key // 100}-W{key % 100:02d}"


def week_bounds(key: int) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of the week as aware Stockholm datetimes."""
    monday = date.fromisocalendar(key // 100, key % 100, 1)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=STOCKHOLM)
    nxt = monday + timedelta(days=7)
    return start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=STOCKHOLM)


def shift(key: int, weeks: int) -> int:
    """The week ``weeks`` weeks after (or, negative, before) ``key``."""
    monday = date.fromisocalendar(key // 100, key % 100, 1) + timedelta(weeks=weeks)
    year, week, _ = monday.isocalendar()
    return week_key(year, week)


def same_week_last_year(key: int) -> int:
    """Week N of the previous ISO year; week 53 maps to 52 when last year had no 53."""
    year, week = key // 100 - 1, key % 100
    return week_key(year, min(week, weeks_in_year(year)))


def window(key: int, length: int) -> list[int]:
    """The ``length`` weeks ending with ``key``, oldest first."""
    return [shift(key, -back) for back in range(length - 1, -1, -1)]


def current_week() -> int:
    from django.utils import timezone

    return week_of(timezone.now())
