from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from orgs.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user '{username}'.")
        _, raw = ApiToken.issue(user)
        self.stderr.write(f"Token for {username} (send as 'Authorization: Bearer <token>'):")
        self.stdout.write(raw)
