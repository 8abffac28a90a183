"""The language of a request: Swedish, unless the user chose English.

Tryggve is Swedish first. Django's LocaleMiddleware would follow the browser's
Accept-Language and show English to anyone whose phone is set to English; here only an
explicit choice counts: the language cookie that ``/i18n/setlang/`` sets (the switch in
the page header). API clients with a token send no such cookie and get Swedish.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGES = ("sv", "en")
DEFAULT = "sv"


def chosen_language(request) -> str:
    """The language from the cookie if it is one we offer, else Swedish."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGES else DEFAULT


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards, so that nothing after the
        # response (or the next test in the same thread) inherits this request's choice.
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
