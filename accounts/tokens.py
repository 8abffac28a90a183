"""API tokens: a user issues its own, the owner or the organisation's admin revokes them.

A token is shown once, when it is issued; only its hash is stored. It lives at most
API_TOKEN_DAYS (a year by default); the bearer authentication in tryggve/api.py refuses it
afterwards.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import Action
from orgs.models import ApiToken
from orgs.permissions import administered_tokens
from tryggve import bounds
from tryggve.errors import InputError

MAX_LIVE_TOKENS_PER_USER = 10


def token_days(raw) -> int:
    """The lifetime asked for: whole days from 1 to API_TOKEN_DAYS, by default the most."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return settings.API_TOKEN_DAYS
    days = int(text) if text.isdigit() and len(text) < 7 else 0
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise InputError({"days": [_("Ange ett antal dagar mellan 1 och %(max)d.")
                                   % {"max": settings.API_TOKEN_DAYS}]})
    return days


def _label(raw) -> str:
    errors: dict[str, list[str]] = {}
    label = bounds.clean_text(ApiToken, "label", raw, errors)
    if errors:
        raise InputError(errors)
    return label


def do_issue_token(actor, owner, data: dict) -> tuple[ApiToken, str]:
    """A new token for ``owner`` (``label``, ``days``), issued by the owner itself or by the
    platform's operator (``tryggve token``). Returns the token and its raw value, which is
    never stored and cannot be shown again."""
    if not (getattr(actor, "is_superuser", False) or actor.pk == owner.pk):
        raise PermissionDenied(_("Du kan bara skapa API-nycklar åt dig själv."))
    if not owner.is_active:
        raise PermissionDenied(_("Kontot är inaktiverat."))
    days = token_days(data.get("days"))
    label = _label(data.get("label"))
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        live = ApiToken.objects.filter(user=owner, expires_at__gt=timezone.now()).count()
        if live >= MAX_LIVE_TOKENS_PER_USER:
            raise InputError({"label": [
                _("Du har redan %(max)d giltiga API-nycklar. Återkalla någon först.")
                % {"max": MAX_LIVE_TOKENS_PER_USER}]}, status=409)
        token, raw = ApiToken.issue(owner, days=days, label=label)
        log.record_account_change(actor, Action.TOKEN_ISSUE, None, token=token.pk,
                                  prefix=token.prefix, user=owner.pk,
                                  username=owner.get_username(),
                                  expires_at=token.expires_at.isoformat())
    return token, raw


def may_revoke(actor, token: ApiToken, organisation_id: int | None = None) -> bool:
    """The owner, superusers, and the admins of the owner's organisations (of that one
    organisation, when it is named)."""
    if organisation_id is None and (getattr(actor, "is_superuser", False)
                                    or actor.pk == token.user_id):
        return True
    return administered_tokens(actor, organisation_id).filter(pk=token.pk).exists()


def do_revoke_token(actor, token: ApiToken, organisation_id: int | None = None) -> None:
    """Revoke (delete) a token; it stops working at once. ``organisation_id`` names the
    organisation whose admin revokes it: the token must belong to one of its members, and
    the entry goes to that organisation's audit log."""
    if not may_revoke(actor, token, organisation_id):
        raise PermissionDenied(_("Du får inte återkalla den här API-nyckeln."))
    with transaction.atomic():
        deleted, _rows = ApiToken.objects.filter(pk=token.pk).delete()
        if deleted:
            log.record_account_change(actor, Action.TOKEN_REVOKE, organisation_id,
                                      token=token.pk, prefix=token.prefix,
                                      user=token.user_id)
