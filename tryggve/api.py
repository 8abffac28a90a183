"""The JSON API root: authentication and the shape of errors.

Browsers use their session (with CSRF); integrations send ``Authorization: Bearer <token>``
with a token from ``tryggve token USERNAME``. Every error is JSON:
``{"detail": "...", "errors": {"field": ["message", ...]}}``. Messages follow the active
language (``tryggve.middleware``): Swedish, unless a browser session chose English.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from orgs.models import ApiToken, hash_token
from reports.intake import ReportInputError
from tryggve.errors import InputError


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True,
                    expires_at__gt=timezone.now())
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="Tryggve API",
    version="1",
    description="Avvikelser (deviation reports) for the joint situational picture.",
    auth=[BearerToken(), SessionAuth(csrf=True)],
    urls_namespace="api",
)


# Where Ninja nests a parameter; the caller only cares about the field's own name.
WRAPPERS = ("body", "query", "path", "payload", "filters")


def _error(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(ReportInputError)
def on_report_input_error(request, exc: ReportInputError):
    return _error(request, exc.status, _("Rapporten kunde inte tas emot."), exc.errors)


@api.exception_handler(InputError)
def on_input_error(request, exc: InputError):
    """Every other service's input error (picture, surveys, measures), same shape."""
    return _error(request, exc.status, _("Ogiltig indata."), exc.errors)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in WRAPPERS]
        errors.setdefault(".".join(loc) or "body", []).append(err.get("msg", _("Ogiltigt värde.")))
    return _error(request, 422, _("Ogiltig indata."), errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401,
                  _("Inloggning krävs: logga in eller skicka en giltig API-nyckel."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, str(exc) or _("Du har inte behörighet."))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Hittades inte."))


api.add_router("/", "reports.api.router")
api.add_router("/", "picture.api.router")
api.add_router("/", "surveys.api.router")
api.add_router("/", "measures.api.router")
