"""The filters of the report list, shared by the page, the API and the CSV export."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from reports import categories, weeks
from reports.models import Level, Status
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id


class ReportFilter(Schema):
    collaboration: str | None = None
    area: str | None = None
    category: str | None = None
    group: str | None = None
    week: str | None = None
    week_from: str | None = None
    week_to: str | None = None
    status: str | None = None
    level: str | None = None
    place: str | None = None
    property: str | None = None
    cell: str | None = None


def filter_reports(queryset: QuerySet, f: ReportFilter) -> QuerySet:
    """Apply the filters, raising InputError (per field) on values that make no sense."""
    errors: dict[str, list[str]] = {}
    bounds.refuse_control_characters(f.model_dump(), errors)
    if errors:  # before any of them reaches the database (PostgreSQL refuses a NUL)
        raise InputError(errors, status=400)
    if f.collaboration:
        key = as_id(f.collaboration)
        queryset = (queryset.filter(collaboration_id=key) if key is not None
                    else queryset.filter(collaboration__slug=f.collaboration))
    if f.area:
        key = as_id(f.area)
        queryset = (queryset.filter(area_id=key) if key is not None
                    else queryset.filter(area__slug=f.area))
    if f.category:
        if categories.get(f.category) is None:
            errors["category"] = [_("Okänd kategori '%(code)s'.") % {"code": f.category}]
        queryset = queryset.filter(category=f.category)
    if f.group:
        known = f.group in {g.value for g in categories.Group}
        codes = categories.codes_in_group(f.group) if known else []
        if not codes:
            errors["group"] = [_("Okänd kategorigrupp '%(group)s'.") % {"group": f.group}]
        queryset = queryset.filter(category__in=codes)
    if f.week:
        try:
            queryset = queryset.filter(iso_week=weeks.parse_week(f.week))
        except weeks.InvalidWeek as exc:
            errors["week"] = [str(exc)]
    for name, lookup in (("week_from", "iso_week__gte"), ("week_to", "iso_week__lte")):
        value = getattr(f, name)
        if value:
            try:
                queryset = queryset.filter(**{lookup: weeks.parse_week(value)})
            except weeks.InvalidWeek as exc:
                errors[name] = [str(exc)]
    if f.level:
        if f.level not in Level.values:
            errors["level"] = [_("Okänd nivå '%(level)s'.") % {"level": f.level}]
        queryset = queryset.filter(level=f.level)
    for name in ("place", "property"):
        value = getattr(f, name)
        if value:
            if as_id(value) is None:
                errors[name] = [_("Ange id som ett heltal.")]
            else:
                queryset = queryset.filter(**{f"{name}_id": as_id(value)})
    if f.cell:
        queryset = queryset.filter(h3_cell=f.cell)
    if f.status:
        if f.status not in Status.values:
            errors["status"] = [_("Okänd status '%(status)s'.") % {"status": f.status}]
        queryset = queryset.filter(status=f.status)
    if errors:
        raise InputError(errors, status=400)
    return queryset
