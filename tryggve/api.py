"""The JSON API root: authentication and the shape of errors.

Browsers use their session (with CSRF); integrations send ``Authorization: Bearer <token>``
with a token from ``tryggve token USERNAME``. Every error is JSON:
``{"detail": "...", "errors": {"field": ["message", ...]}}``: 400 when the body is not
JSON, 422 when a value is refused (by its type in the schema or by the service), 401, 403,
404 and 409 as usual. Each operation documents the statuses it answers
(``tryggve.schemas.errors``). Messages follow the active language
(``tryggve.middleware``): Swedish, unless a browser session chose English.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from orgs.models import ApiToken, hash_token
from reports.intake import ReportInputError
from tryggve.errors import InputError
from tryggve.schemas import ERROR_MEANINGS, refusal


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


class SessionCookie(SessionAuth):
    """The browser's session, CSRF-checked; without a session cookie there is nothing to
    forge, so such a request goes on to 401 instead of failing the CSRF check."""

    def _get_key(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


class TryggveAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        """Ninja's, with each refused value kept as ``value`` so the message can quote it
        (Ninja drops pydantic's ``input``; the errors come in the same order)."""
        exc = super().validation_error_from_error_contexts(error_contexts)
        values = [error.get("input") for context in error_contexts
                  for error in context.pydantic_validation_error.errors(include_url=False)]
        for error, value in zip(exc.errors, values, strict=True):
            error["value"] = value
        return exc

    def get_openapi_schema(self, *args, **kwargs):
        """Ninja's, with each error answer described as this API means it."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for status, answer in operation["responses"].items():
                    if int(status) in ERROR_MEANINGS:
                        answer["description"] = ERROR_MEANINGS[int(status)]
        return schema


api = TryggveAPI(
    title="Tryggve API",
    version="1",
    description="Avvikelser (deviation reports) for the joint situational picture.",
    auth=[BearerToken(), SessionCookie(csrf=True)],
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
        errors.setdefault(".".join(loc) or "body", []).append(refusal(err))
    return _error(request, 422, _("Ogiltig indata."), errors)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """Ninja's own refusals: an unreadable body (400) and a failed CSRF check (403)."""
    if exc.status_code == 400:
        return _error(request, 400, _("Innehållet är inte giltig JSON."),
                      {"body": [_("Skicka ett JSON-objekt.")]})
    if exc.status_code == 403:
        return _error(request, 403, _("CSRF-kontrollen misslyckades: skicka CSRF-token "
                                      "eller använd en API-nyckel."))
    return _error(request, exc.status_code, str(exc))


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
