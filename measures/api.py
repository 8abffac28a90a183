"""Measures as JSON: the list of measures the caller may see."""

from datetime import date
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema

from measures import services
from measures.models import Corner, Measure, MeasureStatus, MeasureType, Technique
from orgs.permissions import visible_collaborations, visible_measures
from tryggve.bounds import is_slug
from tryggve.schemas import Offset, Slug, errors, page_limit

router = Router(tags=["measures"])

MAX_LIMIT = 500


class MeasureOut(Schema):
    id: int
    collaboration: str = Field(..., description="The collaboration's slug.")
    responsible: str = Field(..., description="The responsible organisation's slug.")
    title: str
    description: str
    kind: MeasureType
    kind_label: str
    corner: Corner
    technique: Technique | Literal[""] = Field(..., description="Empty when not given.")
    status: MeasureStatus
    area: str | None = Field(None, description="The area's name.")
    place: str | None = Field(None, description="The place's name.")
    property: str | None = Field(None, description="The property's address.")
    case: int | None = Field(None, description="The problem case's id.")
    planned_on: date | None
    started_on: date | None
    ended_on: date | None
    cost: int | None = Field(None, description="Whole kronor.")
    shared: bool
    latitude: float | None = Field(None, description="Place, property or area centroid.")
    longitude: float | None


class MeasurePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeasureOut]


def _out(m: Measure) -> dict:
    point = services.measure_point(m) or (None, None)
    return {"id": m.pk, "collaboration": m.collaboration.slug,
            "responsible": m.responsible.slug, "title": m.title,
            "description": m.description, "kind": m.kind,
            "kind_label": str(m.get_kind_display()), "corner": m.corner,
            "technique": m.technique, "status": m.status,
            "area": m.area.name if m.area else None,
            "place": m.place.name if m.place else None,
            "property": m.property.address if m.property else None,
            "case": m.case_id, "planned_on": m.planned_on, "started_on": m.started_on,
            "ended_on": m.ended_on, "cost": int(m.cost) if m.cost is not None else None,
            "shared": m.shared, "latitude": point[0], "longitude": point[1]}


@router.get("/measures", url_name="measures",
            response={200: MeasurePage, **errors(401, 404, 422)})
def list_measures(request, collaboration: Slug | None = None,
                  limit: page_limit(MAX_LIMIT) = 100, offset: Offset = 0):
    """Measures the caller may see (shared ones of their collaborations and all of their
    own organisations'), newest start first; `collaboration` (slug) narrows to one."""
    measures = visible_measures(request.auth)
    if collaboration:
        collab = (visible_collaborations(request.auth).filter(slug=collaboration).first()
                  if is_slug(collaboration) else None)
        if collab is None:
            raise Http404
        measures = measures.filter(collaboration=collab)
    measures = measures.select_related(
        "collaboration", "responsible", "area", "place", "property", "property__area"
    ).order_by("-started_on", "-created_at", "-pk")
    page = [_out(m) for m in measures[offset: offset + limit]]
    return {"count": measures.count(), "limit": limit, "offset": offset, "items": page}
