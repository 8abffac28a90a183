"""Shares feeling safe, their uncertainty, change and targets.

Plain functions on counts (DESIGN.md, "Share feeling safe"): the share is the positive
answers over all answers except "don't know", with a 95 % Wilson score interval; a change
between two periods is given in percentage points with a two-proportion z-test and a
Newcombe interval. A share is never shown without its n, and n under 30 is uncertain.
"""

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
SMALL_N = 30


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (0..1)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Share:
    k: int  # answered safe / satisfied
    n: int  # all who answered, "don't know" left out

    @property
    def p(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.k, self.n)

    @property
    def uncertain(self) -> bool:
        return self.n < SMALL_N

    @property
    def percent(self) -> float | None:
        return None if self.p is None else 100 * self.p


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class Change:
    before: Share
    after: Share

    @property
    def pp(self) -> float | None:
        """The change in percentage points."""
        if self.before.p is None or self.after.p is None:
            return None
        return 100 * (self.after.p - self.before.p)

    @property
    def p_value(self) -> float | None:
        """Two-proportion z-test with the pooled proportion."""
        b, a = self.before, self.after
        if not b.n or not a.n:
            return None
        pooled = (b.k + a.k) / (b.n + a.n)
        se = math.sqrt(pooled * (1 - pooled) * (1 / b.n + 1 / a.n))
        if se == 0:
            return 1.0
        return normal_two_sided_p((a.p - b.p) / se)

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05

    @property
    def interval_pp(self) -> tuple[float, float] | None:
        """Newcombe's hybrid score interval for the difference, in percentage points."""
        if self.pp is None:
            return None
        (l1, u1), (l2, u2) = self.before.interval, self.after.interval
        p1, p2 = self.before.p, self.after.p
        d = p2 - p1
        low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
        high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
        return 100 * low, 100 * high


MET, WITHIN_REACH, MISSED = "met", "within_reach", "missed"


def target_status(share: Share, target: float) -> str | None:
    """met: the share reaches the target; within reach: the target lies inside the
    share's interval; missed: the whole interval lies below it."""
    if share.p is None:
        return None
    if share.p >= target:
        return MET
    return WITHIN_REACH if share.interval[1] >= target else MISSED
