"""The session engine (SESSION_ENGINE = "accounts.sessions"): Django's database sessions,
stored with the id of the logged-in account so that its sessions can be ended at once."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        raw = data.get(SESSION_KEY)
        instance.account_id = int(raw) if str(raw or "").isdigit() else None
        return instance


def end_sessions(user) -> int:
    """Log the user out everywhere; returns how many sessions ended."""
    from accounts.models import UserSession

    ended, _rows = UserSession.objects.filter(account_id=user.pk).delete()
    return ended
