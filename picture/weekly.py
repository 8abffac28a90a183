"""The weekly joint picture (lägesbild) of one collaboration.

Everything is counted in the database: one aggregate query returns report counts per
(week, area, category) for the 54 weeks the picture needs (this week, the 4 before it,
the same week last year and a 52-week series), and the rest is arithmetic on those
aggregated rows. Only reports the user may see are counted (orgs.permissions).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from orgs.models import Area, Collaboration
from orgs.permissions import visible_reports_in
from reports import categories, weeks

PREVIOUS_WEEKS = 4
SERIES_WEEKS = 52


@dataclass(frozen=True)
class PictureFilter:
    group: str | None = None
    area_id: int | None = None
    level: str | None = None

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.group:
            queryset = queryset.filter(category__in=categories.codes_in_group(self.group))
        if self.area_id:
            queryset = queryset.filter(area_id=self.area_id)
        if self.level:
            queryset = queryset.filter(level=self.level)
        return queryset

    def as_query(self) -> dict[str, str]:
        pairs = {"group": self.group, "area": self.area_id, "level": self.level}
        return {k: str(v) for k, v in pairs.items() if v}


@dataclass
class Change:
    """A count this week beside the mean of the previous weeks and the same week last year."""

    now: int = 0
    previous: list[int] = field(default_factory=lambda: [0] * PREVIOUS_WEEKS)
    last_year: int = 0

    @property
    def previous_mean(self) -> float:
        return sum(self.previous) / len(self.previous)

    @property
    def vs_previous(self) -> float | None:
        """Change in per cent against the mean of the previous weeks (None if that is 0)."""
        mean = self.previous_mean
        return None if mean == 0 else round(100 * (self.now - mean) / mean, 1)

    @property
    def vs_last_year(self) -> float | None:
        return None if self.last_year == 0 else round(
            100 * (self.now - self.last_year) / self.last_year, 1)

    @property
    def trend(self) -> str:
        """'up', 'down' or 'flat': up/down when the week differs from the mean by at least
        a quarter and by at least 3 reports, so that small numbers don't light up."""
        mean = self.previous_mean
        if abs(self.now - mean) >= max(3, 0.25 * mean):
            return "up" if self.now > mean else "down"
        return "flat"

    def add(self, other: "Change") -> None:
        self.now += other.now
        self.previous = [a + b for a, b in zip(self.previous, other.previous, strict=True)]
        self.last_year += other.last_year


@dataclass
class AreaRow:
    area: Area | None
    total: Change
    by_group: dict[str, Change]

    @property
    def name(self) -> str:
        return self.area.name if self.area else _("Utanför områden")


@dataclass
class WeeklyPicture:
    collaboration: Collaboration
    week: int
    filter: PictureFilter
    total: Change
    areas: list[AreaRow]
    groups: list[tuple[categories.Group, Change]]
    categories: list[tuple[categories.Category, Change]]
    series_weeks: list[int]
    series: list[tuple[str, list[int]]]  # (area name, counts per week of series_weeks)

    @property
    def week_label(self) -> str:
        return weeks.format_week(self.week)

    @property
    def previous_week(self) -> int:
        return weeks.shift(self.week, -1)

    @property
    def next_week(self) -> int:
        return weeks.shift(self.week, 1)


def picture_reports(user, collaboration: Collaboration, pfilter: PictureFilter) -> QuerySet:
    """The reports the picture counts: visible to the user, in the collaboration, filtered."""
    return pfilter.apply(visible_reports_in(user, collaboration))


def count_rows(queryset: QuerySet, first: int, last: int) -> list[tuple[int, int | None, str, int]]:
    """(week, area id, category, count) for weeks first..last, aggregated in the database."""
    rows = (queryset.filter(iso_week__gte=first, iso_week__lte=last)
            .order_by().values_list("iso_week", "area_id", "category")
            .annotate(n=Count("*")))
    return list(rows)


def build_picture(user, collaboration: Collaboration, week: int,
                  pfilter: PictureFilter | None = None) -> WeeklyPicture:
    pfilter = pfilter or PictureFilter()
    previous = weeks.window(weeks.shift(week, -1), PREVIOUS_WEEKS)
    last_year = weeks.same_week_last_year(week)
    series_weeks = weeks.window(week, SERIES_WEEKS)
    first = min(last_year, series_weeks[0], previous[0])
    rows = count_rows(picture_reports(user, collaboration, pfilter), first, week)
    return summarise(collaboration, week, pfilter, rows, previous, last_year, series_weeks)


def summarise(collaboration, week, pfilter, rows, previous, last_year, series_weeks):
    """Fold the aggregated rows into the picture's tables (pure arithmetic, no queries)."""
    slot = {w: i for i, w in enumerate(previous)}
    series_index = {w: i for i, w in enumerate(series_weeks)}
    by_area_group: dict[tuple[int | None, str], Change] = defaultdict(Change)
    by_category: dict[str, Change] = defaultdict(Change)
    series: dict[int | None, list[int]] = defaultdict(lambda: [0] * len(series_weeks))
    for iso_week, area_id, code, n in rows:
        info = categories.get(code)
        group = info.group.value if info else categories.Group.OTHER.value
        targets = (by_area_group[(area_id, group)], by_category[code])
        for change in targets:
            if iso_week == week:
                change.now += n
            if iso_week in slot:
                change.previous[slot[iso_week]] += n
            if iso_week == last_year:
                change.last_year += n
        if iso_week in series_index:
            series[area_id][series_index[iso_week]] += n
    areas = list(Area.objects.filter(collaboration=collaboration).order_by("name"))
    if pfilter.area_id:
        areas = [a for a in areas if a.pk == pfilter.area_id]
    area_rows, group_totals, total = [], defaultdict(Change), Change()
    for area in [*areas, None]:
        row = AreaRow(area, Change(), {})
        for group in categories.Group:
            change = by_area_group.get((area.pk if area else None, group.value), Change())
            row.by_group[group.value] = change
            row.total.add(change)
            group_totals[group.value].add(change)
        if area is not None or row.total.now or row.total.previous_mean or row.total.last_year:
            area_rows.append(row)
        total.add(row.total)
    names = {a.pk: a.name for a in areas}
    outside = _("Utanför områden")
    return WeeklyPicture(
        collaboration=collaboration, week=week, filter=pfilter, total=total, areas=area_rows,
        groups=[(g, group_totals[g.value]) for g in categories.Group],
        categories=sorted(((categories.get(c), ch) for c, ch in by_category.items()
                           if categories.get(c) and (ch.now or ch.previous_mean)),
                          key=lambda item: (-item[1].now, -item[1].previous_mean)),
        series_weeks=series_weeks,
        series=[(names.get(a, outside), counts) for a, counts in
                sorted(series.items(), key=lambda kv: names.get(kv[0], "~"))],
    )
