"""The ``tryggve`` console command.

Its own subcommands are thin names for Django management commands; anything else passes
through as with manage.py (``tryggve migrate``, ``tryggve createsuperuser``…).
"""

import os
import sys

COMMANDS = {
    "demo": ("demo", "load demo data if absent, then serve (--port N, --no-serve)"),
    "serve": ("serve", "serve with gunicorn, a production-grade server, and one job worker "
              "(--port N)"),
    "worker": ("worker", "run background jobs (web imports…) from the database queue "
               "(serve starts one)"),
    "token": ("token", "create an API token for USERNAME and print it"),
    "import-reports": ("import_reports", "import reports from a CSV FILE (all or nothing)"),
    "export-reports": ("export_reports", "export the reports as CSV to stdout or --output FILE"),
    "import-survey": ("import_survey", "import survey answers into SURVEY_ID from a CSV or "
                      "Excel FILE (all or nothing)"),
    "picture": ("picture", "the week's picture and meeting as PDF: COLLABORATION WEEK --pdf FILE"),
}

HELP = """usage: tryggve COMMAND [options]

Tryggve: the joint situational picture for safety work in residential areas.

commands:
{commands}

Any other Django management command works too (tryggve migrate, tryggve createsuperuser,
tryggve help). The database comes from DATABASE_URL; without it, a SQLite file under
TRYGGVE_DATA_DIR (default ./data). `tryggve COMMAND --help` shows a command's options.
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryggve.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        lines = "\n".join(f"  {name:<16} {text}" for name, (_, text) in COMMANDS.items())
        print(HELP.format(commands=lines))
        return 0
    if argv[1] in COMMANDS:
        argv[1] = COMMANDS[argv[1]][0]
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":  # `python -m tryggve.cli`: how `tryggve serve` starts its job worker
    sys.exit(main())
