"""A person's own account: accepting an invitation, its API tokens, its password.

Parse, authorise, call, render; the rules live in accounts.invitations, accounts.tokens
and accounts.passwords.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import invitations, tokens
from accounts.passwords import ChangePasswordForm, ResetPasswordForm
from orgs.models import ApiToken
from tryggve.clientaddr import rate_subject
from tryggve.errors import InputError
from tryggve.limits import counters
from tryggve.limits.counters import Limit

INVITATION_SESSION_KEY = "_accounts_invitation_token"
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
NEW_ACCOUNT_FIELDS = ("username", "first_name", "last_name")


def invitation_link(request, token: str):
    """The link from the mail. Its token moves into the session and the browser goes on
    to an address without it, so that it leaks through neither the Referer header nor the
    history (as Django's PasswordResetConfirmView does)."""
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:accept_invitation")


def _acceptance_state(user, invitation) -> str:
    """accept: logged in with the invited address; other_account: logged in as someone
    else; log_in: an account with the address exists; create: a new account is made."""
    if user.is_authenticated:
        return "accept" if invitations.email_matches(user, invitation) else "other_account"
    if invitations.active_accounts_with(invitation.email).exists():
        return "log_in"
    return "create"


def _unusable(request):
    request.session.pop(INVITATION_SESSION_KEY, None)
    return render(request, "accounts/invitation_unusable.html", status=410)


@never_cache
def accept_invitation(request):
    raw = request.session.get(INVITATION_SESSION_KEY)
    invitation = invitations.find_invitation(raw)
    if invitation is None:
        return _unusable(request)
    state = _acceptance_state(request.user, invitation)
    context = {"invitation": invitation, "state": state, "values": {}, "errors": {}}
    if request.method != "POST" or state not in ("accept", "create"):
        return render(request, "accounts/accept.html", context)
    data = request.POST.dict()
    try:
        member = invitations.do_accept_invite(
            raw, request.user if state == "accept" else None, data)
    except invitations.InvitationUnusable:
        return _unusable(request)
    except InputError as exc:
        context |= {"values": {k: data.get(k, "") for k in NEW_ACCOUNT_FIELDS},
                    "errors": exc.errors}
        return render(request, "accounts/accept.html", context, status=exc.status)
    request.session.pop(INVITATION_SESSION_KEY, None)
    if state == "create":
        login(request, member, backend=PASSWORD_BACKEND)
    messages.success(request, _("Välkommen till %(organisation)s!")
                     % {"organisation": invitation.organisation.name})
    return redirect("home")


@login_required
@never_cache
def token_list(request):
    """The user's own tokens; a new one is shown on the answer to the POST that made it,
    and never again (it is not put in a message, which would keep it in a cookie)."""
    values, errors, raw, status = {}, {}, None, 200
    if request.method == "POST":
        values = {"label": request.POST.get("label", ""), "days": request.POST.get("days", "")}
        try:
            _token, raw = tokens.do_issue_token(request.user, request.user, values)
        except InputError as exc:
            errors, status = exc.errors, exc.status
        else:
            values = {}
    own = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "accounts/tokens.html", {
        "tokens": own, "raw": raw, "values": values, "errors": errors,
        "max_days": settings.API_TOKEN_DAYS}, status=status)


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404(_("API-nyckeln finns inte."))
    tokens.do_revoke_token(request.user, token)
    messages.success(request, _("API-nyckeln %(prefix)s… är återkallad.")
                     % {"prefix": token.prefix})
    return redirect("accounts:tokens")


class AccountView(auth_views.PasswordChangeView):
    """My account: who I am and where, my password (changed here), my API tokens."""

    form_class = ChangePasswordForm
    template_name = "accounts/account.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "memberships": user.memberships.select_related("organisation")
            .order_by("organisation__name"),
            "live_tokens": ApiToken.objects.filter(user=user,
                                                   expires_at__gt=timezone.now()).count(),
        }


password_change = AccountView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html")
# A reset sends mail: at most this many requests an hour from one address, so that the
# page can neither flood someone's inbox nor probe addresses at speed.
RESET_LIMIT = Limit("accounts-password-reset", count=5, seconds=3600)

_password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/mail/password_reset.txt",
    subject_template_name="accounts/mail/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"))


def password_reset(request):
    if request.method == "POST" and not counters.hit(RESET_LIMIT, rate_subject(request)):
        response = render(request, "accounts/password_reset.html", {"limited": True},
                          status=429)
        response["Retry-After"] = str(counters.retry_after(RESET_LIMIT))
        return response
    return _password_reset(request)


password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=ResetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"))
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html")
