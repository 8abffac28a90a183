"""System checks for the mail and account settings."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_account_settings(app_configs, **kwargs):
    problems = []
    if settings.API_TOKEN_DAYS < 1:
        problems.append(Error("TRYGGVE_API_TOKEN_DAYS must be at least 1.", id="accounts.E001"))
    if settings.INVITATION_DAYS < 1:
        problems.append(Error("TRYGGVE_INVITATION_DAYS must be at least 1.",
                              id="accounts.E002"))
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        problems.append(Error("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.",
                              hint="SSL for port 465, TLS (STARTTLS) for port 587.",
                              id="accounts.E003"))
    return problems


@register(deploy=True)
def check_mail_is_sent(app_configs, **kwargs):
    """Invitations and password resets are useless if their mail lands in a file."""
    if settings.EMAIL_BACKEND.endswith(("filebased.EmailBackend", "console.EmailBackend")):
        return [Warning(
            "Mail (invitations, password resets) is not sent: EMAIL_HOST is not set.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                 "DEFAULT_FROM_EMAIL) to an SMTP server.",
            id="accounts.W001")]
    return []
