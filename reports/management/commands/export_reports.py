from django.core.management.base import BaseCommand, CommandError

from orgs.permissions import can_export, visible_reports
from reports.csvio import record_export, write_export
from reports.filters import ReportFilter, filter_reports
from reports.management.commands._actor import actor
from tryggve.errors import InputError


class Command(BaseCommand):
    help = "Export reports as CSV (UTF-8) to stdout or --output FILE."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: stdout)")
        parser.add_argument("--user", help="export only what this user may see")
        for name in ReportFilter.model_fields:
            parser.add_argument(f"--{name}")

    def handle(self, output=None, user=None, **options):
        who = actor(user)
        if not can_export(who):  # the same rule as the export page
            raise CommandError(f"{who.get_username()} may not export reports (role).")
        filters = ReportFilter(**{k: options.get(k) for k in ReportFilter.model_fields})
        try:
            queryset = filter_reports(visible_reports(who), filters)
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        out = open(output, "w", encoding="utf-8", newline="") if output else self.stdout
        try:
            count = write_export(queryset, out)
        finally:
            if output:
                out.close()
        record_export(who, filters.model_dump(exclude_none=True), count)
        self.stderr.write(f"Exported {count} report(s).")
