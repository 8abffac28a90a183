from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.csvio import IMPORT_COLUMNS, import_reports
from reports.management.commands._actor import actor


class Command(BaseCommand):
    help = (
        "Import reports from a CSV file. Every row is checked first; if any row is bad, "
        f"nothing is stored. Columns: {', '.join(IMPORT_COLUMNS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="act as this user (default: the console operator; "
                                           "rows must then name collaboration and organisation)")

    def handle(self, file: Path, user=None, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = import_reports(actor(user), file.read_bytes())
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"Imported {result.created} report(s); {result.existing} already "
                          "existed.")
