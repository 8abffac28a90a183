import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Collaboration
from orgs.permissions import is_member
from picture.pdf import render_pdf
from reports import weeks
from reports.management.commands._actor import actor


class Command(BaseCommand):
    help = "Write the week's picture and meeting of a collaboration as a PDF (A4, Swedish)."

    def add_arguments(self, parser):
        parser.add_argument("collaboration", help="the collaboration's slug, e.g. est-botkyrka")
        parser.add_argument("week", help="ISO week, e.g. 2025-W23")
        parser.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
        parser.add_argument("--user", help="show what this user may see (must be a member)")

    def handle(self, collaboration, week, pdf, user=None, **options):
        try:
            key = weeks.parse_week(week)
        except weeks.InvalidWeek as exc:
            raise CommandError(str(exc)) from exc
        collab = Collaboration.objects.filter(slug=collaboration).first()
        if collab is None:
            known = ", ".join(Collaboration.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Ingen samverkan '{collaboration}' (finns: {known or 'inga'}).")
        who = actor(user)
        if not is_member(who, collab.pk):
            raise CommandError(f"{who.get_username()} är inte medlem i {collab.name}.")
        started = time.perf_counter()
        data = render_pdf(who, collab, key)
        path = Path(pdf)
        path.write_bytes(data)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{path} ({len(data) / 1024:.0f} kB, {seconds:.1f} s)")
