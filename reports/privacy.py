"""Scan a report's free text before it is stored.

Reports describe place, time and phenomenon, never people (DOMAIN.md, "Personal data").
Free text is where people slip in anyway, so on submit we

* mask identifiers that point straight at a person: Swedish personal identity numbers
  (personnummer) and coordination numbers (samordningsnummer) with a valid check digit,
  phone numbers and e-mail addresses; and
* warn, without changing the text, about wording that singles people out by ethnicity,
  nationality or religion, or judges them. The data-protection authority once ordered a
  housing company to stop exactly that, so the reporter is asked to rephrase.

Only identifiers are masked because they are unambiguous and useless for the joint picture;
wording needs a human to rewrite it, and silently deleting words would change the meaning.

Plain Python (Django only for translation, and only where it is configured) so intake,
imports and the API share one implementation. What is stored (the masks, ``masked_kinds``)
stays Swedish; the sentences for the reporter follow the active language.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from tryggve.i18n import gettext, gettext_lazy, ngettext

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
PHONE = "phone"
EMAIL = "email"
WORDING = "wording"


@dataclass(frozen=True)
class _MaskedKind:
    """How one kind of identifier is named in the masked text and in ``Report.masked``."""

    label_sv: str

    @property
    def mask(self) -> str:
        return f"[{self.label_sv}]"


_MASKED_KINDS: dict[str, _MaskedKind] = {
    PERSONNUMMER: _MaskedKind("personnummer"),
    SAMORDNINGSNUMMER: _MaskedKind("samordningsnummer"),
    PHONE: _MaskedKind("telefonnummer"),
    EMAIL: _MaskedKind("e-postadress"),
}

WORDING_LABEL_SV = "utpekande ordval"
WORDING_WARNING = gettext_lazy(
    "Texten innehåller ord som kan peka ut personer (t.ex. etnicitet). "
    "Beskriv plats och händelse, inte personer."
)

# Words and phrases that describe people by origin, ethnicity or religion, or judge them.
# Matched as whole words, case-insensitively; a trailing "*" allows any word ending
# (inflections and compounds: "invandrar*" covers invandrare, invandrarna,
# invandrarungdomar). Demonyms are listed one by one rather than caught by a general
# "-ier" rule, because that rule would also flag kategorier, batterier, studier...
# fmt: off
FLAGGED_WORDING: tuple[str, ...] = (
    # Origin and ethnicity in general.
    "invandrar*", "utlänning*", "utländsk* bakgrund", "utländsk* härkomst", "etnisk*",
    "etnicitet*", "nationalitet*", "mörkhyad*",
    # Nationalities and peoples used as descriptions of persons.
    "somalier*", "irakier*", "syrier*", "iranier*", "albanier*", "kosovoalbaner*",
    "bosnier*", "serbier*", "kroatier*", "libaneser*", "afghaner*", "eritreaner*",
    "marockaner*", "afrikaner*", "arab", "araben", "araber*", "kurder*", "turkar*",
    "rumäner*", "polack*", "östeuropé*", "romer", "romerna",
    # Religion.
    "muslim*", "jude", "juden", "judar*", "judinn*",
    # Slurs.
    "zigenar*", "tattar*", "svartskall*", "blatte*", "blattar*", "svenne", "svennar*",
    "neger*", "negrer*",
    # Judgemental words about people rather than about what happened.
    "pack", "packet", "slödd*", "patrask*", "avskum*", "kriminell* famil*",
    "kriminell* släkt*", "klan", "klanen", "klaner", "klanerna", "pundar*", "knarkare*",
    "knarkarna", "fyllo*", "alkis*",
)
# fmt: on


@dataclass(frozen=True)
class Finding:
    """One thing found in the text; offsets refer to the original, unmasked text."""

    kind: str
    label_sv: str
    start: int
    end: int
    masked: bool


@dataclass(frozen=True)
class ScanResult:
    """The text as it may be stored, and what was found in the original."""

    text: str
    findings: tuple[Finding, ...] = ()

    @property
    def masked_kinds(self) -> list[str]:
        """Distinct Swedish labels of what was masked, in order of first appearance."""
        return list(dict.fromkeys(f.label_sv for f in self.findings if f.masked))

    @property
    def warnings(self) -> list[str]:
        """Sentences for the reporter in the active language (Swedish unless English was
        chosen): one per masked kind, then one on wording."""
        counts = Counter(f.kind for f in self.findings if f.masked)
        sentences = [_masked_sentence(kind, count) for kind, count in counts.items()]
        if any(not f.masked for f in self.findings):
            sentences.append(str(WORDING_WARNING))
        return sentences


def scan(text: str) -> ScanResult:
    """Mask identifiers and flag singling-out wording; idempotent on the masked text."""
    identifiers = _identifier_findings(text)
    wording = [f for f in _wording_findings(text) if not _overlaps_any(f, identifiers)]
    findings = tuple(sorted(identifiers + wording, key=lambda f: (f.start, f.end)))
    return ScanResult(text=_apply_masks(text, identifiers), findings=findings)


def _masked_sentence(kind: str, count: int) -> str:
    """One whole sentence per kind, so that translators see the noun with its article."""
    if kind == PERSONNUMMER:
        sentence = ngettext("Texten innehöll ett personnummer som har maskerats.",
                            "Texten innehöll %(count)d personnummer som har maskerats.", count)
    elif kind == SAMORDNINGSNUMMER:
        sentence = ngettext("Texten innehöll ett samordningsnummer som har maskerats.",
                            "Texten innehöll %(count)d samordningsnummer som har maskerats.",
                            count)
    elif kind == PHONE:
        sentence = ngettext("Texten innehöll ett telefonnummer som har maskerats.",
                            "Texten innehöll %(count)d telefonnummer som har maskerats.", count)
    else:
        sentence = ngettext("Texten innehöll en e-postadress som har maskerats.",
                            "Texten innehöll %(count)d e-postadresser som har maskerats.", count)
    return sentence % {"count": count}


def display_labels(labels: Iterable[str]) -> list[str]:
    """Stored Swedish labels of masked kinds (``masked_kinds``, ``Report.masked``) in the
    active language, for display; unknown labels are shown as stored."""
    names = {
        "personnummer": gettext("personnummer"),
        "samordningsnummer": gettext("samordningsnummer"),
        "telefonnummer": gettext("telefonnummer"),
        "e-postadress": gettext("e-postadress"),
    }
    return [names.get(label, label) for label in labels]


# --- Identifiers ---------------------------------------------------------------------


def _identifier_findings(text: str) -> list[Finding]:
    """All identifiers, without overlaps.

    E-mail addresses go first (they may contain digits), then identity numbers (a valid
    check digit and date is the stronger evidence), then phone numbers.
    """
    accepted: list[Finding] = []
    candidates = chain(_emails(text), _identity_numbers(text), _phone_numbers(text))
    for candidate in candidates:
        if not _overlaps_any(candidate, accepted):
            accepted.append(candidate)
    return accepted


def _finding(kind: str, match: re.Match[str]) -> Finding:
    return Finding(kind, _MASKED_KINDS[kind].label_sv, match.start(), match.end(), True)


def _overlaps_any(finding: Finding, others: Iterable[Finding]) -> bool:
    return any(finding.start < o.end and o.start < finding.end for o in others)


def _apply_masks(text: str, findings: Iterable[Finding]) -> str:
    """Replace from the end so that earlier offsets stay valid."""
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + _MASKED_KINDS[f.kind].mask + text[f.end :]
    return text


_EMAIL_RE = re.compile(r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")


def _emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL_RE.finditer(text):
        yield _finding(EMAIL, match)


# YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN. Not preceded by a
# digit or "+" so that we never start in the middle of a longer number ("+4670...").
_IDENTITY_RE = re.compile(
    r"(?<![\d+])(?P<century>\d{2})?(?P<date>\d{6})[-+]?(?P<serial>\d{4})(?!\d)"
)
_CENTURIES = ("18", "19", "20")
_COORDINATION_DAY_OFFSET = 60


def _identity_numbers(text: str) -> Iterator[Finding]:
    for match in _IDENTITY_RE.finditer(text):
        kind = _identity_kind(match["century"], match["date"], match["serial"])
        if kind:
            yield _finding(kind, match)


def _identity_kind(century: str | None, date: str, serial: str) -> str | None:
    """PERSONNUMMER or SAMORDNINGSNUMMER when date and check digit hold, else None."""
    if century is not None and century not in _CENTURIES:
        return None
    kind = PERSONNUMMER
    day = int(date[4:6])
    if day > _COORDINATION_DAY_OFFSET:
        kind, day = SAMORDNINGSNUMMER, day - _COORDINATION_DAY_OFFSET
    if not _plausible_date(century, int(date[0:2]), int(date[2:4]), day):
        return None
    return kind if _luhn_valid(date + serial) else None


def _plausible_date(century: str | None, yy: int, month: int, day: int) -> bool:
    """A real calendar date. Without a century, 29 Feb is allowed in any year divisible
    by four (2000+yy gives exactly that)."""
    if not 1 <= month <= 12:
        return False
    year = int(century) * 100 + yy if century else 2000 + yy
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _luhn_valid(digits: str) -> bool:
    """Luhn over the 10-digit form: weights 2,1,2,1...; the sum must end in zero."""
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


# Swedish phone numbers: national "0" + area code (0X-0XXX) or "+46"/"0046" (optionally
# "(0)"), then digits with single spaces or dashes between them. 8-10 digits in the
# national form (7-9 after the country code). Not preceded by a letter or digit, nor by
# "digit + separator", so parts of dates ("2024-05-01"), times and lists are left alone.
_SEP = r"(?:[ \u00a0]?-[ \u00a0]?|[ \u00a0])"
_PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[ \u00a0\-:.,/])"
    rf"(?:(?:\+|00)46{_SEP}?(?:\(0\){_SEP}?)?[1-9]|0[1-9])"
    rf"(?:{_SEP}?\d){{6,8}}(?!\d)"
)
# "01-05-2024" would otherwise read as area code 01 + subscriber 05 2024.
_DATE_LIKE_RE = re.compile(r"\d{2}-\d{2}-\d{4}")


def _phone_numbers(text: str) -> Iterator[Finding]:
    for match in _PHONE_RE.finditer(text):
        if not _DATE_LIKE_RE.fullmatch(match.group()):
            yield _finding(PHONE, match)


# --- Wording -------------------------------------------------------------------------


def _word_pattern(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word)


def _wording_regex(entries: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive whole-word pattern for all entries (\\w covers å, ä, ö)."""
    alternatives = [r"\s+".join(_word_pattern(w) for w in e.split()) for e in entries]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


_WORDING_RE = _wording_regex(FLAGGED_WORDING)


def _wording_findings(text: str) -> Iterator[Finding]:
    for match in _WORDING_RE.finditer(text):
        yield Finding(WORDING, WORDING_LABEL_SV, match.start(), match.end(), False)
