"""Inviting a person into an organisation by e-mail, and accepting the invitation.

An admin invites an address with a role. The mail holds a one-time link; its token is
stored only as a hash. Accepting either creates a new account for that address (the
invitee chooses username and password) or, when an active account with that address
exists, adds the membership to it only once its owner has logged in: an invitation never
lets anyone take over an existing account. Deactivated accounts do not count: a returning
leaver gets a new account.
"""

import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Invitation
from audit import log
from audit.models import Action
from orgs.models import Membership, Organisation, Role, hash_token
from orgs.permissions import can_manage_accounts, forget_access
from tryggve import bounds
from tryggve.errors import InputError

logger = logging.getLogger(__name__)

MAX_PENDING_PER_ORGANISATION = 100


class MailNotSent(Exception):
    """The invitation is stored, but its mail could not be handed to the mail server."""

    def __init__(self, invitation: Invitation):
        super().__init__(f"Invitation {invitation.pk}: mail not sent")
        self.invitation = invitation


class InvitationUnusable(Exception):
    """The link is unknown, already used, withdrawn or expired."""


def normalise_email(raw) -> str:
    return BaseUserManager.normalize_email(str(raw or "").strip())


def active_accounts_with(email: str):
    return get_user_model().objects.filter(email__iexact=email, is_active=True)


def _require_admin(actor, organisation: Organisation) -> None:
    if not can_manage_accounts(actor, organisation.pk):
        raise PermissionDenied(_("Bara organisationens administratörer kan bjuda in."))


def _clean_invite(organisation: Organisation, data: dict) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    email = normalise_email(data.get("email"))
    if not email:
        errors["email"] = [_("Ange en e-postadress.")]
    elif len(email) > 254:
        errors["email"] = [_("Högst %(max)d tecken.") % {"max": 254}]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Ange en giltig e-postadress, t.ex. anna@example.se.")]
    role = data.get("role") or ""
    if role not in Role.values:
        errors["role"] = [_("Välj en roll.")]
    if errors:
        raise InputError(errors)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email,
                                 user__is_active=True).exists():
        raise InputError({"email": [_("Någon med den adressen är redan medlem.")]}, status=409)
    pending = organisation.invitations.usable()
    if pending.filter(email__iexact=email).exists():
        raise InputError({"email": [
            _("Adressen har redan en inbjudan som väntar. Skicka den igen i listan.")]},
            status=409)
    if pending.count() >= MAX_PENDING_PER_ORGANISATION:
        raise InputError({"email": [
            _("Organisationen har redan %(max)d inbjudningar som väntar. Dra tillbaka några "
              "först.") % {"max": MAX_PENDING_PER_ORGANISATION}]}, status=409)
    return email, role


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


def invitation_link(base_url: str, raw: str) -> str:
    return base_url.rstrip("/") + reverse("accounts:invitation", args=[raw])


def _send(invitation: Invitation, raw: str, base_url: str) -> None:
    """The mail is in Swedish, the product's language: we do not know the invitee's."""
    inviter = invitation.invited_by
    context = {
        "organisation": invitation.organisation.name,
        "role": str(Role(invitation.role).label).lower(),
        "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
        "link": invitation_link(base_url, raw),
        "expires_at": invitation.expires_at,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/mail/invitation_subject.txt", context)
        body = render_to_string("accounts/mail/invitation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [invitation.email])
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Invitation %s: the mail server refused the mail (%s)",
                       invitation.pk, type(exc).__name__)
        raise MailNotSent(invitation) from exc


def do_invite(actor, organisation: Organisation, data: dict, base_url: str) -> Invitation:
    """Store an invitation and mail its link. The mail is sent after the commit, so that
    a slow mail server holds no lock; if it fails, MailNotSent says so and the pending
    invitation can be sent again."""
    _require_admin(actor, organisation)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        email, role = _clean_invite(organisation, data)
        raw, hashed = _new_token()
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, token_hash=hashed,
            invited_by=actor if actor.pk else None, expires_at=_expiry())
        log.record_account_change(actor, Action.INVITE, organisation.pk,
                                  invitation=invitation.pk, email=email, role=role)
    _send(invitation, raw, base_url)
    return invitation


def do_resend_invite(actor, invitation: Invitation, base_url: str) -> Invitation:
    """A new link (the old one stops working) with a new expiry."""
    _require_admin(actor, invitation.organisation)
    with transaction.atomic():
        invitation = (Invitation.objects.pending().select_for_update(of=("self",))
                      .select_related("organisation", "invited_by")
                      .filter(pk=invitation.pk).first())
        if invitation is None:
            raise InputError({"invitation": [_("Inbjudan är redan mottagen.")]}, status=409)
        raw, invitation.token_hash = _new_token()
        invitation.expires_at = _expiry()
        invitation.save(update_fields=["token_hash", "expires_at"])
        log.record_account_change(actor, Action.INVITE_RESEND, invitation.organisation_id,
                                  invitation=invitation.pk, email=invitation.email)
    _send(invitation, raw, base_url)
    return invitation


def do_withdraw_invite(actor, invitation: Invitation) -> None:
    _require_admin(actor, invitation.organisation)
    with transaction.atomic():
        deleted, _rows = Invitation.objects.pending().filter(pk=invitation.pk).delete()
        if not deleted:
            raise InputError({"invitation": [_("Inbjudan är redan mottagen.")]}, status=409)
        log.record_account_change(actor, Action.INVITE_WITHDRAW, invitation.organisation_id,
                                  invitation=invitation.pk, email=invitation.email)


def find_invitation(raw: str | None) -> Invitation | None:
    """The usable invitation behind a link, if any."""
    if not raw:
        return None
    return (Invitation.objects.usable().select_related("organisation")
            .filter(token_hash=hash_token(raw)).first())


def email_matches(user, invitation: Invitation) -> bool:
    return bool(user.email) and user.email.casefold() == invitation.email.casefold()


def _clean_new_account(invitation: Invitation, data: dict) -> dict:
    User = get_user_model()
    errors: dict[str, list[str]] = {}
    username = str(data.get("username") or "").strip()
    if not username:
        errors["username"] = [_("Välj ett användarnamn.")]
    elif len(username) > 150:
        errors["username"] = [_("Högst %(max)d tecken.") % {"max": 150}]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [_("Använd bara bokstäver, siffror och @ . + - _")]
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = [_("Användarnamnet är upptaget. Välj ett annat.")]
    names = {key: bounds.clean_text(User, key, data.get(key), errors)
             for key in ("first_name", "last_name")}
    password = str(data.get("password1") or "")
    if not password:
        errors["password1"] = [_("Välj ett lösenord.")]
    elif password != str(data.get("password2") or ""):
        errors["password2"] = [_("Lösenorden är inte lika.")]
    else:
        candidate = User(username=username, email=invitation.email, **names)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as exc:
            errors["password1"] = list(exc.messages)
    if errors:
        raise InputError(errors)
    return {"username": username, "password": password, **names}


def do_accept_invite(raw: str, user=None, data: dict | None = None):
    """Use the invitation once: as the logged-in ``user`` whose address it was sent to, or,
    when nobody is logged in and no active account has that address, with a new account
    from ``data`` (username, first_name, last_name, password1, password2). Returns the
    member."""
    with transaction.atomic():
        invitation = (Invitation.objects.usable().select_for_update()
                      .filter(token_hash=hash_token(raw or "")).first())
        if invitation is None:
            raise InvitationUnusable()
        if user is not None and user.is_authenticated:
            if not user.is_active or not email_matches(user, invitation):
                raise PermissionDenied(_("Inbjudan gäller en annan e-postadress."))
            if Membership.objects.filter(user=user,
                                         organisation_id=invitation.organisation_id).exists():
                raise InputError({"invitation": [
                    _("Du är redan medlem i organisationen.")]}, status=409)
            member = user
        else:
            if active_accounts_with(invitation.email).exists():
                raise PermissionDenied(_("Det finns redan ett konto med den här adressen. "
                                         "Logga in med det för att ta emot inbjudan."))
            fields = _clean_new_account(invitation, data or {})
            try:
                with transaction.atomic():
                    member = get_user_model().objects.create_user(email=invitation.email,
                                                                  **fields)
            except IntegrityError as exc:  # the same username, chosen a moment earlier
                raise InputError({"username": [
                    _("Användarnamnet är upptaget. Välj ett annat.")]}) from exc
        Membership.objects.create(user=member, organisation_id=invitation.organisation_id,
                                  role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = member
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        forget_access(member)
        log.record_account_change(member, Action.INVITE_ACCEPT, invitation.organisation_id,
                                  invitation=invitation.pk, user=member.pk,
                                  username=member.get_username(), role=invitation.role)
    return member
