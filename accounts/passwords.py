"""Changing and resetting one's own password.

Django's PasswordChangeView and PasswordReset* views do the work; their forms save through
``do_set_password`` so that the change is audited. A new password changes the session
hash, so every other session of the user ends; PasswordChangeView keeps the current one
(update_session_auth_hash), a reset keeps none.
"""

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db import transaction

from audit import log
from audit.models import Action


def do_set_password(user, password: str, action: str) -> object:
    """Store a validated new password for ``user`` (``action``: PASSWORD_CHANGE, or
    PASSWORD_RESET from the mailed link) and audit it."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        log.record_account_change(user, action, None, user=user.pk)
    return user


class ChangePasswordForm(PasswordChangeForm):
    def save(self, commit=True):
        return do_set_password(self.user, self.cleaned_data["new_password1"],
                               Action.PASSWORD_CHANGE)


class ResetPasswordForm(SetPasswordForm):
    def save(self, commit=True):
        return do_set_password(self.user, self.cleaned_data["new_password1"],
                               Action.PASSWORD_RESET)

