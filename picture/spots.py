"""Report counts at a spot (named place, property, H3 cell or area) over some weeks.

Used to follow up assignments ("did it calm down?") and to back a problem case's
assessment with counts before and after. One query per kind of spot, whatever the
number of spots, so a meeting's follow-up list never runs a query per assignment.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from orgs.permissions import visible_reports_in
from reports import categories

# Most specific first: a spot with a place is counted at the place.
COLUMNS = (("place_id", "place_id"), ("property_id", "property_id"), ("h3_cell", "h3_cell"),
           ("area_id", "area_id"))


def spot_key(spot) -> tuple[str, str] | None:
    for attr, column in COLUMNS:
        value = getattr(spot, attr, None)
        if value:
            return column, str(value)
    return None


def counts_at(user, collaboration_id: int, spots: Iterable, week_list: list[int],
              group: str | None = None) -> dict[tuple[str, str], dict[int, int]]:
    """{spot key: {week: reports}} for the given spots and weeks, reports the user sees."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for spot in spots:
        key = spot_key(spot)
        if key:
            wanted[key[0]].add(key[1])
    result: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    if not wanted or not week_list:
        return result
    base = visible_reports_in(user, collaboration_id).filter(iso_week__gte=min(week_list),
                                                             iso_week__lte=max(week_list))
    if group:
        base = base.filter(category__in=categories.codes_in_group(group))
    for column, values in wanted.items():
        rows = (base.filter(**{f"{column}__in": list(values)}).order_by()
                .values_list(column, "iso_week").annotate(n=Count("*")))
        for value, iso_week, n in rows:
            if iso_week in week_list:
                result[(column, str(value))][iso_week] += n
    return result


def total(counts: dict[tuple[str, str], dict[int, int]], spot, week_list: list[int]) -> int:
    key = spot_key(spot)
    per_week = counts.get(key, {}) if key else {}
    return sum(per_week.get(w, 0) for w in week_list)
