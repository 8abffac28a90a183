"""Translation for the plain-Python modules (categories, privacy).

Those modules are also used where Django is not configured (pure-Python test runs,
scripts). There these functions leave the Swedish source text as it is, instead of
failing; under Django they are Django's own. The names are the ones ``makemessages``
looks for, so strings marked with them land in the catalogue.
"""

from django.utils.functional import lazy


def _configured() -> bool:
    from django.conf import settings

    return settings.configured


def gettext(message: str) -> str:
    if not _configured():
        return message
    from django.utils import translation

    return translation.gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    if not _configured():
        return singular if number == 1 else plural
    from django.utils import translation

    return translation.ngettext(singular, plural, number)


gettext_lazy = lazy(gettext, str)


def in_english() -> bool:
    """Whether the active language is English; False (Swedish) without Django."""
    if not _configured():
        return False
    from django.utils.translation import get_language

    return (get_language() or "").startswith("en")


def pick(swedish: str, english: str) -> str:
    """The text in the active language, for labels kept in code as (sv, en) pairs."""
    return english if in_english() else swedish
