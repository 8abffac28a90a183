"""Report pages: parse, authorise, call the services, render."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import log
from audit.models import Action
from jobs.queue import do_enqueue
from orgs.models import Area, Organisation, Place, Property
from orgs.permissions import (
    access_for,
    can_change_status,
    can_export,
    can_import,
    reportable_collaborations,
    reporting_organisations,
    scoped_to_collaborations,
    visible_collaborations,
    visible_reports,
)
from reports import categories, csvio, privacy
from reports.filters import ReportFilter, filter_reports
from reports.intake import do_create_report
from reports.jobs import IMPORT
from reports.models import Level, Report, Source, Status, Visibility
from reports.status import do_change_status
from tryggve import bounds, imports
from tryggve.errors import InputError
from tryggve.limits import counters
from tryggve.limits.counters import Limit
from tryggve.notices import tell_masked
from tryggve.parsing import as_id

FORM_FIELDS = [
    "id", "collaboration", "organisation", "category", "level", "occurred_at", "latitude",
    "longitude", "area", "property", "place", "address", "people_count", "text", "visibility",
]
RELATED = ("collaboration", "organisation", "area", "property", "place")


def _form_context(request, values: dict, errors: dict | None = None) -> dict:
    collabs = list(reportable_collaborations(request.user))
    ids = [c.pk for c in collabs]
    org_ids = {o for c in ids for o in reporting_organisations(request.user, c)}
    areas = list(Area.objects.filter(collaboration_id__in=ids))
    return {
        "values": values,
        "errors": errors or {},
        "collaborations": collabs,
        "organisations": Organisation.objects.filter(id__in=org_ids).prefetch_related(
            "collaborations"),
        "areas": areas,
        "properties": Property.objects.filter(collaboration_id__in=ids).order_by("address"),
        "places": Place.objects.filter(collaboration_id__in=ids).order_by("name"),
        "groups": categories.grouped(),
        "levels": Level.choices,
        "visibilities": Visibility.choices,
        "map_areas": [
            {"name": a.name, "collaboration": a.collaboration_id, "polygon": a.polygon}
            for a in areas
        ],
        "text_max": settings.REPORT_TEXT_MAX_LENGTH,
    }


@login_required
def report_new(request):
    if not reportable_collaborations(request.user).exists():
        raise PermissionDenied(_("Din roll får inte rapportera avvikelser."))
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in FORM_FIELDS}
        try:
            intake = do_create_report(request.user, data, source=Source.FORM)
        except InputError as exc:
            return render(request, "reports/new.html", _form_context(request, data, exc.errors),
                          status=400)
        if intake.scan and intake.scan.masked_kinds:
            request.session[f"masked-{intake.report.pk}"] = intake.scan.warnings
        return redirect("reports:receipt", report_id=intake.report.pk)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    values = {"id": str(uuid.uuid4()), "occurred_at": now, "visibility": Visibility.SHARED}
    return render(request, "reports/new.html", _form_context(request, values))


SCAN_LIMIT = Limit("reports-scan", count=30, seconds=60)  # per user: typing, not a script


@login_required
@require_POST
def scan_text(request):
    """While typing: say what would be masked or is worded about people (htmx fragment).
    Text over the report limit is clipped to it before the scan, and said to be too long."""
    if not counters.hit(SCAN_LIMIT, str(request.user.pk)):
        response = render(request, "reports/_scan.html", {"limited": _(
            "Texten kontrolleras inte just nu: för många kontroller på en minut. Den "
            "maskeras ändå när du skickar.")}, status=429)
        response["Retry-After"] = str(counters.retry_after(SCAN_LIMIT))
        return response
    text, limit = request.POST.get("text", ""), settings.REPORT_TEXT_MAX_LENGTH
    too_long = bounds.too_long_message(len(text), limit) if len(text) > limit else ""
    result = privacy.scan(text[:limit])
    wording = any(not f.masked for f in result.findings)
    return render(request, "reports/_scan.html", {
        "masked": privacy.display_labels(result.masked_kinds),
        "wording": privacy.WORDING_WARNING if wording else "", "too_long": too_long})


def _visible_or_404(request, report_id) -> Report:
    report = visible_reports(request.user).select_related(*RELATED).filter(pk=report_id).first()
    if report is None:
        raise Http404(_("Rapporten finns inte eller så får du inte se den."))
    return report


@login_required
def report_receipt(request, report_id):
    report = _visible_or_404(request, report_id)
    warnings = request.session.pop(f"masked-{report.pk}", None)
    return render(request, "reports/receipt.html", {"report": report, "warnings": warnings})


@login_required
def report_detail(request, report_id):
    report = _visible_or_404(request, report_id)
    log.record(request.user, Action.READ, report, via="web")
    return render(request, "reports/detail.html", {
        "report": report,
        "masked": privacy.display_labels(report.masked),
        "changes": report.status_changes.select_related("changed_by"),
        "can_change": can_change_status(request.user, report),
        "next_statuses": [(s, Status(s).label) for s in Status.values if s != report.status],
    })


@login_required
@require_POST
def report_status(request, report_id):
    report = _visible_or_404(request, report_id)
    masking = privacy.Masking()
    try:
        do_change_status(request.user, report, request.POST.get("status", ""),
                         request.POST.get("comment", ""), masking=masking)
        messages.success(request, _("Status ändrad till %(status)s.")
                         % {"status": report.get_status_display().lower()})
        tell_masked(request, masking)
    except InputError as exc:
        for msgs in exc.errors.values():
            for m in msgs:
                messages.error(request, m)
    return redirect("reports:detail", report_id=report.pk)


def _filters(request) -> ReportFilter:
    return ReportFilter(**{k: request.GET.get(k) or None for k in ReportFilter.model_fields})


def _narrowing(user, filters: ReportFilter) -> list[tuple[str, str, str]]:
    """Filters that come from drill-downs (not in the form), with a readable label each."""
    labels = []
    if filters.group and filters.group in {g.value for g in categories.Group}:
        labels.append(("group", filters.group, categories.Group(filters.group).label))
    if filters.level and filters.level in Level.values:
        labels.append(("level", filters.level, Level(filters.level).label))
    for name, model, attr in (("place", Place, "name"), ("property", Property, "address")):
        value = getattr(filters, name)
        if value and as_id(value) is not None:
            found = scoped_to_collaborations(user, model.objects.filter(pk=value)).values_list(
                attr, flat=True).first()
            labels.append((name, value, found or value))
    if filters.cell:
        labels.append(("cell", filters.cell, _("H3-cell %(cell)s") % {"cell": filters.cell}))
    for name in ("week_from", "week_to"):
        value = getattr(filters, name)
        if value:
            labels.append((name, value, (_("från %(week)s") if name == "week_from"
                                         else _("till %(week)s")) % {"week": value}))
    return labels


@login_required
def report_list(request):
    filters = _filters(request)
    errors = {}
    try:
        queryset = filter_reports(visible_reports(request.user), filters)
    except InputError as exc:
        errors, queryset = exc.errors, Report.objects.none()
    page = Paginator(queryset.select_related(*RELATED), 25).get_page(request.GET.get("page"))
    log.record_many(request.user, Action.LIST, page.object_list, via="web")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/list.html", {
        "page": page,
        "filters": filters,
        "errors": errors,
        "query": query.urlencode(),
        "collaborations": visible_collaborations(request.user),
        "areas": scoped_to_collaborations(request.user, Area.objects.all()),
        "groups": categories.grouped(),
        "statuses": Status.choices,
        "narrowing": _narrowing(request.user, filters),
        "can_export": can_export(request.user),
        "can_import": can_import(request.user),
    }, status=400 if errors else 200)


@login_required
def report_export(request):
    if not can_export(request.user):
        raise PermissionDenied(_("Din roll får inte exportera avvikelser."))
    filters = _filters(request)
    try:
        queryset = filter_reports(visible_reports(request.user), filters)
    except InputError as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
        return redirect("reports:list")
    csvio.record_export(request.user, filters.model_dump(exclude_none=True), queryset.count())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(csvio.export_rows(queryset),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="avvikelser-{stamp}.csv"'
    return response


@login_required
def report_import(request):
    """The form; a file sent is stored and imported by a background job, whose page shows
    its progress and result (a file up to the limits never times the request out)."""
    if not can_import(request.user):
        raise PermissionDenied(_("Din roll får inte importera avvikelser."))
    context: dict = {"columns": csvio.IMPORT_COLUMNS, "max_rows": imports.MAX_ROWS,
                     "max_mb": imports.MAX_BYTES // 1024 // 1024}
    if request.method == "POST":
        upload = request.FILES.get("file")
        problem = imports.upload_problem(upload)
        if problem is None:
            orgs = access_for(request.user).organisation_ids
            job = do_enqueue(request.user, IMPORT, {"filename": upload.name[:200]},
                             upload=upload,
                             organisation_id=next(iter(orgs)) if len(orgs) == 1 else None)
            return redirect("jobs:detail", job_id=job.pk)
        context["result"] = csvio.ImportResult(errors=[csvio.RowError(0, "", problem)]).summary()
        return render(request, "reports/import.html", context, status=400)
    return render(request, "reports/import.html", context)
