from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.tokens import do_issue_token
from reports.management.commands._actor import SystemActor
from tryggve.errors import InputError


class Command(BaseCommand):
    help = ("Create an API token for USERNAME and print it (it is shown only once), with "
            "its expiry.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", help="days until the token expires (default and most: "
                            "TRYGGVE_API_TOKEN_DAYS, 365)")
        parser.add_argument("--label", default="", help="what the token is for")

    def handle(self, username, days=None, label="", **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user '{username}'.")
        try:
            token, raw = do_issue_token(SystemActor(), user, {"days": days, "label": label})
        except InputError as exc:
            raise CommandError(" ".join(m for ms in exc.errors.values() for m in ms)) from exc
        expires = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        self.stderr.write(f"Token for {username}, valid until {expires} "
                          "(send as 'Authorization: Bearer <token>'):")
        self.stdout.write(raw)
