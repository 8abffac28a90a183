"""Geometry: which area a point lies in, whether it lies in Sweden, its H3 cell."""

from functools import lru_cache

import h3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep

H3_RESOLUTION = 9

# Sweden's bounding box (WGS84). Coarse on purpose: it rejects coordinates that are
# plainly wrong (0,0; swapped lat/lon; another continent) without shipping a border file.
SWEDEN_LAT = (55.0, 69.1)
SWEDEN_LON = (10.9, 24.2)


def in_sweden(lat: float, lon: float) -> bool:
    return SWEDEN_LAT[0] <= lat <= SWEDEN_LAT[1] and SWEDEN_LON[0] <= lon <= SWEDEN_LON[1]


def h3_cell(lat: float, lon: float) -> str:
    return h3.latlng_to_cell(lat, lon, H3_RESOLUTION)


def validate_polygon(geojson) -> None:
    """Raise ValidationError unless ``geojson`` is a valid (Multi)Polygon inside Sweden."""
    if not isinstance(geojson, dict) or geojson.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError({"polygon": _("Ange en GeoJSON Polygon eller MultiPolygon.")})
    try:
        geometry = shape(geojson)
    except Exception as exc:  # shapely raises several types on malformed input
        message = _("Ogiltig GeoJSON: %(error)s") % {"error": exc}
        raise ValidationError({"polygon": message}) from exc
    if geometry.is_empty or not geometry.is_valid:
        raise ValidationError({"polygon": _("Polygonen är tom eller korsar sig själv.")})
    minx, miny, maxx, maxy = geometry.bounds
    if not (in_sweden(miny, minx) and in_sweden(maxy, maxx)):
        raise ValidationError(
            {"polygon": _("Polygonen ligger utanför Sverige "
                          "(tänk på ordningen longitud, latitud).")}
        )


@lru_cache(maxsize=2048)
def _prepared(area_id: int, updated_at: str, geojson_text: str) -> PreparedGeometry:
    import json

    return prep(shape(json.loads(geojson_text)))


def area_containing(areas, lat: float, lon: float):
    """Return the first area whose polygon contains the point, or None.

    ``areas`` is an iterable of Area objects (typically one collaboration's). Prepared
    geometries are cached per area version, so a CSV import of many rows stays fast.
    """
    import json

    point = Point(lon, lat)
    for area in areas:
        key = json.dumps(area.polygon, sort_keys=True)
        if _prepared(area.pk, str(area.updated_at), key).contains(point):
            return area
    return None
