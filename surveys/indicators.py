"""Shares feeling safe per area, property and organisation over periods.

Everything is counted in the database: one aggregate over AnswerCount (GROUP BY survey,
area, property, question, answer) for the surveys the user may see in one collaboration
(``orgs.permissions.visible_surveys``), never anything per respondent. The aggregated rows
are folded into ``Share(k, n)`` with ``bank.is_positive`` and then arranged as series:

- a survey is a period; a series is ordered by the survey's ``period_end``;
- each point carries its Share (k, n, Wilson interval, uncertain under n = 30) and the
  Change against the previous point of the same series (percentage points, two-proportion
  test), so a share never travels without its n.

Every question in the bank is oriented so that a *higher* share is *better* (safe,
satisfied, seldom worried, agrees): a rise is good news, a fall is bad news
(``BETTER = "higher"``). Indices where lower is better (the police's 0–6 scale) are not
shares and do not come through here.

``load`` runs a fixed number of queries whatever the number of areas, properties or
surveys; the rest is arithmetic on the loaded rows.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum
from django.utils.formats import get_format
from django.utils.translation import gettext

from orgs.models import Area, Collaboration, Property
from orgs.permissions import visible_surveys
from surveys import bank
from surveys.models import AnswerCount, Survey
from surveys.shares import Change, Share

BETTER = "higher"  # the direction in which "better" lies for every share here
# Minimum cell size: a share (and its interval, change and status) is never shown for
# fewer answers than this, only n. Surveys still open for answers show only n as well.
MIN_CELL = 10


@dataclass(frozen=True)
class Period:
    """One survey round, seen as a period of time."""

    survey_id: int
    title: str
    provider: str
    period_start: date
    period_end: date
    owner_id: int
    owner_name: str
    shared: bool
    is_open: bool
    covered: tuple[int, ...] = ()  # organisations the survey covers, besides its owner

    @property
    def year(self) -> int:
        return self.period_end.year

    @property
    def sort_key(self) -> tuple:
        return (self.period_end, self.period_start, self.survey_id)


@dataclass
class Point:
    """The share of one series in one period, with the change against the previous
    point of the same series and (filled in by surveys.targets) its target."""

    period: Period
    share: Share
    change: Change | None = None
    target: float | None = None  # 0..1
    target_status: str | None = None
    before: "Point | None" = None  # the point the change is measured against

    @property
    def previous(self) -> Share | None:
        return self.change.before if self.change else None

    @property
    def too_few(self) -> bool:
        """Fewer answers than the minimum cell size: only n may be shown."""
        return self.share.n < MIN_CELL

    @property
    def hidden(self) -> bool:
        """Only n may be shown: too few answers, or the survey is still open."""
        return self.period.is_open or self.too_few


@dataclass
class Series:
    """A share over time for one area, property or organisation."""

    kind: str  # "area", "property" or "organisation"
    key: int
    name: str
    points: list[Point] = field(default_factory=list)
    owner_ids: frozenset[int] = frozenset()  # owners of the surveys behind the points
    extra: str = ""  # the area of a property

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def change(self) -> Change | None:
        """The latest period against the previous one."""
        latest = self.latest
        return latest.change if latest else None


@dataclass
class SurveyData:
    """What one user may see of one collaboration's answers to one question."""

    collaboration: Collaboration
    question: bank.Question
    periods: dict[int, Period]  # survey id -> period
    areas: list[Area]
    properties: dict[int, Property]
    organisations: dict[int, str]  # id -> name (owners and covered organisations)
    # (survey id, area id, property id or None) -> Share
    cells: dict[tuple[int, int, int | None], Share]
    shared_only: bool = False

    @property
    def has_data(self) -> bool:
        return bool(self.cells)

    @property
    def has_unshared(self) -> bool:
        """Some of the figures come from surveys not shared with the collaboration."""
        return any(not p.shared for p in self.periods.values())


def question_or_main(code: str | None) -> bank.Question:
    return bank.get(code or bank.MAIN) or bank.get(bank.MAIN)


def load(user, collaboration: Collaboration, question: str = bank.MAIN,
         shared_only: bool = False) -> SurveyData:
    """The aggregated answers the user may see; five queries whatever the data's size.

    ``shared_only``: only the surveys shared with the whole collaboration (what may go
    on the shared meeting agenda), not the user's own organisation's unshared ones."""
    q = bank.get(question)
    if q is None:
        raise ValueError(f"unknown question {question!r}")
    surveys = visible_surveys(user).filter(collaboration=collaboration)
    if shared_only:
        surveys = surveys.filter(shared=True)
    rows = (AnswerCount.objects
            .filter(collaboration=collaboration, question=q.code,
                    survey__in=surveys.values("id"))
            .order_by()
            .values_list("survey_id", "area_id", "property_id", "question", "answer")
            .annotate(total=Sum("count")))
    positive: dict[tuple, int] = defaultdict(int)
    counted: dict[tuple, int] = defaultdict(int)
    for survey_id, area_id, property_id, _question, answer, total in rows:
        verdict = bank.is_positive(q, answer)
        if verdict is None:  # "don't know" is left out of the denominator
            continue
        key = (survey_id, area_id, property_id)
        counted[key] += total or 0
        if verdict:
            positive[key] += total or 0
    cells = {key: Share(positive[key], n) for key, n in counted.items() if n > 0}

    covered: dict[int, list[int]] = defaultdict(list)
    organisations: dict[int, str] = {}
    through = Survey.organisations.through.objects.filter(
        survey__in=surveys.values("id")).values_list("survey_id", "organisation_id",
                                                     "organisation__name")
    for survey_id, org_id, org_name in through:
        covered[survey_id].append(org_id)
        organisations[org_id] = org_name
    periods = {}
    for s in surveys.select_related("owner").order_by():
        organisations[s.owner_id] = s.owner.name
        periods[s.pk] = Period(
            survey_id=s.pk, title=s.title, provider=s.provider, period_start=s.period_start,
            period_end=s.period_end, owner_id=s.owner_id, owner_name=s.owner.name,
            shared=s.shared, is_open=s.is_open,
            covered=tuple(sorted(o for o in covered[s.pk] if o != s.owner_id)))
    areas = list(Area.objects.filter(collaboration=collaboration)
                 .only("id", "name", "slug", "collaboration_id").order_by("name"))
    properties = {p.pk: p for p in Property.objects.filter(
        collaboration=collaboration,
        pk__in=AnswerCount.objects.filter(collaboration=collaboration, question=q.code,
                                          property__isnull=False,
                                          survey__in=surveys.values("id"))
        .values("property_id")).select_related("area").only(
            "id", "address", "owner_id", "area_id", "area__name", "collaboration_id")}
    return SurveyData(collaboration=collaboration, question=q, periods=periods, areas=areas,
                      properties=properties, organisations=organisations, cells=cells,
                      shared_only=shared_only)


def _sum(shares) -> Share:
    k = n = 0
    for share in shares:
        k, n = k + share.k, n + share.n
    return Share(k, n)


def _overlaps(earlier: Period, later: Period) -> bool:
    return later.period_start <= earlier.period_end


def _series(kind: str, key: int, name: str, by_survey: dict[int, list[Share]],
            periods: dict[int, Period], extra: str = "") -> Series:
    """Fold the shares of one area/property/organisation into a series over periods.

    A change is only measured within one provider (one series per provider: AktivBo is
    never compared with the police's survey): each point against the previous round of
    the same provider whose period does not overlap it. Points that may show only n
    (``Point.hidden``) get no change and are never compared with."""
    points: list[Point] = []
    last_of: dict[str, Point] = {}  # provider -> its latest comparable point
    for survey_id in sorted(by_survey, key=lambda s: periods[s].sort_key):
        period = periods[survey_id]
        point = Point(period, _sum(by_survey[survey_id]))
        points.append(point)
        if point.hidden:
            continue
        previous = last_of.get(period.provider)
        if previous is not None and _overlaps(previous.period, period):
            continue  # an overlapping round: neither compared nor a base for the next
        if previous is not None:
            point.change, point.before = Change(previous.share, point.share), previous
        last_of[period.provider] = point
    return Series(kind, key, name, points,
                  frozenset(periods[s].owner_id for s in by_survey), extra)


def by_area(data: SurveyData, include_empty: bool = True) -> list[Series]:
    """One series per area of the collaboration (in name order), summed over properties."""
    grouped: dict[int, dict[int, list[Share]]] = defaultdict(lambda: defaultdict(list))
    for (survey_id, area_id, _property), share in data.cells.items():
        if survey_id in data.periods:
            grouped[area_id][survey_id].append(share)
    result = []
    for area in data.areas:
        if area.pk in grouped or include_empty:
            result.append(_series("area", area.pk, area.name, grouped.get(area.pk, {}),
                                  data.periods))
    return result


def by_property(data: SurveyData) -> list[Series]:
    """One series per property that has answers of its own (in address order)."""
    grouped: dict[int, dict[int, list[Share]]] = defaultdict(lambda: defaultdict(list))
    for (survey_id, _area, property_id), share in data.cells.items():
        if property_id is not None and survey_id in data.periods:
            grouped[property_id][survey_id].append(share)
    result = []
    for pk, by_survey in grouped.items():
        prop = data.properties.get(pk)
        if prop is None:
            continue
        result.append(_series("property", pk, prop.address, by_survey, data.periods,
                              extra=prop.area.name if prop.area_id else ""))
    return sorted(result, key=lambda s: (s.name, s.key))


def by_organisation(data: SurveyData) -> list[Series]:
    """One series per organisation: all answers of the surveys it owns or is covered by
    (a housing company's tenant survey gives the company's share)."""
    totals: dict[int, list[Share]] = defaultdict(list)
    for (survey_id, _area, _property), share in data.cells.items():
        totals[survey_id].append(share)
    grouped: dict[int, dict[int, list[Share]]] = defaultdict(dict)
    for survey_id, shares in totals.items():
        period = data.periods.get(survey_id)
        if period is None:
            continue
        for org_id in (period.owner_id, *period.covered):
            grouped[org_id][survey_id] = shares
    result = [_series("organisation", org_id, data.organisations.get(org_id, "?"),
                      by_survey, data.periods) for org_id, by_survey in grouped.items()]
    return sorted(result, key=lambda s: (s.name, s.key))


def area_changes(data: SurveyData) -> dict[int, Change | None]:
    """Per area: the latest period against the previous one (None with fewer than two)."""
    return {s.key: s.change for s in by_area(data)}


# Convenience: one call each, as the issue names them ------------------------------------

def shares_by_area(user, collaboration, question: str = bank.MAIN) -> list[Series]:
    return by_area(load(user, collaboration, question))


def shares_by_property(user, collaboration, question: str = bank.MAIN) -> list[Series]:
    return by_property(load(user, collaboration, question))


def shares_by_organisation(user, collaboration, question: str = bank.MAIN) -> list[Series]:
    return by_organisation(load(user, collaboration, question))


# How a share is written: never without its n ------------------------------------------

def _decimal(text: str) -> str:
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def whole(value: float) -> int:
    """Round half up (64.5 → 65), not to even."""
    return int(math.floor(value + 0.5))


def percent(value: float | None) -> str:
    """0..1 as a whole percentage: '64 %'."""
    return "–" if value is None else f"{whole(100 * value)} %"


def interval_text(share: Share) -> str:
    low, high = share.interval
    return f"{whole(100 * low)}–{whole(100 * high)} %"


def too_few_text(n: int) -> str:
    """'för få svar (n = 7)': what stands instead of a share under the minimum cell size."""
    return gettext("för få svar (n = %(n)s)") % {"n": n}


def open_text(n: int) -> str:
    """'pågår (n = 7)': a survey still open for answers shows only its n."""
    return gettext("pågår, andel visas när enkäten stängs (n = %(n)s)") % {"n": n}


def hidden_text(point: Point) -> str:
    return open_text(point.share.n) if point.period.is_open else too_few_text(point.share.n)


def share_detail(share: Share) -> str:
    """'(n = 412, 95 % KI 59–68 %)': what goes with every share."""
    if share.p is None:
        return "(n = 0)"
    return gettext("(n = %(n)s, 95 %% KI %(interval)s)") % {
        "n": share.n, "interval": interval_text(share)}


def share_text(share: Share) -> str:
    """'64 % (n = 412, 95 % KI 59–68 %)'."""
    if share.p is None:
        return gettext("ingen svarat (n = 0)")
    return f"{percent(share.p)} {share_detail(share)}"


def pp_text(pp: float | None) -> str:
    """'+2,9 procentenheter' / '−4,0 procentenheter'."""
    if pp is None:
        return "–"
    sign = "+" if pp > 0.05 else "−" if pp < -0.05 else "±"
    return gettext("%(sign)s%(value)s procentenheter") % {
        "sign": sign, "value": _decimal(f"{abs(pp):.1f}")}


def p_text(p: float | None) -> str:
    if p is None:
        return "–"
    if p < 0.001:
        return "p < " + _decimal("0.001")
    return "p = " + _decimal(f"{p:.3f}" if p < 0.01 else f"{p:.2f}")


def change_text(change: Change | None) -> str:
    """'+10,0 procentenheter (p = 0,15, inte signifikant)'."""
    if change is None or change.pp is None:
        return gettext("ingen tidigare mätning")
    verdict = gettext("signifikant") if change.significant else gettext("inte signifikant")
    return f"{pp_text(change.pp)} ({p_text(change.p_value)}, {verdict})"
