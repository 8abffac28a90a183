"""The picture as JSON: the week's tables and the map's data."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from orgs.permissions import visible_collaborations
from picture.map import cell_boundary, map_data
from picture.recurrence import recurring_places
from picture.weekly import PictureFilter, build_picture
from reports import categories, weeks
from reports.models import Level
from tryggve.bounds import is_slug
from tryggve.errors import InputError
from tryggve.parsing import as_id
from tryggve.schemas import ERRORS

router = Router(tags=["picture"])


class ChangeOut(Schema):
    now: int
    previous_mean: float
    last_year: int
    vs_previous: float | None
    vs_last_year: float | None
    trend: str


class AreaOut(Schema):
    area: str
    total: ChangeOut
    groups: dict[str, ChangeOut]


class CategoryChangeOut(ChangeOut):
    category: str
    label: str


class SeriesOut(Schema):
    weeks: list[str]
    areas: dict[str, list[int]]


class RecurringOut(Schema):
    kind: str
    key: str
    label: str
    group: str
    weeks: list[str]
    reports: int


class PictureOut(Schema):
    collaboration: str
    week: str
    total: ChangeOut
    areas: list[AreaOut]
    categories: list[CategoryChangeOut]
    series: SeriesOut
    recurring: list[RecurringOut]


class PointOut(Schema):
    id: str
    latitude: float
    longitude: float
    category: str
    category_label: str
    level: str
    occurred_at: str


class CellOut(Schema):
    cell: str
    count: int
    boundary: list[list[float]]


class HotspotOut(CellOut):
    z: float
    p: float


class MapAreaOut(Schema):
    id: int
    name: str
    polygon: dict


class MapMeasureOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    latitude: float
    longitude: float


class MapOut(Schema):
    points: list[PointOut]
    cells: list[CellOut]
    hotspots: list[HotspotOut]
    areas: list[MapAreaOut]
    measures: list[MapMeasureOut]
    truncated: bool


def _change(c) -> dict:
    return {"now": c.now, "previous_mean": c.previous_mean, "last_year": c.last_year,
            "vs_previous": c.vs_previous, "vs_last_year": c.vs_last_year, "trend": c.trend}


def _scope(user, slug: str, week: str, group=None, area=None, level=None):
    collaboration = (visible_collaborations(user).filter(slug=slug).first() if is_slug(slug)
                     else None)
    if collaboration is None:
        raise Http404
    try:
        key = weeks.parse_week(week)
    except weeks.InvalidWeek as exc:
        raise InputError({"week": [str(exc)]}, status=400) from exc
    errors = {}
    if group and group not in {g.value for g in categories.Group}:
        errors["group"] = [_("Okänd kategorigrupp '%(group)s'.") % {"group": group}]
    area_id = None
    if area:
        area_id = collaboration.areas.filter(slug=area).values_list("id", flat=True).first() or (
            collaboration.areas.filter(pk=as_id(area)).values_list("id", flat=True).first()
            if as_id(area) is not None else None)
        if area_id is None:
            errors["area"] = [_("Hittar inte området '%(area)s'.") % {"area": area}]
    if level and level not in Level.values:
        errors["level"] = [_("Okänd nivå '%(level)s'.") % {"level": level}]
    if errors:
        raise InputError(errors, status=400)
    return collaboration, key, PictureFilter(group=group, area_id=area_id, level=level or None)


@router.get("/picture/{collaboration}/{week}", url_name="picture_week",
            response={200: PictureOut, **ERRORS})
def picture_week(request, collaboration: str, week: str, group: str | None = None,
                 area: str | None = None, level: str | None = None):
    """Counts by area × category group and by category, with change against the mean
    of the 4 previous weeks and the same week last year; recurring places."""
    collab, key, pfilter = _scope(request.auth, collaboration, week, group, area, level)
    picture = build_picture(request.auth, collab, key, pfilter)
    return {
        "collaboration": collab.slug, "week": weeks.format_week(key),
        "total": _change(picture.total),
        "areas": [{"area": row.name, "total": _change(row.total),
                   "groups": {g: _change(c) for g, c in row.by_group.items()}}
                  for row in picture.areas],
        "categories": [{"category": cat.code, "label": cat.label, **_change(c)}
                       for cat, c in picture.categories],
        "series": {"weeks": [weeks.format_week(w) for w in picture.series_weeks],
                   "areas": dict(picture.series)},
        "recurring": [{"kind": s.kind, "key": s.key, "label": s.label, "group": s.group,
                       "weeks": s.week_labels, "reports": s.reports}
                      for s in recurring_places(request.auth, collab, key)],
    }


@router.get("/picture/{collaboration}/{week}/map", url_name="picture_map",
            response={200: MapOut, **ERRORS})
def picture_map(request, collaboration: str, week: str, group: str | None = None,
                area: str | None = None, level: str | None = None):
    """Report points, H3 cell counts (with hexagon outlines) and Gi* hotspots."""
    collab, key, pfilter = _scope(request.auth, collaboration, week, group, area, level)
    data = map_data(request.auth, collab, key, pfilter)
    labels = {c.code: c.label for c in categories.CATEGORIES.values()}
    return {
        "points": [{**p, "category_label": labels.get(p["category"], p["category"])}
                   for p in data.points],
        "cells": data.cells,
        "hotspots": [{"cell": h.cell, "count": h.count, "z": h.z, "p": h.p,
                      "boundary": cell_boundary(h.cell)} for h in data.hotspots],
        "areas": data.areas,
        "measures": week_measures(request.auth, collab, key),
        "truncated": data.truncated,
    }


def week_measures(user, collaboration, key: int) -> list[dict]:
    """The visible measures of the collaboration running some time in that week."""
    from measures.services import active_in_week, map_points
    from orgs.permissions import visible_measures

    measures = active_in_week(visible_measures(user).filter(collaboration=collaboration), key)
    return map_points(measures.select_related("area", "place", "property", "property__area")
                      .order_by("pk"))
