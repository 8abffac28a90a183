"""Places where problems recur: flagged for deeper analysis (fördjupad analys).

The rule (DESIGN.md): reports of the same category group at the same named place, the
same property or the same H3 cell in at least ``min_weeks`` of the last ``window`` ISO
weeks (4 and 3 by default, set per collaboration). A place stays flagged until it quiets
down or a problem case is opened for it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import h3
from django.db.models import Count
from django.utils.translation import gettext as _

from orgs import geo
from orgs.models import Collaboration, Place, Property
from orgs.permissions import visible_reports_in
from reports import categories, weeks
from reports.models import Visibility

KINDS = (("place", "place_id"), ("property", "property_id"), ("cell", "h3_cell"))


def recurs(weeks_with_reports: Iterable[int], window: list[int], min_weeks: int) -> bool:
    """The rule itself: reports in at least ``min_weeks`` distinct weeks of ``window``."""
    return len(set(weeks_with_reports) & set(window)) >= min_weeks


@dataclass
class RecurringPlace:
    kind: str  # "place", "property" or "cell"
    key: str  # place id, property id or H3 cell
    group: str
    weeks: set[int] = field(default_factory=set)
    shared_weeks: set[int] = field(default_factory=set)
    # True when the place recurs only thanks to the user's own internal reports: a problem
    # case opened for it is seen by every member, so the page warns before that.
    rests_on_internal: bool = False
    reports: int = 0
    label: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def group_label(self) -> str:
        return categories.Group(self.group).label

    @property
    def week_labels(self) -> list[str]:
        return [weeks.format_week(w) for w in sorted(self.weeks)]

    @property
    def report_filter(self) -> dict[str, str]:
        """Query parameters of the report list that show the reports behind the flag."""
        first, last = min(self.weeks), max(self.weeks)
        return {self.kind: self.key,
                "group": self.group, "week_from": weeks.format_week(first),
                "week_to": weeks.format_week(last)}


def _fold(rows, kind: str) -> dict[tuple[str, str], RecurringPlace]:
    found: dict[tuple[str, str], RecurringPlace] = {}
    for key, iso_week, code, visibility, n in rows:
        info = categories.get(code)
        group = info.group.value if info else categories.Group.OTHER.value
        spot = found.setdefault((str(key), group), RecurringPlace(kind, str(key), group))
        spot.weeks.add(iso_week)
        if visibility == Visibility.SHARED:
            spot.shared_weeks.add(iso_week)
        spot.reports += n
    return found


def recurring_places(user, collaboration: Collaboration, week: int) -> list[RecurringPlace]:
    window = weeks.window(week, collaboration.recurrence_window_weeks)
    reports = visible_reports_in(user, collaboration).filter(iso_week__gte=window[0],
                                                             iso_week__lte=week)
    flagged: dict[str, list[RecurringPlace]] = defaultdict(list)
    for kind, column in KINDS:
        present = reports.exclude(h3_cell="") if kind == "cell" else reports.exclude(
            **{f"{column}__isnull": True})
        rows = (present.order_by().values_list(column, "iso_week", "category", "visibility")
                .annotate(n=Count("*")))
        for spot in _fold(rows, kind).values():
            if recurs(spot.weeks, window, collaboration.recurrence_min_weeks):
                spot.rests_on_internal = not recurs(spot.shared_weeks, window,
                                                    collaboration.recurrence_min_weeks)
                flagged[kind].append(spot)
    _label(collaboration, flagged)
    named_cells = {(geo.h3_cell(s.latitude, s.longitude), s.group)
                   for s in flagged["place"] + flagged["property"] if s.latitude is not None}
    result = flagged["place"] + flagged["property"] + [
        s for s in flagged["cell"] if (s.key, s.group) not in named_cells]
    open_cases = _open_case_keys(collaboration)
    result = [s for s in result if (s.kind, s.key, s.group) not in open_cases
              and (s.kind, s.key, "") not in open_cases]
    return sorted(result, key=lambda s: (-len(s.weeks), -s.reports, s.label))


def _label(collaboration, flagged: dict[str, list[RecurringPlace]]) -> None:
    places = Place.objects.filter(collaboration=collaboration,
                                  pk__in=[s.key for s in flagged["place"]])
    props = Property.objects.filter(collaboration=collaboration,
                                    pk__in=[s.key for s in flagged["property"]])
    for kind, objects, name in (("place", places, "name"), ("property", props, "address")):
        by_id = {str(o.pk): o for o in objects.select_related("area")}
        for spot in flagged[kind]:
            obj = by_id.get(spot.key)
            if obj is not None:
                area = f" ({obj.area.name})" if obj.area else ""
                spot.label = getattr(obj, name) + area
                spot.latitude, spot.longitude = obj.latitude, obj.longitude
    for spot in flagged["cell"]:
        spot.latitude, spot.longitude = h3.cell_to_latlng(spot.key)
        spot.label = _("Plats kring %(latitude)s, %(longitude)s") % {
            "latitude": f"{spot.latitude:.4f}", "longitude": f"{spot.longitude:.4f}"}


def _open_case_keys(collaboration) -> set[tuple[str, str, str]]:
    from meetings.models import Phase, ProblemCase

    keys = set()
    cases = ProblemCase.objects.filter(collaboration=collaboration).exclude(phase=Phase.CLOSED)
    for place_id, property_id, cell, group in cases.values_list(
            "place_id", "property_id", "h3_cell", "group"):
        for kind, key in (("place", place_id), ("property", property_id), ("cell", cell)):
            if key:
                keys.add((kind, str(key), group or ""))
    return keys
