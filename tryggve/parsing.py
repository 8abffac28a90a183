"""Parsing ids that come from URLs and forms."""

MAX_ID_DIGITS = 12  # far above any real primary key, far below 64-bit overflow


def as_id(value) -> int | None:
    """An integer id from ASCII digits, else None (so "²", "1e3" or 30 digits are refused
    instead of reaching int() or the database)."""
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
