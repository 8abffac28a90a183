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

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from reports import identifiers
from reports.identifiers import EMAIL, PERSONNUMMER, PHONE, SAMORDNINGSNUMMER
from tryggve.i18n import gettext, gettext_lazy, ngettext

__all__ = ["EMAIL", "PERSONNUMMER", "PHONE", "SAMORDNINGSNUMMER", "WORDING", "Finding",
           "Masking", "ScanResult", "display_labels", "scan"]

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


class Finding(NamedTuple):
    """One thing found in the text; offsets refer to the original, unmasked text.
    (A named tuple: a megabyte of text can hold tens of thousands.)"""

    kind: str
    label_sv: str
    start: int
    end: int
    masked: bool


_START = attrgetter("start")


def _masked_kinds(findings: Iterable[Finding]) -> list[str]:
    return list(dict.fromkeys(f.label_sv for f in findings if f.masked))


def _warnings(findings: Iterable[Finding]) -> list[str]:
    findings = list(findings)
    counts = Counter(f.kind for f in findings if f.masked)
    sentences = [_masked_sentence(kind, count) for kind, count in counts.items()]
    if any(not f.masked for f in findings):
        sentences.append(str(WORDING_WARNING))
    return sentences


@dataclass(frozen=True)
class ScanResult:
    """The text as it may be stored, and what was found in the original."""

    text: str
    findings: tuple[Finding, ...] = ()

    @property
    def masked_kinds(self) -> list[str]:
        """Distinct Swedish labels of what was masked, in order of first appearance."""
        return _masked_kinds(self.findings)

    @property
    def warnings(self) -> list[str]:
        """Sentences for the reporter in the active language (Swedish unless English was
        chosen): one per masked kind, then one on wording."""
        return _warnings(self.findings)


@dataclass
class Masking:
    """What the scans of several fields of one submission found (a report's text and
    address, a case's six texts), so that the user gets one set of sentences."""

    results: list[ScanResult] = field(default_factory=list)

    def add(self, result: ScanResult) -> str:
        self.results.append(result)
        return result.text

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def masked_kinds(self) -> list[str]:
        return _masked_kinds(self.findings)

    @property
    def warnings(self) -> list[str]:
        return _warnings(self.findings)


def scan(text: str) -> ScanResult:
    """Mask identifiers and flag singling-out wording; idempotent on the masked text.

    Linear in the length of the text: each kind of identifier is found in one pass of
    its own (``reports.identifiers``), the kinds are merged in order of priority by
    walking the sorted spans side by side, and the masked text is joined once.
    """
    masked = _identifier_findings(text)
    findings = tuple(_merged(masked, _wording_findings(text)))
    return ScanResult(text=_apply_masks(text, masked), findings=findings)


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
    """All identifiers, without overlaps, in order.

    E-mail addresses go first (they may contain digits and report references), then
    report references and map cells (found only to shield what they contain), then
    identity numbers (a valid check digit and date is the stronger evidence), then phone
    numbers, also one that follows any of these after a separator ("811218-9876 070-…").
    Each finder yields sorted, non-overlapping spans, so one walk per finder keeps the
    kinds apart.
    """
    taken: list[Finding] = []
    for finder in (identifiers.emails, identifiers.protected):
        taken = _merged(taken, _findings(finder(text)))
    numbers = identifiers.identity_numbers(text, barriers=[(f.start, f.end) for f in taken])
    taken = _merged(taken, _findings(numbers))
    phones = identifiers.phone_numbers(text, after=[f.end for f in taken],
                                       barriers=[(f.start, f.end) for f in taken])
    taken = _merged(taken, _findings(phones))
    return [f for f in taken if f.kind != identifiers.PROTECTED]


def _merged(taken: list[Finding], candidates: Iterable[Finding]) -> list[Finding]:
    """``taken`` and the candidates that overlap none of it, in order of start."""
    candidates = list(candidates)
    if not taken or not candidates:
        return candidates or taken
    return list(heapq.merge(taken, _without_overlaps(candidates, taken), key=_START))


_LABELS = {kind: masked.label_sv for kind, masked in _MASKED_KINDS.items()} | {
    identifiers.PROTECTED: ""}


def _findings(spans: Iterable[identifiers.Span]) -> Iterator[Finding]:
    """Masked findings, but a report reference or map cell only shields its span."""
    protected = identifiers.PROTECTED
    return (Finding(kind, _LABELS[kind], start, end, kind != protected)
            for kind, start, end in spans)


def _without_overlaps(candidates: Iterable[Finding], taken: list[Finding]
                      ) -> Iterator[Finding]:
    """The candidates (sorted by start) that overlap none of ``taken`` (sorted, disjoint):
    one walk through both, since a candidate can only meet the taken spans that end
    after it starts."""
    index = 0
    for candidate in candidates:
        while index < len(taken) and taken[index].end <= candidate.start:
            index += 1
        if index < len(taken) and taken[index].start < candidate.end:
            continue
        yield candidate


def _apply_masks(text: str, findings: list[Finding]) -> str:
    """The text with each finding (sorted, disjoint) replaced by its mask, joined once."""
    parts, position = [], 0
    for f in findings:
        parts.append(text[position : f.start])
        parts.append(_MASKED_KINDS[f.kind].mask)
        position = f.end
    parts.append(text[position:])
    return "".join(parts)


# --- Wording -------------------------------------------------------------------------


def _symbols(entry: str) -> list[str]:
    """An entry as regex pieces: one per letter, "\\w*" for a trailing "*" (any word
    ending), "\\s+" between words."""
    pieces: list[str] = []
    for number, word in enumerate(entry.lower().split()):
        if number:
            pieces.append(r"\s+")
        stem = word.removesuffix("*")
        pieces.extend(re.escape(char) for char in stem)
        if stem != word:
            pieces.append(r"\w*")
    return pieces


def _trie_pattern(node: dict) -> str:
    """Alternatives that share a beginning are written once ("arab(?:en|er\\w*|)"), so
    that at each word the engine tries a few letters instead of every entry."""
    branches = [piece + _trie_pattern(child) for piece, child in node.items() if piece]
    if not branches:
        return ""
    if "" in node:  # an entry ends here; longer ones are tried first
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _wording_regex(entries: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive whole-word pattern for all entries (\\w covers å, ä, ö), as a
    trie, behind a check of the first letter."""
    root: dict = {}
    for entry in entries:
        node = root
        for piece in _symbols(entry):
            node = node.setdefault(piece, {})
        node[""] = {}
    first_letters = "".join(sorted({entry[0].lower() for entry in entries}))
    return re.compile(rf"(?=[{first_letters}])(?<!\w){_trie_pattern(root)}(?!\w)",
                      re.IGNORECASE)


_WORDING_RE = _wording_regex(FLAGGED_WORDING)


def _wording_findings(text: str) -> Iterator[Finding]:
    for match in _WORDING_RE.finditer(text):
        yield Finding(WORDING, WORDING_LABEL_SV, match.start(), match.end(), False)
