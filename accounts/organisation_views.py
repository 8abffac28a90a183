"""The organisation admin's pages: members, invitations, API tokens.

Parse, authorise, call, render. A user who administers no organisation gets 403; an
organisation, member, invitation or token outside the ones it administers is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import invitations, members, tokens
from accounts.models import Invitation
from orgs.models import Organisation, Role
from orgs.permissions import (
    administered_members,
    administered_organisations,
    administered_tokens,
    can_manage_accounts,
    forget_access,
)
from tryggve.errors import InputError

PAGE_SIZE = 100


def _organisation_or_404(user, slug: str) -> Organisation:
    if not can_manage_accounts(user):
        raise PermissionDenied(_("Bara organisationens administratörer hanterar användare."))
    organisation = administered_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404(_("Organisationen finns inte eller så administrerar du den inte."))
    return organisation


def _membership_or_404(user, organisation: Organisation, user_id: int):
    membership = (administered_members(user, organisation.pk).select_related("user")
                  .filter(user_id=user_id).first())
    if membership is None:
        raise Http404(_("Personen är inte medlem i organisationen."))
    return membership


def _invitation_or_404(organisation: Organisation, pk: int) -> Invitation:
    invitation = (Invitation.objects.pending().select_related("organisation", "invited_by")
                  .filter(organisation=organisation, pk=pk).first())
    if invitation is None:
        raise Http404(_("Inbjudan finns inte eller är redan mottagen."))
    return invitation


def _first_error(exc: InputError) -> str:
    return next(iter(exc.errors.values()))[0]


@login_required
def organisations(request):
    """The admin's way in: straight to its organisation, or a choice among several."""
    if not can_manage_accounts(request.user):
        raise PermissionDenied(_("Bara organisationens administratörer hanterar användare."))
    administered = list(administered_organisations(request.user).order_by("name"))
    if len(administered) == 1:
        return redirect("accounts:members", slug=administered[0].slug)
    return render(request, "accounts/organisations.html", {"organisations": administered})


@login_required
def member_list(request, slug: str):
    organisation = _organisation_or_404(request.user, slug)
    memberships = (administered_members(request.user, organisation.pk)
                   .select_related("user").order_by("user__username"))
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/members.html", {
        "organisation": organisation,
        "page": page,
        "invitations": organisation.invitations.pending().select_related("invited_by")
        .order_by("-created_at")[:invitations.MAX_PENDING_PER_ORGANISATION],
        "roles": Role.choices,
        "others": administered_organisations(request.user).exclude(pk=organisation.pk)
        .order_by("name")[:50],
    })


@login_required
def invite(request, slug: str):
    organisation = _organisation_or_404(request.user, slug)
    values = {"role": Role.REPORTER}
    if request.method == "POST":
        values = {"email": request.POST.get("email", ""), "role": request.POST.get("role", "")}
        try:
            invitation = invitations.do_invite(request.user, organisation, values,
                                               request.build_absolute_uri("/"))
        except InputError as exc:
            return render(request, "accounts/invite.html", {
                "organisation": organisation, "values": values, "errors": exc.errors,
                "roles": Role.choices}, status=exc.status)
        except invitations.MailNotSent:
            messages.error(request, _("Inbjudan är sparad, men e-postmeddelandet kunde inte "
                                      "skickas. Försök igen senare med ”Skicka igen”."))
            return redirect("accounts:members", slug=organisation.slug)
        messages.success(request, _("En inbjudan är skickad till %(email)s.")
                         % {"email": invitation.email})
        return redirect("accounts:members", slug=organisation.slug)
    return render(request, "accounts/invite.html", {
        "organisation": organisation, "values": values, "errors": {}, "roles": Role.choices})


@login_required
@require_POST
def resend_invitation(request, slug: str, pk: int):
    organisation = _organisation_or_404(request.user, slug)
    invitation = _invitation_or_404(organisation, pk)
    try:
        invitations.do_resend_invite(request.user, invitation, request.build_absolute_uri("/"))
    except InputError as exc:
        messages.error(request, _first_error(exc))
    except invitations.MailNotSent:
        messages.error(request, _("E-postmeddelandet kunde inte skickas. Försök igen senare."))
    else:
        messages.success(request, _("En ny länk är skickad till %(email)s; den gamla gäller "
                                    "inte längre.") % {"email": invitation.email})
    return redirect("accounts:members", slug=organisation.slug)


@login_required
@require_POST
def withdraw_invitation(request, slug: str, pk: int):
    organisation = _organisation_or_404(request.user, slug)
    invitation = _invitation_or_404(organisation, pk)
    try:
        invitations.do_withdraw_invite(request.user, invitation)
    except InputError as exc:
        messages.error(request, _first_error(exc))
    else:
        messages.success(request, _("Inbjudan till %(email)s är tillbakadragen.")
                         % {"email": invitation.email})
    return redirect("accounts:members", slug=organisation.slug)


@login_required
@require_POST
def change_role(request, slug: str, user_id: int):
    organisation = _organisation_or_404(request.user, slug)
    membership = _membership_or_404(request.user, organisation, user_id)
    try:
        membership = members.do_change_role(request.user, membership,
                                            request.POST.get("role", ""))
    except InputError as exc:
        messages.error(request, _first_error(exc))
    else:
        messages.success(request, _("%(user)s är nu %(role)s.") % {
            "user": membership.user.get_username(),
            "role": membership.get_role_display().lower()})
        forget_access(request.user)
        if not can_manage_accounts(request.user, organisation.pk):
            return redirect("home")  # the admin stepped down
    return redirect("accounts:members", slug=organisation.slug)


@login_required
def remove_member(request, slug: str, user_id: int):
    """GET asks for confirmation; POST removes."""
    organisation = _organisation_or_404(request.user, slug)
    membership = _membership_or_404(request.user, organisation, user_id)
    if request.method != "POST":
        return render(request, "accounts/remove.html", {
            "organisation": organisation, "membership": membership,
            "is_self": membership.user_id == request.user.pk})
    try:
        removal = members.do_deactivate(request.user, membership)
    except InputError as exc:
        messages.error(request, _first_error(exc))
        return redirect("accounts:members", slug=organisation.slug)
    if membership.user_id == request.user.pk:
        return redirect("login")  # the admin removed itself: its own sessions ended too
    text = _("%(user)s är borttagen från %(organisation)s.") % {
        "user": membership.user.get_username(), "organisation": organisation.name}
    if removal.account_deactivated:
        text += " " + _("Kontot är inaktiverat.")
    if removal.tokens_revoked:
        text += " " + ngettext("%(count)d API-nyckel återkallad.",
                               "%(count)d API-nycklar återkallade.",
                               removal.tokens_revoked) % {"count": removal.tokens_revoked}
    messages.success(request, text)
    return redirect("accounts:members", slug=organisation.slug)


@login_required
def token_list(request, slug: str):
    organisation = _organisation_or_404(request.user, slug)
    found = (administered_tokens(request.user, organisation.pk).select_related("user")
             .order_by("user__username", "-created_at"))
    return render(request, "accounts/organisation_tokens.html", {
        "organisation": organisation,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@login_required
@require_POST
def revoke_token(request, slug: str, pk: int):
    organisation = _organisation_or_404(request.user, slug)
    token = (administered_tokens(request.user, organisation.pk).select_related("user")
             .filter(pk=pk).first())
    if token is None:
        raise Http404(_("API-nyckeln finns inte."))
    tokens.do_revoke_token(request.user, token, organisation.pk)
    messages.success(request, _("API-nyckeln %(prefix)s… (%(user)s) är återkallad.")
                     % {"prefix": token.prefix, "user": token.user.get_username()})
    return redirect("accounts:organisation_tokens", slug=organisation.slug)
