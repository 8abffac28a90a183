from django.core.management.base import BaseCommand

from inspections.checklists import load_default_checklist


class Command(BaseCommand):
    help = "Create the default safe-house checklist (does nothing if it exists)."

    def handle(self, *args, **options):
        template = load_default_checklist()
        self.stdout.write(f"{template} ({template.sections.count()} sections)")
