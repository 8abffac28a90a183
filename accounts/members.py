"""An organisation's admin sets its members' roles and removes leavers.

Every change locks the organisation's row first, so that two admins demoting each other at
the same moment cannot leave the organisation without an admin.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.sessions import end_sessions
from audit import log
from audit.models import Action
from orgs.models import ApiToken, Membership, Organisation, Role
from orgs.permissions import can_manage_accounts, forget_access
from tryggve.errors import InputError


@dataclass(frozen=True)
class Removal:
    """What removing a member did (shown to the admin)."""

    account_deactivated: bool
    tokens_revoked: int
    sessions_ended: int


def _require_admin(actor, organisation_id: int) -> None:
    if not can_manage_accounts(actor, organisation_id):
        raise PermissionDenied(_("Bara organisationens administratörer kan ändra medlemmar."))


def _locked(membership: Membership) -> Membership:
    """Lock the organisation, then read the membership afresh (it may be gone)."""
    Organisation.objects.select_for_update().filter(pk=membership.organisation_id).first()
    fresh = (Membership.objects.select_related("user", "organisation")
             .filter(pk=membership.pk).first())
    if fresh is None:
        raise InputError({"member": [_("Personen är inte längre medlem.")]}, status=409)
    return fresh


def _is_last_admin(membership: Membership) -> bool:
    return membership.role == Role.ADMIN and not Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.ADMIN,
    ).exclude(pk=membership.pk).exists()


LAST_ADMIN = gettext_lazy("Organisationen måste ha minst en administratör. Gör någon annan "
                          "till administratör först.")


def do_change_role(actor, membership: Membership, role: str) -> Membership:
    _require_admin(actor, membership.organisation_id)
    if role not in Role.values:
        raise InputError({"role": [_("Välj en roll.")]})
    with transaction.atomic():
        membership = _locked(membership)
        before = membership.role
        if before == role:
            return membership
        if _is_last_admin(membership):
            raise InputError({"role": [str(LAST_ADMIN)]}, status=409)
        membership.role = role
        membership.save(update_fields=["role"])
        forget_access(membership.user)
        log.record_account_change(actor, Action.ROLE_CHANGE, membership.organisation_id,
                                  user=membership.user_id,
                                  username=membership.user.get_username(),
                                  role=[before, role])
    return membership


def do_deactivate(actor, membership: Membership) -> Removal:
    """A leaver: the membership goes; without any other membership the account is
    deactivated (it can no longer log in, and the audit log keeps its name), its API
    tokens are revoked and its sessions end. A person who stays a member elsewhere keeps
    its tokens and sessions, which from now on reach only what that other organisation
    may (access is computed from the memberships on every request)."""
    _require_admin(actor, membership.organisation_id)
    with transaction.atomic():
        membership = _locked(membership)
        user = membership.user
        if user.is_superuser and not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("En superanvändare kan bara tas bort av en "
                                     "superanvändare."))
        if _is_last_admin(membership):
            raise InputError({"member": [str(LAST_ADMIN)]}, status=409)
        membership.delete()
        deactivate = not Membership.objects.filter(user=user).exists()
        tokens_revoked = sessions_ended = 0
        if deactivate:
            user.is_active = False
            user.save(update_fields=["is_active"])
            tokens_revoked, _rows = ApiToken.objects.filter(user=user).delete()
            sessions_ended = end_sessions(user)
        forget_access(user)
        log.record_account_change(actor, Action.MEMBER_REMOVE, membership.organisation_id,
                                  user=user.pk, username=user.get_username(),
                                  role=membership.role, deactivated=deactivate,
                                  tokens_revoked=tokens_revoked)
    return Removal(deactivate, tokens_revoked, sessions_ended)
