from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.permissions import can_import
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
        who = actor(user)
        if not (who.is_superuser or can_import(who)):  # the same rule as the import page
            raise CommandError(f"{who.get_username()} may not import reports (role).")
        result = import_reports(who, file.read_bytes())
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(f"Imported {result.created} report(s); {result.existing} already "
                          "existed.")
