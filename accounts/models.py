"""Invitations: how an organisation's admin brings a person in.

The link in the mail carries a random token; only its SHA-256 hash is stored, so a copy of
the database opens no invitation. An invitation can be used once (``accepted_at``) and
until ``expires_at`` (INVITATION_DAYS after it was sent or sent again).
"""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation, Role


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None)

    def usable(self):
        return self.pending().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("organisation"))
    email = models.EmailField(_("e-postadress"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("inbjuden av"))
    created_at = models.DateTimeField(_("skickad"), default=timezone.now)
    expires_at = models.DateTimeField(_("giltig till"))
    accepted_at = models.DateTimeField(_("mottagen"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("mottagen av"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class UserSession(AbstractBaseSession):
    """Django's database session, plus the id of the account logged in with it, so that
    ending a leaver's sessions is one indexed delete instead of decoding every session
    (Django's "extending database-backed session engines"; see accounts.sessions)."""

    account_id = models.BigIntegerField(null=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("inloggning")
        verbose_name_plural = _("inloggningar")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore
