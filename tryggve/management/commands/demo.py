"""`tryggve demo`: migrate, load the demo data if absent, print the logins, serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tryggve.demo.load import DEMO_PASSWORD, load_demo
from tryggve.management.commands.serve import serve


class Command(BaseCommand):
    help = "Load the demo collaborations (once) and serve Tryggve on http://127.0.0.1:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="load the data, then stop")

    def handle(self, port, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        summary = load_demo()
        self.stdout.write(
            f"Demo data: {summary.reports_created} new reports "
            f"({summary.reports_total} in all) in {summary.seconds:.1f} s.\n")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in summary.logins:
            self.stdout.write(f"  {login.username:<24} {login.role:<15} {login.organisation}"
                              f" – {login.description}")
        if no_serve:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"\nTryggve runs on http://127.0.0.1:{port}  (Ctrl+C stops it)\n")
        self.stdout.flush()
        serve("127.0.0.1", port, 2)
