"""Importing survey results from CSV or Excel, per respondent or as aggregates.

Two layouts, told apart by the header (column names are case-insensitive; the Swedish
names in brackets work too):

- **Per respondent**: ``area`` (område: slug or name) or ``property`` (fastighet: the
  address; its area is used), then one column per question code of the bank
  (``safe_area``, ``safe_evening``…). A cell holds an answer code of that question's
  scale (``fairly_safe``) or its label (``Ganska trygg``, any case), or is empty (not
  answered). Columns ``id``/``respondent`` may be present and are ignored: nothing about
  a respondent is stored, answers are only counted.
- **Aggregate**: ``area`` or ``property``, ``question`` (fråga), and either ``n`` (antal
  svar) + ``share`` (andel: 0.64, 64, "64 %" or "64,5 %") or one column per answer code
  (``very_safe``, ``fairly_safe``… ``dont_know``; labels work too) with counts. "n and
  share" is stored as ``bank.POSITIVE`` = round(share × n) and ``bank.NEGATIVE`` = the
  rest; with counts, an ``n`` column is checked against their sum. A share without a
  ``%`` sign is a fraction when at most 1, else a percentage.

Both layouts may have a ``period`` column (a date, a month ``2025-04``, a year ``2025``
or a range ``2025-03-01/2025-04-30``): a date must lie within the survey's period, a
month, year or range must overlap it.

CSV: UTF-8 (with or without BOM), separated by comma, semicolon or tab, header on line 1.
Excel: .xlsx, the first sheet, header in its first non-empty row; line numbers are the
sheet's row numbers.

Every row is validated before anything is stored; every bad row is reported with its line
number and reason, and a file with one bad row stores nothing.

Limits: at most 100 named columns (trailing empty header cells are dropped; a row's
trailing empty cells beyond the header are ignored, a value there is an error), n and
counts are plain whole numbers up to 10 000 000 (no exponent notation), a period cell is
at most 40 characters. In the aggregate layout an area and a property in that area may
not both have a row for the same question (the area row would already hold the
property's answers, which would count twice).

Only surveys from an outside provider can be imported into: an own survey ("own") holds
residents' answers, which an import would overwrite, so it is refused.

**Re-import replaces.** An import replaces, in one transaction, every count the survey
holds for each (area, question) pair the file has rows for (area and property counts
alike), and leaves other areas, and other questions of the same area, alone; so importing
a corrected file again never counts twice. The file's areas are added to ``survey.areas``
and its questions to ``survey.questions``.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from audit import log
from orgs.models import Area, Property
from orgs.permissions import can_manage_survey
from reports import csvio
from reports.csvio import RowError
from surveys import bank
from surveys.models import AnswerCount, Provider, Survey
from surveys.tables import MAX_COLUMNS, FileError, read_table
from surveys.values import (
    MAX_COUNT,
    MAX_PERIOD_CHARS,
    ValueProblem,
    parse_count,
    parse_period,
    parse_share,
    positive_of,
)

RESPONDENT, AGGREGATE = "respondent", "aggregate"

# Accepted column names -> the canonical one.
ALIASES = {
    "area": "area", "område": "area", "omrade": "area",
    "property": "property", "fastighet": "property", "address": "property", "adress": "property",
    "question": "question", "fråga": "question", "fraga": "question",
    "n": "n", "antal svar": "n", "antal_svar": "n",
    "share": "share", "andel": "share",
    "period": "period",
    "id": "_ignored", "respondent": "_ignored", "respondent_id": "_ignored",
    "svarande": "_ignored",
}
PLACE_COLUMNS = ("area", "property")


@dataclass
class ImportResult(csvio.ImportResult):
    """``created`` is the number of rows imported; ``answers`` the answers they hold."""

    layout: str = ""
    answers: int = 0
    areas: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created

    def summary(self) -> dict:
        return super().summary() | {"layout": self.layout, "answers": self.answers,
                                    "areas": self.areas, "questions": self.questions}


def _answer_keys(answers) -> dict[str, str]:
    keys = {}
    for answer in answers:
        for key in (answer.code, answer.label_sv, answer.label_en):
            keys[key.casefold()] = answer.code
    return keys


ANSWER_COLUMNS = _answer_keys(
    a for q in bank.QUESTIONS.values() for a in q.scale.answers)
ANSWERS_OF = {code: _answer_keys(q.scale.answers) for code, q in bank.QUESTIONS.items()}


# Places -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class Places:
    """Areas (by slug or name) and properties (by address) of one collaboration."""

    def __init__(self, collaboration_id: int):
        self.areas: dict[str, Area] = {}
        for area in Area.objects.filter(collaboration_id=collaboration_id):
            self.areas.setdefault(_norm(area.name), area)
            self.areas[_norm(area.slug)] = area
        self.properties: dict[str, list[Property]] = {}
        for prop in Property.objects.filter(collaboration_id=collaboration_id).select_related(
                "area"):
            self.properties.setdefault(_norm(prop.address), []).append(prop)

    def area(self, text: str) -> Area:
        found = self.areas.get(_norm(text))
        if found is None:
            raise ValueProblem(_("Okänt område '%(value)s' i samverkan.") % {"value": text})
        return found

    def property(self, text: str) -> Property:
        found = self.properties.get(_norm(text), [])
        if not found:
            raise ValueProblem(_("Okänd fastighet '%(value)s' i samverkan.") % {"value": text})
        if len(found) > 1:
            raise ValueProblem(_("Flera fastigheter har adressen '%(value)s'.")
                               % {"value": text})
        return found[0]


# The import ---------------------------------------------------------------------------


Key = tuple[int, int | None, str, str]  # area, property, question, answer


@dataclass
class _Layout:
    kind: str
    columns: dict[str, int]  # canonical name -> cell index
    questions: dict[str, int] = field(default_factory=dict)  # per respondent: code -> index
    answers: dict[str, int] = field(default_factory=dict)  # aggregate counts: code -> index
    names: dict[int, str] = field(default_factory=dict)  # index -> the column's name
    unnamed: list[int] = field(default_factory=list)
    width: int = 0  # the header's cells, trailing empty ones dropped


def _layout(header: list[str]) -> _Layout:
    """The layout the header describes, or FileError naming what is wrong with it."""
    names = [h.strip() for h in header]
    while names and not names[-1]:
        names.pop()
    if len(names) > MAX_COLUMNS:
        raise FileError(_("Rubrikraden har för många kolumner (högst %(max)d).")
                        % {"max": MAX_COLUMNS})
    columns: dict[str, int] = {}
    questions: dict[str, int] = {}
    answers: dict[str, int] = {}
    unknown, seen, unnamed = [], {}, []
    for index, name in enumerate(names):
        key = name.casefold()
        if not key:
            unnamed.append(index)
            continue
        canonical = ALIASES.get(key) or (key if key in bank.QUESTIONS else None)
        canonical = canonical or (("answer", ANSWER_COLUMNS[key]) if key in ANSWER_COLUMNS
                                  else None)
        if canonical is None:
            unknown.append(name)
            continue
        if canonical in seen and canonical != "_ignored":
            raise FileError(_("Kolumnen '%(column)s' finns två gånger.") % {"column": name})
        seen[canonical] = index
        if isinstance(canonical, tuple):
            answers[canonical[1]] = index
        elif canonical in bank.QUESTIONS:
            questions[canonical] = index
        elif canonical != "_ignored":
            columns[canonical] = index
    if unknown:
        raise FileError(_("Okända kolumner: %(columns)s.") % {"columns": ", ".join(unknown)})
    if not any(c in columns for c in PLACE_COLUMNS):
        raise FileError(_("Rubrikraden saknar kolumnen 'area' eller 'property'."))
    named = {i: n for i, n in enumerate(names) if n}
    if "question" in columns:
        if questions:
            raise FileError(_("Med kolumnen 'question' (aggregat) kan frågekoder inte vara "
                              "kolumner: %(columns)s.")
                            % {"columns": ", ".join(names[i] for i in questions.values())})
        if answers and "share" in columns:
            raise FileError(_("Ange antingen 'n' och 'share' eller antal per svar, inte båda."))
        if not answers and not ("n" in columns and "share" in columns):
            raise FileError(_("Aggregat behöver kolumnerna 'n' och 'share' eller en kolumn "
                              "per svar (t.ex. very_safe, fairly_safe, …, dont_know)."))
        return _Layout(AGGREGATE, columns, answers=answers, names=named, unnamed=unnamed,
                       width=len(names))
    if answers or "n" in columns or "share" in columns:
        raise FileError(_("Rubrikraden saknar kolumnen 'question' (aggregat)."))
    if not questions:
        raise FileError(_("Rubrikraden saknar frågekolumner (t.ex. safe_area) eller kolumnen "
                          "'question'."))
    return _Layout(RESPONDENT, columns, questions=questions, names=named, unnamed=unnamed,
                   width=len(names))


class _Rows:
    """Validates rows one by one into counts, collecting errors."""

    def __init__(self, survey: Survey, layout: _Layout):
        self.survey = survey
        self.layout = layout
        self.places = Places(survey.collaboration_id)
        self.counts: Counter[Key] = Counter()
        self.errors: list[RowError] = []
        self.areas: dict[int, Area] = {}
        self.questions: list[str] = []
        self.imported = 0
        self.seen: dict[tuple[int, int | None, str], int] = {}  # aggregate duplicates
        # aggregate (area, question) -> (line, is a property row) of its first row
        self.levels: dict[tuple[int, str], tuple[int, bool]] = {}
        self.pairs: set[tuple[int, str]] = set()  # (area, question) the file has rows for

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))

    def value(self, cells: list[str], name: str) -> str:
        index = self.layout.columns.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def column(self, name: str) -> str:
        return self.layout.names.get(self.layout.columns.get(name, -1), name)

    def place(self, line: int, cells: list[str]) -> tuple[Area, Property | None] | None:
        area_text, property_text = self.value(cells, "area"), self.value(cells, "property")
        area = prop = None
        ok = True
        if area_text:
            try:
                area = self.places.area(area_text)
            except ValueProblem as exc:
                self.error(line, self.column("area"), str(exc))
                ok = False
        if property_text:
            try:
                prop = self.places.property(property_text)
            except ValueProblem as exc:
                self.error(line, self.column("property"), str(exc))
                ok = False
        if not ok:
            return None
        if area is None and prop is None:
            self.error(line, "", _("Raden saknar område (area) eller fastighet (property)."))
            return None
        if prop is not None:
            if area is not None and prop.area_id != area.pk:
                self.error(line, self.column("property"),
                           _("Fastigheten '%(property)s' ligger inte i området '%(area)s'.")
                           % {"property": prop.address, "area": area.name})
                return None
            if prop.area_id is None:
                self.error(line, self.column("property"),
                           _("Fastigheten '%(property)s' hör inte till något område.")
                           % {"property": prop.address})
                return None
            area = prop.area
        return area, prop

    def period(self, line: int, cells: list[str]) -> bool:
        text = self.value(cells, "period")
        if not text:
            return True
        if len(text) > MAX_PERIOD_CHARS:
            self.error(line, self.column("period"),
                       _("Perioden är för lång (högst %(max)d tecken).")
                       % {"max": MAX_PERIOD_CHARS})
            return False
        try:
            start, end = parse_period(text)
        except ValueProblem:
            self.error(line, self.column("period"),
                       _("'%(value)s' är ingen period (t.ex. 2025, 2025-04 eller 2025-04-15).")
                       % {"value": text})
            return False
        survey = self.survey
        single_day = start == end
        outside = (not survey.period_start <= start <= survey.period_end if single_day
                   else end < survey.period_start or start > survey.period_end)
        if outside:
            self.error(line, self.column("period"),
                       _("Perioden %(value)s ligger utanför mätningens period %(start)s – "
                         "%(end)s.") % {"value": text, "start": survey.period_start,
                                        "end": survey.period_end})
            return False
        return True

    def unnamed(self, line: int, cells: list[str]) -> bool:
        for index in self.layout.unnamed:
            if index < len(cells) and cells[index].strip():
                self.error(line, "", _("Värde i kolumn %(number)d, som saknar rubrik.")
                           % {"number": index + 1})
                return False
        return True

    def add(self, line: int, cells: list[str]) -> None:
        width = self.layout.width
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            self.error(line, "", _("Raden har fler fält än rubrikraden."))
            return
        ok = self.unnamed(line, cells)
        place = self.place(line, cells)
        ok = self.period(line, cells) and ok and place is not None
        if self.layout.kind == RESPONDENT:
            counts = self._respondent(line, cells)
        else:
            counts = self._aggregate(line, cells, place)
        if not ok or counts is None:
            return
        area, prop = place
        self.areas[area.pk] = area
        for (question, answer), count in counts.items():
            if question not in self.questions:
                self.questions.append(question)
            self.pairs.add((area.pk, question))
            if count:
                self.counts[(area.pk, prop.pk if prop else None, question, answer)] += count
        self.imported += 1

    def _respondent(self, line: int, cells: list[str]) -> dict[tuple[str, str], int] | None:
        counts: dict[tuple[str, str], int] = {}
        ok = True
        for code, index in self.layout.questions.items():
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                continue
            answer = ANSWERS_OF[code].get(text.casefold())
            if answer is None:
                question = bank.QUESTIONS[code]
                self.error(line, self.layout.names[index],
                           _("'%(value)s' är inget svar på frågan %(question)s (möjliga: "
                             "%(answers)s).") % {"value": text, "question": code,
                                                 "answers": ", ".join(question.scale.codes())})
                ok = False
                continue
            counts[(code, answer)] = 1
        return counts if ok else None

    def _aggregate(self, line: int, cells: list[str], place) -> dict | None:
        code = self.value(cells, "question").casefold()
        question = bank.get(code)
        if not code:
            self.error(line, self.column("question"), _("Frågekod saknas."))
            return None
        if question is None:
            self.error(line, self.column("question"),
                       _("Okänd fråga '%(value)s' (frågebankens koder, t.ex. safe_area).")
                       % {"value": self.value(cells, "question")})
            return None
        n_text = self.value(cells, "n")
        n, n_ok = None, True
        if n_text or "share" in self.layout.columns:
            try:
                n = parse_count(n_text, positive=True)
            except ValueProblem:
                self.error(line, self.column("n"),
                           _("n måste vara ett positivt heltal (högst %(max)d, utan "
                             "exponent), inte '%(value)s'.")
                           % {"value": n_text[:50], "max": MAX_COUNT}
                           if n_text else _("n saknas."))
                n_ok = False
        if self.layout.answers:
            counts = self._answer_counts(line, cells, question)
            if counts is None or not n_ok:
                return None
            total = sum(counts.values())
            if not total:
                self.error(line, "", _("Raden har inga svar (alla antal är tomma eller 0)."))
                return None
            if n is not None and n != total:
                self.error(line, self.column("n"),
                           _("n är %(n)d men antalen per svar summerar till %(total)d.")
                           % {"n": n, "total": total})
                return None
        else:
            share_text = self.value(cells, "share")
            try:
                share = parse_share(share_text)
            except ValueProblem:
                if not share_text:
                    self.error(line, self.column("share"), _("Andel saknas."))
                    return None
                self.error(line, self.column("share"),
                           _("Andelen måste vara mellan 0 och 100 %%, inte '%(value)s'.")
                           % {"value": share_text})
                return None
            if not n_ok:
                return None
            positive = positive_of(share, n)
            counts = {(code, bank.POSITIVE): positive, (code, bank.NEGATIVE): n - positive}
        if place is not None:
            area, prop = place
            key = (area.pk, prop.pk if prop else None, code)
            if key in self.seen:
                self.error(line, "", _("Samma område/fastighet och fråga som rad %(line)d.")
                           % {"line": self.seen[key]})
                return None
            level = (area.pk, code)
            is_property = prop is not None
            if level in self.levels and self.levels[level][1] != is_property:
                other = self.levels[level][0]
                self.error(line, "", _("Rad %(line)d har samma fråga för %(other)s; blanda inte "
                                       "rader för ett område och för fastigheter i det, annars "
                                       "räknas svaren två gånger.")
                           % {"line": other,
                              "other": _("en fastighet i området") if not is_property
                              else _("hela området")})
                return None
            self.seen[key] = line
            self.levels.setdefault(level, (line, is_property))
        return counts

    def _answer_counts(self, line: int, cells: list[str], question) -> dict | None:
        counts: dict[tuple[str, str], int] = {}
        ok = True
        scale = set(question.scale.codes())
        for answer, index in self.layout.answers.items():
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                continue
            name = self.layout.names[index]
            try:
                count = parse_count(text, positive=False)
            except ValueProblem:
                self.error(line, name, _("Antalet måste vara ett heltal (0 till %(max)d, utan "
                                         "exponent), inte '%(value)s'.")
                           % {"value": text[:50], "max": MAX_COUNT})
                ok = False
                continue
            if answer not in scale:
                if count:
                    self.error(line, name,
                               _("Svaret %(answer)s hör inte till frågan %(question)s (möjliga: "
                                 "%(answers)s).") % {"answer": answer, "question": question.code,
                                                     "answers": ", ".join(question.scale.codes())})
                    ok = False
                continue
            counts[(question.code, answer)] = count
        return counts if ok else None


def import_survey(user, survey: Survey, data: bytes, filename: str = "", *,
                  progress: Callable[[int, int], None] | None = None,
                  on_stored: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Validate every row of the file, then replace the survey's counts for the file's
    (area, question) pairs with the file's, in one transaction; or store nothing and report
    every error.

    ``progress(done, total)`` is told how many rows have been checked; ``on_stored(result)``
    is called inside the storing transaction, so what it writes (a background job's "done")
    commits with the counts or not at all."""
    progress = progress or (lambda done, total: None)
    result = ImportResult()
    if not can_manage_survey(user, survey):
        result.errors.append(RowError(0, "", _("Du får inte importera till den här mätningen.")))
        return result
    if survey.provider == Provider.OWN:
        result.errors.append(RowError(0, "", _("Mätningen är en egen enkät med invånarnas "
                                               "svar; import till den skulle ersätta svaren "
                                               "och är inte tillåten.")))
        return result
    if survey.is_open:
        result.errors.append(RowError(0, "", _("Mätningen är öppen för svar; stäng den innan "
                                               "du importerar, annars ersätts svaren.")))
        return result
    try:
        table = read_table(data, filename)
    except FileError as exc:
        result.errors.append(RowError(exc.line, "", str(exc)))
        return result
    try:
        layout = _layout(table.header)
    except FileError as exc:
        result.errors.append(RowError(table.header_line, "", str(exc)))
        return result
    result.layout = layout.kind
    if not table.rows:
        result.errors.append(RowError(table.header_line, "", _("Filen har inga rader under "
                                                               "rubrikraden.")))
        return result
    rows = _Rows(survey, layout)
    total = len(table.rows)
    for checked, (line, cells) in enumerate(table.rows):
        if checked % 1000 == 0:
            progress(checked, total)
        rows.add(line, cells)
    if rows.errors:
        result.errors = rows.errors
        return result
    result.created = rows.imported
    result.answers = sum(rows.counts.values())
    result.areas = [a.slug for a in rows.areas.values()]
    result.questions = rows.questions
    _store(user, survey, rows, filename,
           stored=lambda: on_stored(result) if on_stored is not None else None)
    progress(total, total)
    return result


def _store(user, survey: Survey, rows: _Rows, filename: str,
           stored: Callable[[], object]) -> None:
    area_ids = list(rows.areas)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        areas_of: dict[str, set[int]] = {}
        for area, question in rows.pairs:
            areas_of.setdefault(question, set()).add(area)
        replaced = 0
        for question, areas in sorted(areas_of.items()):  # one query per question
            replaced += AnswerCount.objects.filter(
                survey=locked, question=question, area_id__in=sorted(areas)).delete()[0]
        AnswerCount.objects.bulk_create(
            [AnswerCount(survey=locked, collaboration_id=locked.collaboration_id, area_id=area,
                         property_id=prop, question=question, answer=answer, count=count)
             for (area, prop, question, answer), count in rows.counts.items()],
            batch_size=1000)
        locked.areas.add(*area_ids)
        new_questions = [q for q in rows.questions if q not in locked.questions]
        if new_questions:
            locked.questions = [*locked.questions, *new_questions]
            locked.save(update_fields=["questions"])
        survey.questions = locked.questions
        log.record_change(user, "survey_import", locked.collaboration_id, survey=locked.pk,
                          rows=rows.imported, layout=rows.layout.kind,
                          answers=sum(rows.counts.values()), replaced_counts=replaced,
                          areas=sorted(a.slug for a in rows.areas.values()),
                          questions=rows.questions, filename=filename[:200])
        stored()
