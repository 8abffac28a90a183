"""What an identifier that points straight at a person looks like in typed Swedish text.

Each finder yields ``(kind, start, end)`` spans in order of ``start``, never overlapping
each other nor the ``barriers`` it is given (the spans of identifiers found before it,
so that "08-12 34 56 81 12 18-9876" is a phone number and then a personnummer rather than
a phone number that swallowed the first digits of one); ``reports.privacy`` decides the
order of kinds and masks. Every pattern is built so
that Python's backtracking engine stays linear in the length of the text, whatever the
text: fixed-width lookbehinds stop an attempt from starting inside a run that an earlier
attempt has read, repeats are bounded or run over characters that the next part cannot
match, nothing nests quantifiers over the same characters, and most patterns start with a
character class so that the engine skips text without those characters at C speed.
``bench/privacy_bench.py`` measures it.

How people write them (and what must be left alone) is collected as data in
``reports/tests/privacy_cases.py``.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
PHONE = "phone"
EMAIL = "email"
PROTECTED = "protected"  # report references and map cells: never masked, never split

Span = tuple[str, int, int]
Barriers = Sequence[tuple[int, int]]  # sorted, disjoint (start, end) pairs

# Spaces people type between groups of digits: space, no-break space, narrow no-break
# space, thin space. Dashes: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en
# dash, em dash, minus sign (phones and word processors turn "-" into the others).
_SPACE_CHARS = " \u00a0\u202f\u2009"
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SP = f"[{_SPACE_CHARS}]"
_DASHES = _DASH_CHARS.replace("-", "\\-")  # for use inside a character class


def _spans(pattern: re.Pattern[str], text: str, kind_of: Callable[[re.Match[str]], str | None],
           barriers: Barriers = ()) -> Iterator[Span]:
    """Matches that ``kind_of`` accepts and that stay clear of the barriers: a match that
    runs into one is looked for again in the stretch before it. A refused match is
    retried one character later (not after its end), so that it cannot hide a real
    identifier that starts inside it; matches are short, so this stays linear."""
    starts, ends = [start for start, _ in barriers], [end for _, end in barriers]
    position, length = 0, len(text)
    while position < length:
        match = pattern.search(text, position)
        if match is None:
            return
        met = bisect_right(ends, match.start()) if ends else 0  # first barrier not behind
        if met < len(starts) and starts[met] < match.end():
            if starts[met] <= match.start():
                position = ends[met]
                continue
            match = pattern.search(text, match.start(), starts[met])
            if match is None:
                position = ends[met]
                continue
        kind = kind_of(match)
        if kind is None:
            position = match.start() + 1
            continue
        yield kind, match.start(), match.end()
        position = match.end()


# --- Report references and H3 cells -----------------------------------------------------

# A report's UUID, or a 15-character H3 cell id, may contain a run of digits that reads as
# a phone or identity number ("…-4a6b-198112189876"). They are found first and shield
# what they contain.
_HEX = "[0-9a-fA-F]"
_PROTECTED_RE = re.compile(
    rf"{_HEX}(?<![0-9A-Za-z-].)(?:"
    rf"{_HEX}{{7}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"  # a UUID
    rf"|(?<=8){_HEX}{{14}}"  # an H3 cell
    r")(?![0-9A-Za-z-])"
)


def protected(text: str) -> Iterator[Span]:
    """UUIDs, and H3 cells (15 hex digits from "8", with at least one letter)."""
    return _spans(_PROTECTED_RE, text,
                  lambda m: PROTECTED if len(m.group()) == 36 or not m.group().isdigit()
                  else None)


# --- E-mail addresses -------------------------------------------------------------------

# "@" with or without a space on either side; "(at)", "[at]", "{at}" and the Swedish name
# of the sign, "snabel-a", in brackets (strong signs, any top-level domain); or " at " /
# " snabel-a " as bare words (weak: only with a top-level domain from _COMMON_TLDS, so that
# "vi ses at home.Then" is left alone). Dots may be written "(dot)", "[punkt]", " dot ".
# The local part starts at a character that does not follow another one of its kind.
_AT_WORD = r"(?:at|snabel-a)"
_DOT = r"(?:\.|[ ]?[(\[{](?:dot|punkt)[)\]}][ ]?| (?:dot|punkt) )"
_EMAIL_RE = re.compile(
    r"[\w.+%-](?<![\w.+%-].)[\w.+%-]*"
    r"(?:(?P<strong> ?@ ?| ?[(\[{] ?" + _AT_WORD + r" ?[)\]}] ?)|(?P<weak> " + _AT_WORD + r" ))"
    r"[\w-]+(?:" + _DOT + r"[\w-]+)*" + _DOT + r"(?P<tld>[^\W\d_]{2,})(?![\w-])",
    re.IGNORECASE,
)
_AT_WORD_RE = re.compile(r"at(?<![^\W\d_]at)(?![^\W\d_])")  # "at" as a word of its own
_COMMON_TLDS = frozenset({
    "se", "nu", "com", "net", "org", "eu", "info", "io", "biz", "dk", "no", "fi", "de",
    "uk", "fr", "es", "it", "nl", "pl", "ee", "lt", "lv", "is",
})


def _email_kind(match: re.Match[str]) -> str | None:
    if match["weak"] and match["tld"].lower() not in _COMMON_TLDS:
        return None
    return EMAIL


def emails(text: str) -> Iterator[Span]:
    lowered = text.lower()
    if "@" not in text and "snabel-a" not in lowered and not _AT_WORD_RE.search(lowered):
        return iter(())  # no sign of an address: most text skips the pass
    return _spans(_EMAIL_RE, text, _email_kind)


# --- Personal identity and coordination numbers -----------------------------------------

# The date as YYMMDD or YYYYMMDD, or in groups (YY MM DD, YY-MM-DD, YYYY-MM-DD) with one
# separator used throughout; then the serial number of four digits. After an unbroken date
# the serial may follow directly or after a space, dash or "+" (the sign for 100 years or
# older); after a grouped date only after a dash or "+", because "2024-05-01 1939" is a
# date and a time. Never preceded by a digit or "+" (the middle of "+4670…"), never followed
# by a digit, nor by a dash or dot and a digit ("2024-05-01-2024-05-07" is a range).
# The pattern starts with a plain digit (the lookbehind checks the character before it) so
# that the regex engine skips text without digits at full speed.
_IDENTITY_RE = re.compile(
    rf"\d(?<![\d+]\d)(?:"
    rf"(?:\d{{7}}|\d{{5}})(?:{_SP}?[+{_DASHES}]{_SP}?|{_SP})?"
    rf"|(?:\d{{3}}|\d)(?P<sep>[{_DASHES}]|{_SP})\d\d(?P=sep)\d\d{_SP}?[+{_DASHES}]{_SP}?"
    rf")\d{{4}}(?!\d|[{_DASHES}./:]\d)"
)
_SEPARATORS_REMOVED = str.maketrans("", "", _SPACE_CHARS + _DASH_CHARS + "+")
_CENTURIES = ("18", "19", "20")
_COORDINATION_DAY_OFFSET = 60
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Each digit doubled, with the digits of the product added up (7 → 14 → 5).
# Luhn's sum of two digits, the first doubled (with the digits of the product added up):
# "71" → 14 → 1 + 4, plus 1 → 6.
_LUHN_PAIRS = {f"{a}{b}": (2 * a if a < 5 else 2 * a - 9) + b for a in range(10)
               for b in range(10)}


def _identity_kind(match: re.Match[str]) -> str | None:
    """PERSONNUMMER or SAMORDNINGSNUMMER when date and check digit hold, else None."""
    digits = match.group().translate(_SEPARATORS_REMOVED)
    if not digits.isascii():  # digits of other scripts: not a Swedish number
        return None
    century, digits = (digits[:2], digits[2:]) if len(digits) == 12 else (None, digits)
    if century is not None and century not in _CENTURIES:
        return None
    kind = PERSONNUMMER
    day = int(digits[4:6])
    if day > _COORDINATION_DAY_OFFSET:
        kind, day = SAMORDNINGSNUMMER, day - _COORDINATION_DAY_OFFSET
    if not _plausible_date(century, int(digits[0:2]), int(digits[2:4]), day):
        return None
    return kind if luhn_valid(digits) else None


def identity_numbers(text: str, barriers: Barriers = ()) -> Iterator[Span]:
    return _spans(_IDENTITY_RE, text, _identity_kind, barriers)


def _plausible_date(century: str | None, yy: int, month: int, day: int) -> bool:
    """A real calendar date. Without a century, 29 Feb is allowed in any year divisible
    by four (as 2000+yy would have it)."""
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return False
    if month == 2 and day == 29:
        return calendar.isleap(int(century) * 100 + yy) if century else yy % 4 == 0
    return True


def luhn_valid(digits: str) -> bool:
    """Luhn over the 10-digit form (ASCII digits): weights 2,1,2,1...; the sum must end
    in zero."""
    pairs = _LUHN_PAIRS
    return (pairs[digits[0:2]] + pairs[digits[2:4]] + pairs[digits[4:6]] + pairs[digits[6:8]]
            + pairs[digits[8:10]]) % 10 == 0


# --- Phone numbers ----------------------------------------------------------------------

# Between digits: a space, or a dash, dot or slash with an optional space on either side.
_PSEP = rf"(?:{_SP}?[{_DASHES}./]{_SP}?|{_SP})"
# A national number must not start with a date or a time, or a range of them, that ends
# there: "01-05-2024", "01.05.24 19.30", "08.30-16.00", "01/05–07/05". One that goes on
# with more digits ("08-12-34-56", "08/12 34 56") is a phone number. After a date with a
# year a space and digits may follow (a time); after "08.30" or "01/05" they may not.
# (Checked after the leading "0" has been read.)
_POINT_IN_TIME = r"(?:[0-2]?\d|3[01])[./:][0-5]\d(?:[./](?:\d{4}|\d\d))?"
_RANGE = rf"(?:{_SP}?[{_DASHES}]{_SP}?{_POINT_IN_TIME})"
_NOT_A_DATE = (
    rf"(?!\d(?P<dsep>[./:\-])[0-5]\d(?:"
    rf"(?P=dsep)(?:\d{{4}}|\d\d){_RANGE}?(?!\d|[{_DASHES}./:]\d)"
    rf"|{_RANGE}?(?!\d|{_PSEP}\d)))"
)
_INTERNATIONAL_REST = rf"{_PSEP}?(?:\(0\){_PSEP}?)?[1-9](?:{_PSEP}?\d){{6,8}}"


def _phone_regex(after_a_number: bool) -> re.Pattern[str]:
    """National: "0" and area code, 8–10 digits in all ("070-123 45 67", "08.123.456.78",
    "070/123 45 67"); the area code in brackets ("(08) 123 45 67"); international: "+46",
    "0046" or plain "46", optionally "(0)", then 7–9 digits.

    Not preceded by a letter, digit or "+", nor (unless ``after_a_number``, for a number
    that directly follows another identifier) by a digit and a dash, dot, colon, comma or
    slash, so that parts of dates ("2024-05-01"), times and lists stay. A digit and a
    space may come before ("lgh 1102 070-123 45 67"): amounts grouped by spaces only
    reach eight digits after a group starting with 0 at a thousand million kronor. The
    first character is read before the lookbehinds, so that the engine skips text without
    "+", "0", "4" or "(" at full speed.
    """
    after_digit = "" if after_a_number else rf"(?<!\d[:.,/{_DASHES}].)"
    return re.compile(
        rf"[+04(](?<![\w+].){after_digit}(?:"
        rf"(?<=\+)46{_INTERNATIONAL_REST}"
        rf"|(?<=0)046{_INTERNATIONAL_REST}"
        rf"|(?<=4)6{_INTERNATIONAL_REST}"
        rf"|(?<=0){_NOT_A_DATE}[1-9](?:{_PSEP}?\d){{6,8}}"
        rf"|(?<=\()0[1-9]\){_SP}?\d(?:{_PSEP}?\d){{5,7}}"
        rf"|(?<=\()0[1-9]\d\){_SP}?\d(?:{_PSEP}?\d){{4,6}}"
        rf"|(?<=\()0[1-9]\d\d\){_SP}?\d(?:{_PSEP}?\d){{3,5}}"
        r")(?!\d)"
    )


_PHONE_RE = _phone_regex(after_a_number=False)
# "070-123 45 67 08-123 456 78", "811218-9876, 070-123 45 67", "…45 67/08-…": a number
# right after another identifier, with a space, comma, semicolon, slash or full stop between.
_NEXT_PHONE_SEPARATORS = frozenset(_SPACE_CHARS + ",;/.")
_NEXT_PHONE_RE = re.compile(
    rf"(?:{_SP}{{1,2}}|[,;/.]{_SP}{{0,2}})(?P<phone>{_phone_regex(True).pattern})")


def phone_numbers(text: str, after: Iterable[int] = (), barriers: Barriers = ()
                  ) -> Iterator[Span]:
    """Phone numbers, also those that directly follow an identifier ending at one of the
    offsets ``after`` (or another phone number) with only a separator between."""
    found = [(start, end) for _, start, end in _spans(_PHONE_RE, text, lambda m: PHONE,
                                                       barriers)]
    starts = [start for start, _ in barriers]
    known = set(found)
    pending = [*after, *(end for _, end in found)]
    looked_at: set[int] = set()  # each end is followed once, or a run of numbers is quadratic
    while pending:
        position = pending.pop()
        if position in looked_at or text[position : position + 1] not in _NEXT_PHONE_SEPARATORS:
            continue
        looked_at.add(position)
        following = bisect_right(starts, position)
        stop = starts[following] if following < len(starts) else len(text)
        match = _NEXT_PHONE_RE.match(text, position, stop)
        if match is not None and match.span("phone") not in known:
            known.add(match.span("phone"))
            found.append(match.span("phone"))
            pending.append(match.end("phone"))
    last_end = 0
    for start, end in sorted(found):
        if start >= last_end:
            yield PHONE, start, end
            last_end = end
