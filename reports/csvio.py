"""CSV import and export of reports.

Import validates every row before it stores any: a file with one bad row stores
nothing, and every bad row is reported with its line number and reason.
"""

import csv
import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import Action
from orgs.permissions import can_view_report
from reports.intake import Lookup, ReportInputError, clean_report
from reports.models import Report, Source
from tryggve import imports
from tryggve.spreadsheet import safe_row

IMPORT_COLUMNS = [
    "id", "collaboration", "organisation", "category", "level", "occurred_at", "latitude",
    "longitude", "area", "property", "place", "address", "people_count", "text", "visibility",
]
EXPORT_COLUMNS = IMPORT_COLUMNS + ["week", "status", "reported_at", "h3_cell", "source"]
MAX_BYTES = imports.MAX_BYTES
MAX_ROWS = imports.MAX_ROWS
SHOWN_ERRORS = 200  # a page (and a job's stored result) lists at most this many errors
STORE_BATCH = 1000


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        values = {"line": self.line, "field": self.field, "message": self.message}
        if self.line and self.field:
            return _("rad %(line)d, %(field)s: %(message)s") % values
        if self.line:
            return _("rad %(line)d: %(message)s") % values
        if self.field:
            return _("filen, %(field)s: %(message)s") % values
        return _("filen: %(message)s") % values


@dataclass
class ImportResult:
    created: int = 0
    existing: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        """What a page shows of the result (JSON, so a job can store it): the counts and
        the first SHOWN_ERRORS errors, in the active language."""
        shown = [str(e) for e in self.errors[:SHOWN_ERRORS]]
        return {"ok": self.ok, "created": self.created, "existing": self.existing,
                "error_count": len(self.errors), "errors": shown,
                "more": len(self.errors) - len(shown)}


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValueError(imports.too_big_message())
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("Filen är inte UTF-8-kodad (spara som CSV UTF-8).")) from exc


def _reader(text: str) -> csv.DictReader:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)


def import_reports(user, data: bytes, *, progress: Callable[[int, int], None] | None = None,
                   on_stored: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Validate all rows, then store all of them in one transaction, or none.

    ``progress(done, total)`` is told how far it has come (rows checked, then rows stored);
    ``on_stored(result)`` is called inside the storing transaction, after the rows, so what
    it writes (a background job's "done") commits with them or not at all."""
    progress = progress or (lambda done, total: None)
    result = ImportResult()
    try:
        reader = _reader(_decode(data))
        header = [h.strip() for h in (reader.fieldnames or [])]
    except (ValueError, csv.Error) as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    if not header:
        result.errors.append(RowError(0, "", _("Filen är tom.")))
        return result
    if "category" not in header:
        result.errors.append(RowError(1, "", _("Rubrikraden saknar kolumnen 'category'.")))
        return result
    unknown = [h for h in header if h not in EXPORT_COLUMNS]  # export-only ones are ignored
    if unknown:
        message = _("Okända kolumner: %(columns)s.") % {"columns": ", ".join(unknown)}
        result.errors.append(RowError(1, "", message))
        return result
    reader.fieldnames = header
    rows: list[tuple[int, dict]] = []
    try:
        for row in reader:
            line = reader.line_num
            if len(rows) + len(result.errors) >= MAX_ROWS:
                message = _("Högst %(max)d rader per fil.") % {"max": MAX_ROWS}
                result.errors.append(RowError(line, "", message))
                break
            if None in row:
                result.errors.append(RowError(line, "", _("Raden har fler fält än rubrikraden.")))
                continue
            if not any((v or "").strip() for v in row.values()):
                continue
            rows.append((line, row))
    except csv.Error as exc:
        message = _("Felaktig CSV: %(error)s.") % {"error": exc}
        result.errors.append(RowError(reader.line_num, "", message))
    # A row whose id is already stored is a resend (as in the API): it counts as existing
    # without being checked again, so an exported file imports again as it is.
    existing = _stored(_row_id(row) for _, row in rows)
    lookup, new, seen = Lookup(), [], {}
    total = 2 * len(rows)  # checked, then stored
    for checked, (line, row) in enumerate(rows):
        if checked % STORE_BATCH == 0:
            progress(checked, total)
        row_id = _row_id(row)
        if row_id in seen:
            message = _("Samma id som rad %(line)d.") % {"line": seen[row_id]}
            result.errors.append(RowError(line, "id", message))
            continue
        found = existing.get(row_id)
        if found is not None:
            seen[row_id] = line
            if can_view_report(user, found):
                result.existing += 1
            else:
                result.errors.append(
                    RowError(line, "id", _("Id:t används redan av en annan rapport.")))
            continue
        try:
            clean = clean_report(user, row, source=Source.IMPORT, lookup=lookup)
        except ReportInputError as exc:
            result.errors.extend(
                RowError(line, f, m) for f, msgs in exc.errors.items() for m in msgs)
            continue
        seen[clean.id] = line
        new.append(Report(**clean.fields))
    if result.errors:
        result.existing = 0
        return result
    total = len(rows) + len(new)
    with transaction.atomic():
        for start in range(0, len(new), STORE_BATCH):
            progress(len(rows) + start, total)
            batch = new[start : start + STORE_BATCH]
            Report.objects.bulk_create(batch)
            log.record_many(user, Action.IMPORT, batch)
        result.created = len(new)
        if on_stored is not None:
            on_stored(result)
    progress(total, total)
    return result


def _row_id(row: dict) -> uuid.UUID | None:
    try:
        return uuid.UUID((row.get("id") or "").strip())
    except ValueError:
        return None  # no id, or a malformed one that clean_report names


def _stored(ids: Iterable[uuid.UUID | None], chunk: int = 5000) -> dict[uuid.UUID, Report]:
    wanted = list({i for i in ids if i is not None})
    found: dict[uuid.UUID, Report] = {}
    for start in range(0, len(wanted), chunk):  # PostgreSQL takes at most 65535 parameters
        found |= {r.pk: r for r in Report.objects.filter(pk__in=wanted[start : start + chunk])}
    return found


def _row(report: Report) -> list:
    local = timezone.localtime
    return [
        report.pk, report.collaboration.slug, report.organisation.slug, report.category,
        report.level, local(report.occurred_at).isoformat(timespec="minutes"),
        "" if report.latitude is None else f"{report.latitude:.6f}",
        "" if report.longitude is None else f"{report.longitude:.6f}",
        report.area.slug if report.area else "", report.property.address if report.property
        else "", report.place.name if report.place else "", report.address,
        "" if report.people_count is None else report.people_count, report.text,
        report.visibility, report.iso_week_label, report.status,
        local(report.reported_at).isoformat(timespec="minutes"), report.h3_cell, report.source,
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_rows(queryset) -> Iterator[str]:
    """CSV lines of the given reports, streamed so a large export never sits in memory;
    text that a spreadsheet would run as a formula is written as text (safe_row)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    related = ("collaboration", "organisation", "area", "property", "place")
    for report in queryset.select_related(*related).order_by("occurred_at", "id").iterator(
        chunk_size=2000
    ):
        yield writer.writerow(safe_row(_row(report)))


def record_export(user, filters: dict, count: int) -> None:
    log.record(user, Action.EXPORT, None, filters=filters, count=count)


def write_export(queryset, out: Iterable | io.TextIOBase) -> int:
    lines = 0
    for line in export_rows(queryset):
        out.write(line)
        lines += 1
    return lines - 1
