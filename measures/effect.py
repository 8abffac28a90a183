"""The effect of a finished measure, computed on counts (DESIGN.md, "Effect of a measure").

Plain typed functions, no Django: ``measures/effect_data.py`` gathers the counts from the
database and hands them to these.

Reports: a difference-in-differences on the rate scale. With the same number of weeks
before and after (the implementation period left out), the treated area's counts a0
(before) and a1 (after) and the comparable areas' counts c0 and c1 give the ratio of rate
ratios

    RR = (a1 / a0) / (c1 / c0)

RR = 0.5 means the treated area's rate halved relative to the comparable areas. Treating
the four counts as independent Poisson counts, log RR has the standard error

    SE = sqrt(1/a0 + 1/a1 + 1/c0 + 1/c1)

and the 95 % interval is exp(log RR ± 1.96 · SE). When any count is zero, 0.5 is added to
all four (Haldane–Anscombe correction) so that the estimate and its interval exist; the
result is then flagged as ``corrected`` and the verdict is always "too little data".

Verdict: "too little data" when the treated area has fewer than MIN_REPORTS reports in the
two windows together, or the comparable areas do, or any of the four counts is zero;
otherwise "fewer reports than comparable areas" when the whole interval lies below 1,
"more reports than comparable areas" when it lies above 1, else "no clear change".

Surveys: the share feeling safe in the measure's area in the last survey before the
measure against the first one after, as ``surveys.shares.Change`` (percentage points,
Newcombe interval, two-proportion p-value). "Too little data" when either side has fewer
than SMALL_N answers (surveys.shares.SMALL_N = 30), "safer"/"less safe" when the whole
interval lies above/below 0, else "no clear change". Every share in the bank is oriented
so that higher is better, so a rise is "safer".
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from surveys.shares import SMALL_N, Z95, Change, Share

# At least this many reports in the two windows together, in the treated area and in the
# comparable areas each; below that the interval is too wide to say anything.
MIN_REPORTS = 10
# The longest window on each side, in weeks (half a year).
MAX_WEEKS = 26
# The Haldane–Anscombe correction added to every count when one of them is zero.
ZERO_CORRECTION = 0.5

# Verdicts (codes; the page turns them into Swedish text).
FEWER = "fewer"
MORE = "more"
NO_CLEAR_CHANGE = "no_clear_change"
TOO_LITTLE_DATA = "too_little_data"
SAFER = "safer"
LESS_SAFE = "less_safe"

# States of the whole estimate.
OK = "ok"
NOT_FINISHED = "not_finished"  # not done, or no start/end date
NO_AREA = "no_area"  # no area, place or property to say where it acted
TOO_EARLY = "too_early"  # no whole week of data after the end (or before the start)
NO_COMPARISON = "no_comparison"  # no other area in the collaboration to compare with


@dataclass(frozen=True)
class RateEffect:
    a0: int  # treated area, before
    a1: int  # treated area, after
    c0: int  # comparable areas, before
    c1: int  # comparable areas, after
    ratio: float | None
    low: float | None
    high: float | None
    corrected: bool
    verdict: str

    @property
    def percent_change(self) -> float | None:
        """The relative change against the comparable areas, in percent (RR 0.6 → −40)."""
        return None if self.ratio is None else 100 * (self.ratio - 1)


def rate_ratio(a0: int, a1: int, c0: int, c1: int, z: float = Z95) -> RateEffect:
    """The ratio of rate ratios (a1/a0)/(c1/c0) with its interval and verdict; the windows
    before and after must have the same length."""
    if min(a0, a1, c0, c1) < 0:
        raise ValueError("counts cannot be negative")
    corrected = min(a0, a1, c0, c1) == 0
    if a0 + a1 + c0 + c1 == 0:
        return RateEffect(a0, a1, c0, c1, None, None, None, False, TOO_LITTLE_DATA)
    k = ZERO_CORRECTION if corrected else 0
    x0, x1, y0, y1 = a0 + k, a1 + k, c0 + k, c1 + k
    log_rr = math.log(x1 / x0) - math.log(y1 / y0)
    se = math.sqrt(1 / x0 + 1 / x1 + 1 / y0 + 1 / y1)
    ratio, low, high = math.exp(log_rr), math.exp(log_rr - z * se), math.exp(log_rr + z * se)
    if corrected or a0 + a1 < MIN_REPORTS or c0 + c1 < MIN_REPORTS:
        verdict = TOO_LITTLE_DATA
    elif high < 1:
        verdict = FEWER
    elif low > 1:
        verdict = MORE
    else:
        verdict = NO_CLEAR_CHANGE
    return RateEffect(a0, a1, c0, c1, ratio, low, high, corrected, verdict)


@dataclass(frozen=True)
class SurveyEffect:
    change: Change
    verdict: str
    before_label: str = ""  # e.g. the surveys' titles
    after_label: str = ""

    @property
    def pp(self) -> float | None:
        return self.change.pp

    @property
    def interval_pp(self) -> tuple[float, float] | None:
        return self.change.interval_pp

    @property
    def p_value(self) -> float | None:
        return self.change.p_value


def survey_change(before: Share, after: Share, before_label: str = "",
                  after_label: str = "") -> SurveyEffect:
    """The share before against after, in percentage points, with its verdict."""
    change = Change(before, after)
    interval = change.interval_pp
    if before.n < SMALL_N or after.n < SMALL_N or interval is None:
        verdict = TOO_LITTLE_DATA
    elif interval[0] > 0:
        verdict = SAFER
    elif interval[1] < 0:
        verdict = LESS_SAFE
    else:
        verdict = NO_CLEAR_CHANGE
    return SurveyEffect(change, verdict, before_label, after_label)


# Weeks ---------------------------------------------------------------------------------
# ISO weeks as keys year * 100 + week, as reports.models.Report.iso_week stores them.

def week_key_of(day: date) -> int:
    year, week, _ = day.isocalendar()
    return year * 100 + week


def monday_of(key: int) -> date:
    return date.fromisocalendar(key // 100, key % 100, 1)


def add_weeks(key: int, weeks: int) -> int:
    return week_key_of(monday_of(key) + timedelta(weeks=weeks))


def weeks_between(first: int, last: int) -> int:
    """How many weeks from ``first`` up to ``last``, both included (0 when last < first)."""
    return max(0, (monday_of(last) - monday_of(first)).days // 7 + 1)


@dataclass(frozen=True)
class Windows:
    """The N weeks before the start week and the N weeks after the end week; the weeks
    from start to end (the implementation) belong to neither."""

    weeks: int  # N
    before: tuple[int, ...]
    implementation: tuple[int, ...]
    after: tuple[int, ...]

    @property
    def all_weeks(self) -> tuple[int, ...]:
        return self.before + self.implementation + self.after


def windows(started_on: date, ended_on: date, today: date, first_data_week: int | None,
            max_weeks: int = MAX_WEEKS) -> Windows:
    """N = min(max_weeks, whole weeks after the end week up to last week, weeks of data
    before the start week). N may be 0 (too early, or no data before)."""
    start, end = week_key_of(started_on), week_key_of(ended_on)
    last_complete = add_weeks(week_key_of(today), -1)
    after_available = weeks_between(add_weeks(end, 1), last_complete)
    before_available = (0 if first_data_week is None
                        else weeks_between(first_data_week, add_weeks(start, -1)))
    n = max(0, min(max_weeks, after_available, before_available))
    before = tuple(add_weeks(start, -back) for back in range(n, 0, -1))
    implementation = tuple(add_weeks(start, i) for i in range(weeks_between(start, end)))
    after = tuple(add_weeks(end, i) for i in range(1, n + 1))
    return Windows(n, before, implementation, after)


# The whole result ----------------------------------------------------------------------

@dataclass
class EffectResult:
    """Everything the measure's page shows about its effect."""

    state: str
    area_name: str = ""
    comparison_names: list[str] = field(default_factory=list)
    excluded_names: list[str] = field(default_factory=list)  # areas with own measures
    windows: Windows | None = None
    rate: RateEffect | None = None
    survey: SurveyEffect | None = None
    # The chart: every week of the windows and the implementation between, the treated
    # area's count and the comparable areas' mean count per area scaled to the treated
    # area's level before (so parallel lines mean "no effect").
    weeks: list[int] = field(default_factory=list)
    treated: list[int] = field(default_factory=list)
    comparison: list[float] = field(default_factory=list)
    # Filled in by measures.effect_data for the page: texts in the active language, the
    # chart as SVG.
    message: str = ""
    rate_verdict: str = ""
    chart: str = ""
    survey_verdict: str = ""
    survey_before: str = ""
    survey_after: str = ""
    survey_pp: str = ""
    survey_interval: str = ""
    survey_p: str = ""

    @property
    def before_span(self) -> str:
        return _span(self.windows.before) if self.windows else ""

    @property
    def after_span(self) -> str:
        return _span(self.windows.after) if self.windows else ""

    @property
    def ok(self) -> bool:
        return self.state == OK


def _span(weeks: tuple[int, ...]) -> str:
    if not weeks:
        return ""
    first, last = weeks[0], weeks[-1]
    return f"{first // 100}-V{first % 100:02d} – {last // 100}-V{last % 100:02d}"


def scaled_comparison(weeks: list[int], before: tuple[int, ...], treated: dict[int, int],
                      comparison: dict[int, int], areas: int) -> list[float]:
    """The comparable areas' mean per area and week, scaled so that its total over the
    weeks before equals the treated area's (unscaled mean when either total is zero)."""
    if areas <= 0:
        return [0.0 for _ in weeks]
    mean = [comparison.get(w, 0) / areas for w in weeks]
    a0 = sum(treated.get(w, 0) for w in before)
    m0 = sum(comparison.get(w, 0) for w in before) / areas
    factor = a0 / m0 if a0 and m0 else 1.0
    return [v * factor for v in mean]


def estimate(windows_: Windows, treated: dict[int, int], comparison: dict[int, int],
             comparison_areas: int) -> tuple[RateEffect, list[int], list[int], list[float]]:
    """The rate effect and the chart's series from weekly counts (week key -> count) of the
    treated area and of all comparable areas together."""
    a0 = sum(treated.get(w, 0) for w in windows_.before)
    a1 = sum(treated.get(w, 0) for w in windows_.after)
    c0 = sum(comparison.get(w, 0) for w in windows_.before)
    c1 = sum(comparison.get(w, 0) for w in windows_.after)
    weeks = list(windows_.all_weeks)
    return (rate_ratio(a0, a1, c0, c1), weeks, [treated.get(w, 0) for w in weeks],
            scaled_comparison(weeks, windows_.before, treated, comparison, comparison_areas))
