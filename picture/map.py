"""What the picture's map shows for one week: report points, H3 hexagon counts, and
Gi* hotspots over the collaboration's areas."""

from dataclasses import dataclass

import h3
from django.db.models import Count

from orgs.models import Area, Collaboration
from picture import hotspots as gi
from picture.weekly import PictureFilter, picture_reports

MAX_POINTS = 2000


@dataclass
class MapData:
    points: list[dict]
    cells: list[dict]
    hotspots: list[gi.Hotspot]
    areas: list[dict]
    truncated: bool


def cell_boundary(cell: str) -> list[list[float]]:
    return [[lat, lon] for lat, lon in h3.cell_to_boundary(cell)]


def study_region(collaboration: Collaboration) -> tuple[list[Area], set[str]]:
    areas = list(Area.objects.filter(collaboration=collaboration))
    return areas, gi.study_cells(a.polygon for a in areas)


def week_hotspots(user, collaboration: Collaboration, week: int, pfilter: PictureFilter,
                  region: set[str] | None = None) -> tuple[dict[str, int], list[gi.Hotspot]]:
    """Cell counts of the week and the cells whose Gi* z-score is above 1.96."""
    reports = picture_reports(user, collaboration, pfilter).filter(iso_week=week)
    counts = dict(reports.exclude(h3_cell="").order_by().values_list("h3_cell")
                  .annotate(n=Count("*")))
    if region is None:
        region = study_region(collaboration)[1]
    return counts, gi.hotspots(counts, region)


def map_data(user, collaboration: Collaboration, week: int, pfilter: PictureFilter) -> MapData:
    areas, region = study_region(collaboration)
    counts, spots = week_hotspots(user, collaboration, week, pfilter, region)
    reports = (picture_reports(user, collaboration, pfilter).filter(iso_week=week)
               .exclude(latitude=None).order_by("-occurred_at")
               .values("id", "latitude", "longitude", "category", "level", "occurred_at"))
    points = list(reports[: MAX_POINTS + 1])
    return MapData(
        points=[{**p, "id": str(p["id"]), "occurred_at": p["occurred_at"].isoformat()}
                for p in points[:MAX_POINTS]],
        cells=[{"cell": c, "count": n, "boundary": cell_boundary(c)} for c, n in counts.items()],
        hotspots=spots,
        areas=[{"id": a.pk, "name": a.name, "polygon": a.polygon} for a in areas],
        truncated=len(points) > MAX_POINTS,
    )


@dataclass
class NamedHotspot:
    hotspot: gi.Hotspot
    near: str  # the nearest named place or property, for people who don't read cell ids


def name_hotspots(collaboration: Collaboration, spots: list[gi.Hotspot]) -> list[NamedHotspot]:
    """Give each hotspot the name of the closest named place (or property) of the
    collaboration; one query for all of them."""
    from orgs.models import Place

    if not spots:
        return []
    named = [(p.name, p.latitude, p.longitude) for p in
             Place.objects.filter(collaboration=collaboration).only("name", "latitude",
                                                                    "longitude")]
    result = []
    for spot in spots:
        lat, lon = h3.cell_to_latlng(spot.cell)
        if named:
            nearest = min(named, key=lambda n: (n[1] - lat) ** 2 + ((n[2] - lon) * 0.5) ** 2)
            result.append(NamedHotspot(spot, nearest[0]))
        else:
            result.append(NamedHotspot(spot, f"{lat:.4f}, {lon:.4f}"))
    return result
