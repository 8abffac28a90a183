"""Who a file import or export from the command line acts as."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


class SystemActor:
    """The operator at the console: sees every collaboration, like a superuser.

    Rows of an import must then name their collaboration and organisation themselves.
    """

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True

    def get_username(self) -> str:
        return "(console)"


def actor(username: str | None):
    if not username:
        return SystemActor()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user '{username}'.")
    return user
