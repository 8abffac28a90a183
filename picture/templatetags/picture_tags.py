from urllib.parse import urlencode

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def pct(value) -> str:
    """+12 % / −8 % / – (no base to compare with)."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{abs(value):.0f} %"


@register.filter
def mean(value: float) -> str:
    """One decimal, with the active language's separator (2,5 in Swedish, 2.5 in English)."""
    return f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))


@register.simple_tag
def query(base: dict, **extra) -> str:
    """A query string from a dict plus extra pairs (empty values dropped)."""
    merged = {**base, **{k: v for k, v in extra.items() if v not in (None, "")}}
    return urlencode(merged)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
