"""Types and schemas shared by every API router.

A parameter's type is what the API really accepts, so the OpenAPI schema tells a client
the truth: an enum where the set is fixed (built from the taxonomy or the model's
choices, never copied), a pattern for a week or a slug, bounds for a number. Ninja
refuses anything else with 422 before a view runs; ``refusal`` words that refusal in
Swedish (or English, when a browser session chose it) for the ``errors`` of the answer.
"""

import enum
from collections.abc import Iterable
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from orgs.models import Area, Collaboration, Organisation
from reports import weeks
from tryggve.bounds import CONTROL_CHARACTERS, control_characters_message, too_long_message

# Paging: far beyond any real table, far below the 64-bit overflow that answered 500.
MAX_OFFSET = 1_000_000_000
# Integer ids: as many digits as tryggve.parsing accepts.
MAX_ID = 999_999_999_999

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"  # Django's SlugField, which every slug here is
WEEK_PATTERN = r"^[0-9]{4}-?[WwVv][0-9]{1,2}$"  # 2025-W07, 2025W7, 2025-V07
H3_CELL_PATTERN = r"^[0-9a-f]{15}$"
# Free text holds no control character but tab and newlines (tryggve.bounds, the one rule).
NO_CONTROL_PATTERN = "^[^" + "".join(
    c if c == "-" else f"\\x{ord(c):02x}" for c in CONTROL_CHARACTERS) + "]*$"


def longest(*fields: tuple[type, str]) -> int:
    """The longest of some model fields, (model, field name): a value longer than that
    cannot name any of them."""
    return max(model._meta.get_field(name).max_length for model, name in fields)


SLUG_LENGTH = longest((Collaboration, "slug"), (Organisation, "slug"), (Area, "slug"))


def choices(name: str, values: Iterable[str], doc: str = "") -> type[enum.StrEnum]:
    """An enum for the schema from values kept elsewhere (model choices, a code table)."""
    made = enum.StrEnum(name, [(value, value) for value in values])
    made.__doc__ = doc or None
    return made


def _existing_week(value: str) -> str:
    """A week the calendar has (2025-W53 has none), written the ISO way."""
    try:
        return weeks.format_week(weeks.parse_week(value))
    except weeks.InvalidWeek as exc:
        raise PydanticCustomError("week", str(exc)) from None


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_LENGTH)]
IdOrSlug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_LENGTH,
                                description="An id or a slug.")]
Week = Annotated[str, Field(pattern=WEEK_PATTERN, examples=["2025-W07"],
                            description=f"An ISO week of the years {weeks.FIRST_YEAR}–"
                                        f"{weeks.LAST_YEAR}: 2025-W07 (2025W7 and 2025-V07 "
                                        "too)."),
                 AfterValidator(_existing_week)]
H3Cell = Annotated[str, Field(pattern=H3_CELL_PATTERN, description="An H3 cell (resolution 9).")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="Items to skip.")]


def free_text(max_length: int, description: str = ""):
    """Free text of at most ``max_length`` characters, without control characters."""
    return Annotated[str, Field(max_length=max_length, pattern=NO_CONTROL_PATTERN,
                                description=description or None)]


def page_limit(maximum: int, description: str = "Items per page."):
    return Annotated[int, Field(ge=1, le=maximum, description=description)]


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, in one sentence.")
    errors: dict[str, list[str]] = Field(
        ..., description="Messages per field (query, path or body); empty when the "
                         "error concerns the whole request.")


# What each error status means in this API; every operation lists the ones it answers.
ERROR_MEANINGS = {
    400: "The body is not JSON.",
    401: "No valid API key or session.",
    403: "The caller may not do this (or a session request without its CSRF token).",
    404: "Not found, or not visible to the caller.",
    409: "The id belongs to another report.",
    422: "A field's value is refused; `errors` says which and why.",
}


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error answers of one operation, for its ``response=``: the ones it really
    gives, which the schemathesis run in the tests holds it to."""
    unknown = set(codes) - set(ERROR_MEANINGS)
    if unknown:
        raise ValueError(f"undocumented error status: {sorted(unknown)}")
    return {code: ErrorOut for code in codes}


# Every error answer at once, for an operation written before errors(); name its own.
ERRORS = errors(*ERROR_MEANINGS)


PATTERN_MESSAGES = {
    SLUG_PATTERN: lambda value: _("Får bara innehålla a–z, A–Z, 0–9, - och _."),
    WEEK_PATTERN: lambda value: _("'%(value)s' är inte en vecka (skriv t.ex. 2025-W07).")
    % {"value": value},
    H3_CELL_PATTERN: lambda value: _("Ange en H3-cell (15 tecken 0–9 och a–f)."),
    NO_CONTROL_PATTERN: lambda value: control_characters_message(),
}


def _quoted(value) -> str:
    """The refused value as the message quotes it: short, whatever was sent."""
    shown = str(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def refusal(error: dict) -> str:
    """One pydantic error as a message for a person, in the active language."""
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, _quoted(error.get("value"))
    if kind in ("enum", "literal_error"):
        allowed = ctx.get("expected", "").replace("' or '", "', '")
        return _("Okänt värde '%(value)s'. Tillåtna värden: %(allowed)s.") % {
            "value": value, "allowed": allowed.replace("'", "")}
    if kind == "string_pattern_mismatch":
        message = PATTERN_MESSAGES.get(ctx.get("pattern"))
        return message(value) if message else _("Ogiltigt värde.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Ange ett heltal.")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return _("Ange ett tal.")
    if kind == "greater_than_equal":
        return _("Minst %(min)s.") % {"min": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Högst %(max)s.") % {"max": ctx.get("le")}
    if kind == "string_too_long":
        return too_long_message(len(str(error.get("value", ""))), ctx.get("max_length", 0))
    if kind == "missing":
        return _("Värdet saknas.")
    if kind.startswith("uuid"):
        return _("Ange ett UUID.")
    if kind.startswith(("datetime", "date", "timezone")):
        return _("Ange en tidpunkt (t.ex. 2025-06-07T21:30).")
    if kind == "week":  # our own: the week's message as it stands
        return error.get("msg", "")
    return _("Ogiltigt värde.")
