"""The error pages: Swedish pages for people, JSON for the API, never a traceback.

Django calls these for 400, 403, 404 and 500 (handler400 … in tryggve/urls.py), for a
refused CSRF token (CSRF_FAILURE_VIEW) and, through django-axes, for a locked-out login.
The 400 and 500 pages are plain templates rendered without the request's context: they
must not fail on the very request that went wrong (a foreign Host, an unreadable body,
a database that is down).
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def wants_json(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def _plain(template: str, status: int) -> HttpResponse:
    return HttpResponse(loader.get_template(template).render(), status=status)


def bad_request(request, exception=None):
    message = _("Förfrågan kunde inte läsas. Gå tillbaka och försök igen.")
    if wants_json(request):
        return _json(400, message)
    return _plain("400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if wants_json(request):
        return _json(403, _("Du har inte behörighet till det här."))
    message = str(exception) if exception is not None else ""
    return render(request, "403.html", {"exception": message}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if wants_json(request):
        return _json(404, _("Hittades inte."))
    return render(request, "404.html", status=404)


def server_error(request):
    if wants_json(request):
        return _json(500, _("Ett fel uppstod hos oss. Försök igen om en stund."))
    return _plain("500.html", 500)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form whose security token was missing or stale (an old tab, blocked cookies)."""
    if wants_json(request):
        return _json(403, _("CSRF-kontrollen misslyckades. Ladda om sidan och försök igen."))
    return render(request, "csrf_failure.html", status=403)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout: too many failed logins for this username from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("För många misslyckade inloggningar. Av säkerhetsskäl är inloggningen "
                "spärrad i %(minutes)d minuter. Försök igen senare, eller be en "
                "administratör om hjälp.") % {"minutes": minutes}
    if wants_json(request):
        response = _json(429, message)
    else:
        response = render(request, "locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
