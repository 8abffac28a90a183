from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.management.commands._actor import actor
from surveys.importing import import_survey
from surveys.models import Survey


class Command(BaseCommand):
    help = (
        "Import survey results into SURVEY_ID from a CSV or Excel (.xlsx) FILE, per "
        "respondent (area/property + one column per question code) or as aggregates "
        "(area/property, question, and n + share or one count column per answer). Every row "
        "is checked first; if any row is bad, nothing is stored. An import replaces the "
        "survey's earlier counts for the areas in the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("survey_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="act as this user (default: the console operator)")

    def handle(self, survey_id: int, file: Path, user=None, **options):
        survey = Survey.objects.filter(pk=survey_id).first()
        if survey is None:
            raise CommandError(f"No survey with id {survey_id}.")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        result = import_survey(actor(user), survey, file.read_bytes(), file.name)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        self.stdout.write(
            f"Imported {result.created} row(s) ({result.layout}), {result.answers} answer(s), "
            f"into survey {survey.pk} '{survey.title}'; replaced the counts of area(s): "
            f"{', '.join(result.areas)}.")
