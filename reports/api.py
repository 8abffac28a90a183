"""Report endpoints: parse, authorise, call the intake and status services, render."""

from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from audit import log
from audit.models import Action
from orgs.models import Area, Collaboration, Place, Property
from orgs.permissions import visible_reports
from reports import categories
from reports.filters import ReportFilter, filter_reports
from reports.intake import do_create_report
from reports.models import Report, Source, StatusChange, Visibility
from reports.models import Status as ReportStatus
from reports.status import do_change_status
from tryggve.bounds import value_range
from tryggve.schemas import (
    H3Cell,
    Id,
    IdOrSlug,
    Offset,
    Week,
    choices,
    errors,
    free_text,
    longest,
    page_limit,
)

router = Router(tags=["reports"])

Category = choices("Category", categories.CATEGORIES, "A category code (GET /api/categories).")
Level = categories.Level
Group = categories.Group
MAX_LIMIT = 500

# A collaboration, area, property or place, by id, slug, name or address.
Name = free_text(longest((Collaboration, "name"), (Area, "name"), (Place, "name"),
                          (Property, "address")))
Address = free_text(longest((Report, "address")))
Comment = free_text(longest((StatusChange, "comment")))
ReportText = free_text(settings.REPORT_TEXT_MAX_LENGTH)


class ReportIn(Schema):
    id: UUID | None = Field(None, description="Client-generated random (v4) UUID; resending "
                                              "the same report with it is safe.")
    collaboration: Name | None = Field(None, description="Id, slug or name; optional if "
                                                         "only one.")
    organisation: IdOrSlug | None = Field(None, description="Id or slug; optional if only "
                                                            "one.")
    category: Category
    level: Level | None = Field(None, description="Defaults to the category's level.")
    occurred_at: datetime | None = Field(None, description="Defaults to now; from the year "
                                                           "2000, not in the future.")
    latitude: float | None = Field(None, ge=-90, le=90, description="WGS84, in Sweden.")
    longitude: float | None = Field(None, ge=-180, le=180, description="WGS84, in Sweden.")
    area: Name | None = Field(None, description="Area id, slug or name.")
    property: Name | None = Field(None, description="Property id or address.")
    place: Name | None = Field(None, description="Place id or name.")
    address: Address | None = None
    people_count: int | None = Field(None, ge=0, le=value_range(Report, "people_count")[1])
    text: ReportText = Field("", description="Free text; personal identity numbers, phone "
                                             "numbers and e-mail addresses are masked.")
    visibility: Visibility = Visibility.SHARED


class ReportOut(Schema):
    id: UUID
    collaboration: str = Field(..., alias="collaboration.slug")
    organisation: str = Field(..., alias="organisation.slug")
    category: Category
    category_label: str
    level: Level
    occurred_at: datetime
    reported_at: datetime
    week: str = Field(..., alias="iso_week_label", description="2025-V07.")
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
    status: ReportStatus
    status_changed_at: datetime | None
    visibility: Visibility
    source: Source


class ReportCreated(ReportOut):
    created: bool


class ReportPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReportOut]


class ReportQuery(Schema):
    """The report list's filters, typed as the API accepts them (ReportFilter reads them)."""

    collaboration: IdOrSlug | None = None
    area: IdOrSlug | None = None
    category: Category | None = None
    group: Group | None = None
    week: Week | None = None
    week_from: Week | None = None
    week_to: Week | None = None
    status: ReportStatus | None = None
    level: Level | None = None
    place: Id | None = Field(None, description="A place's id.")
    property: Id | None = Field(None, description="A property's id.")
    cell: H3Cell | None = None
    limit: page_limit(MAX_LIMIT) = 50
    offset: Offset = 0


class StatusIn(Schema):
    status: ReportStatus
    comment: Comment = ""


class CategoryOut(Schema):
    code: Category
    label_sv: str
    label_en: str
    group: Group
    default_level: Level


RELATED = ("collaboration", "organisation", "area", "property", "place")


@router.post("/reports", response={200: ReportCreated, 201: ReportCreated,
                                   **errors(400, 401, 403, 409, 422)})
def create_report(request, payload: ReportIn):
    """Create a report. A resend with the same `id` and the same content returns the stored
    report (200); the same `id` with other content, or an `id` already used elsewhere,
    answers 409 (naming no owner and no content)."""
    data = payload.model_dump(exclude_none=True)
    intake = do_create_report(request.auth, data, source=Source.API)
    report = Report.objects.select_related(*RELATED).get(pk=intake.report.pk)
    report.created = intake.created
    return Status(201 if intake.created else 200, report)


@router.get("/reports", response={200: ReportPage, **errors(401, 422)})
def list_reports(request, query: Query[ReportQuery]):
    """Reports the caller may see, newest first, filtered and paginated."""
    wanted = query.model_dump(mode="json", exclude={"limit", "offset"})
    filters = ReportFilter(**{k: None if v is None else str(v) for k, v in wanted.items()})
    queryset = filter_reports(visible_reports(request.auth), filters)
    page = list(queryset.select_related(*RELATED)[query.offset : query.offset + query.limit])
    log.record_many(request.auth, Action.LIST, page, via="api")
    return {"count": queryset.count(), "limit": query.limit, "offset": query.offset,
            "items": page}


def _visible_or_404(user, report_id: UUID) -> Report:
    report = visible_reports(user).select_related(*RELATED).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


@router.get("/reports/{report_id}", response={200: ReportOut, **errors(401, 404, 422)})
def read_report(request, report_id: UUID):
    report = _visible_or_404(request.auth, report_id)
    log.record(request.auth, Action.READ, report, via="api")
    return report


@router.post("/reports/{report_id}/status",
             response={200: ReportOut, **errors(400, 401, 403, 404, 422)})
def change_status(request, report_id: UUID, payload: StatusIn):
    report = _visible_or_404(request.auth, report_id)
    return do_change_status(request.auth, report, payload.status, payload.comment)


@router.get("/categories", response={200: list[CategoryOut]}, auth=None)
def list_categories(request):
    """The category taxonomy (public: it holds no data)."""
    return [
        {"code": c.code, "label_sv": c.label_sv, "label_en": c.label_en,
         "group": c.group.value, "default_level": c.default_level.value}
        for c in categories.CATEGORIES.values()
    ]


