"""Report endpoints: parse, authorise, call the intake and status services, render."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from audit import log
from audit.models import Action
from orgs.permissions import visible_reports
from reports import categories
from reports.filters import ReportFilter, filter_reports
from reports.intake import do_create_report
from reports.models import Report, Source
from reports.status import do_change_status
from tryggve.schemas import ERRORS

router = Router(tags=["reports"])


class ReportIn(Schema):
    id: UUID | None = Field(None, description="Client-generated UUID; resending it is safe.")
    collaboration: str | None = Field(None, description="Id or slug; optional if only one.")
    organisation: str | None = Field(None, description="Id or slug; optional if only one.")
    category: str = Field(..., description="A code from GET /api/categories.")
    level: str | None = Field(None, description="preventive, disturbance or acute.")
    occurred_at: datetime | None = Field(None, description="Defaults to now.")
    latitude: float | None = None
    longitude: float | None = None
    area: str | None = Field(None, description="Area id, slug or name.")
    property: str | None = Field(None, description="Property id or address.")
    place: str | None = Field(None, description="Place id or name.")
    address: str | None = None
    people_count: int | None = None
    text: str = ""
    visibility: str = Field("shared", description="shared or internal.")


class ReportOut(Schema):
    id: UUID
    collaboration: str = Field(..., alias="collaboration.slug")
    organisation: str = Field(..., alias="organisation.slug")
    category: str
    category_label: str
    level: str
    occurred_at: datetime
    reported_at: datetime
    week: str = Field(..., alias="iso_week_label")
    latitude: float | None
    longitude: float | None
    h3_cell: str
    area: str | None = Field(None, alias="area.name")
    property: str | None = Field(None, alias="property.address")
    place: str | None = Field(None, alias="place.name")
    address: str
    people_count: int | None
    text: str
    masked: list[str]
    status: str
    status_changed_at: datetime | None
    visibility: str
    source: str


class ReportCreated(ReportOut):
    created: bool


class ReportPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReportOut]


class StatusIn(Schema):
    status: str
    comment: str = ""


class CategoryOut(Schema):
    code: str
    label_sv: str
    label_en: str
    group: str
    default_level: str


RELATED = ("collaboration", "organisation", "area", "property", "place")


@router.post("/reports", response={200: ReportCreated, 201: ReportCreated, **ERRORS})
def create_report(request, payload: ReportIn):
    """Create a report. A resend with the same `id` returns the stored report (200)."""
    data = payload.model_dump(exclude_none=True)
    intake = do_create_report(request.auth, data, source=Source.API)
    report = Report.objects.select_related(*RELATED).get(pk=intake.report.pk)
    report.created = intake.created
    return Status(201 if intake.created else 200, report)


@router.get("/reports", response={200: ReportPage, **ERRORS})
def list_reports(request, filters: Query[ReportFilter], limit: int = 50, offset: int = 0):
    """Reports the caller may see, newest first, filtered and paginated."""
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    queryset = filter_reports(visible_reports(request.auth), filters)
    page = list(queryset.select_related(*RELATED)[offset : offset + limit])
    log.record_many(request.auth, Action.LIST, page, via="api")
    return {"count": queryset.count(), "limit": limit, "offset": offset,
            "items": page}


def _visible_or_404(user, report_id: UUID) -> Report:
    report = visible_reports(user).select_related(*RELATED).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS})
def read_report(request, report_id: UUID):
    report = _visible_or_404(request.auth, report_id)
    log.record(request.auth, Action.READ, report, via="api")
    return report


@router.post("/reports/{report_id}/status", response={200: ReportOut, **ERRORS})
def change_status(request, report_id: UUID, payload: StatusIn):
    report = _visible_or_404(request.auth, report_id)
    return do_change_status(request.auth, report, payload.status, payload.comment)


@router.get("/categories", response=list[CategoryOut], auth=None)
def list_categories(request):
    """The category taxonomy (public: it holds no data)."""
    return [
        {"code": c.code, "label_sv": c.label_sv, "label_en": c.label_en,
         "group": c.group.value, "default_level": c.default_level.value}
        for c in categories.CATEGORIES.values()
    ]


