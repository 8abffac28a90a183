"""Our own survey: a short safety survey an organisation runs itself, answered on a phone
by link or QR code, one answer per code, anonymous.

Every change goes through one function here, which checks permission, validates, stores
and (for staff actions) writes the audit entry. Answers are never audited or logged.

What is stored
- Answers only as counts: one ``AnswerCount`` row per (survey, area, question, answer),
  incremented with ``F()``. The whole grid of zero rows is created with the survey (and
  for an area on its first answer if it was added later), and every answer rewrites the
  area's whole grid (+1 where chosen, +0 elsewhere): neither the order in which rows
  appear nor which rows a transaction touched tells what a resident answered.
- A code only as the SHA-256 of it (``AnswerToken.token_hash``) with its survey and area,
  and ``used_at`` truncated to the day (00:00 UTC of the Swedish date). Nothing links a
  code to the counts it added; no IP address, user agent, cookie or time of day is kept
  with the answers.

Two ways in, both "one answer per code"
1. Single-use codes (``issue_tokens``): a printable sheet with one QR code and short code
   per household. Twelve characters from Crockford's base32 (60 bits: unguessable, safe
   in a URL, no 0/O or 1/I/L to confuse when typed; ``normalise`` forgives case, dashes,
   spaces and those look-alikes). Shown once, when issued; only the hash is stored.
   Hand the notes out at random and never note which code went to which door: a code is
   anonymous only as long as nobody knows whose it is.
2. One open link per area (``open_key``), for a notice in the stairwell. The link carries
   ``<survey>-<area>-<signature>`` (an HMAC of the pair under SECRET_KEY, so links cannot
   be enumerated). On the first visit (a GET) the browser gets a fresh random code in a
   signed, timestamped, HttpOnly cookie scoped to /enkat/ and to that survey and area;
   nothing is stored yet, so link previews and curious visits leave no rows. Submitting
   the form uses that code exactly like a single-use one: its hash is stored as used, and
   the next submit from the same browser is refused ("du har redan svarat"). A submit
   without a cookie from an earlier visit (or with one older than the survey's period
   plus 31 days) stores nothing: each answer costs a fresh visit. That is one answer per
   browser, not per person: a private window can answer again, but at most three times an
   hour from one connection to one area (``OPEN_LINK_LIMIT``; its counter keeps a keyed
   hash of address and area until the hour is over, never the address). The open link is
   the convenient way, the printed codes the controlled one; use the codes where the
   result must hold.

Resident-facing sentences (the public page, its errors and the printed notice) are kept
as (Swedish, English) pairs, like the question bank's labels: the page must be complete
in both languages for people who never log in. Staff-facing messages use gettext.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from audit import log
from orgs.models import Area, Collaboration, Organisation
from orgs.permissions import access_for, can_manage_survey, survey_owners
from reports.privacy import Masking
from surveys import bank
from surveys.models import AnswerCount, AnswerToken, Provider, Survey
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.i18n import pick
from tryggve.limits.counters import Limit
from tryggve.parsing import as_id

MAX_TOKENS_PER_CALL = 2000
MAX_QUESTIONS = 10  # a short survey: a minute on a phone
MAX_PERIOD_DAYS = 366

# Crockford's base32: no I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_LENGTH = 12
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

OPEN_KEY_SALT = "tryggve.surveys.own.open-link"
OPEN_SIG_LENGTH = 8

# The open link takes at most this many answers an hour from one client address to one
# area (a household shares a connection; a script stuffing answers is stopped). The counter
# holds a keyed hash of the address and area, for the hour only (tryggve/limits).
OPEN_LINK_LIMIT = Limit("survey-open-link", count=3, seconds=3600)

# Statuses of a refused code, as InputError.status: the public page shows them as such.
UNKNOWN, GONE = 404, 410


@dataclass(frozen=True)
class Text:
    """A resident-facing sentence in both languages."""

    sv: str
    en: str

    def __str__(self) -> str:
        return pick(self.sv, self.en)


TEXT = {
    "unknown": Text("Koden finns inte. Kontrollera att du har skrivit av den rätt.",
                    "The code does not exist. Check that you typed it correctly."),
    "bad_link": Text("Länken fungerar inte. Skanna QR-koden på lappen igen, eller skriv av "
                     "adressen exakt.", "The link does not work. Scan the QR code on the "
                     "notice again, or type the address exactly."),
    "used": Text("Koden är redan använd. Varje kod ger ett svar – tack om det var du som "
                 "svarade!", "The code has already been used. Each code gives one answer "
                 "– thank you if it was you who answered!"),
    "answered": Text("Du har redan svarat på enkäten från den här webbläsaren. Tack!",
                     "You have already answered the survey from this browser. Thank you!"),
    "no_cookie": Text("Svaret kunde inte sparas. Öppna länken till enkäten igen och svara "
                      "på nytt. Din webbläsare behöver tillåta kakor för den här sidan.",
                      "Your answer could not be saved. Open the link to the survey again "
                      "and answer once more. Your browser needs to allow cookies for this "
                      "page."),
    "closed": Text("Enkäten är stängd och tar inte emot fler svar.",
                   "The survey is closed and accepts no more answers."),
    "not_started": Text("Enkäten har inte öppnat ännu. Välkommen tillbaka från %(date)s.",
                        "The survey has not opened yet. Welcome back from %(date)s."),
    "missing": Text("Svara på frågan, eller välj ”Vet inte”.",
                    "Answer the question, or choose “Don't know”."),
    "invalid": Text("Välj ett av svarsalternativen.", "Choose one of the answers."),
    "not_asked": Text("Frågan finns inte i enkäten.", "The question is not in the survey."),
    "too_many": Text("Högst %(count)d svar i timmen kan komma från samma uppkoppling till "
                     "ett område. Försök igen om en stund.",
                     "At most %(count)d answers an hour can come from one connection to an "
                     "area. Please try again in a while."),
}


def open_link_sender(area: Area, address: str) -> str:
    """Whom the open link's limit counts: one client address, per area."""
    return f"{area.pk}|{address}"


def text(key: str, **values) -> str:
    message = str(TEXT[key])
    return message % values if values else message


# Codes ---------------------------------------------------------------------------------


def new_token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def normalise(raw) -> str:
    """A code as typed or scanned, in its canonical form ("" if it cannot be one)."""
    code = "".join(str(raw or "").split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(code) != TOKEN_LENGTH or any(c not in ALPHABET for c in code):
        return ""
    return code


def grouped(token: str) -> str:
    """K7M4Q9PX2HWD → K7M4-Q9PX-2HWD, for printing."""
    return "-".join(token[i:i + 4] for i in range(0, len(token), 4))


def token_hash(token: str) -> str:
    return hashlib.sha256(normalise(token).encode()).hexdigest()


def find_token(token: str) -> AnswerToken | None:
    """The stored code (any survey), or None."""
    if not normalise(token):
        return None
    return (AnswerToken.objects.filter(token_hash=token_hash(token))
            .select_related("survey", "area").first())


# Open links ----------------------------------------------------------------------------


def _signature(survey_id: int, area_id: int, secret: str | None = None) -> str:
    digest = salted_hmac(OPEN_KEY_SALT, f"{survey_id}-{area_id}", secret=secret,
                         algorithm="sha256").digest()
    number = int.from_bytes(digest[:5], "big")  # 40 bits → 8 base32 characters
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))


def open_key(survey: Survey, area: Area) -> str:
    return f"{survey.pk}-{area.pk}-{_signature(survey.pk, area.pk)}"


def resolve_open_key(key: str) -> tuple[Survey, Area] | None:
    """The own survey and area of an open link, or None if the key is not genuine."""
    parts = str(key or "").split("-")
    if len(parts) != 3:
        return None
    survey_id, area_id = as_id(parts[0]), as_id(parts[1])
    signature = parts[2].upper().translate(_LOOK_ALIKES)
    if survey_id is None or area_id is None or len(signature) != OPEN_SIG_LENGTH:
        return None
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(constant_time_compare(signature, _signature(survey_id, area_id, s))
               for s in secrets_):
        return None
    survey = Survey.objects.filter(pk=survey_id, provider=Provider.OWN).first()
    if survey is None:
        return None
    area = survey.areas.filter(pk=area_id).first()
    return None if area is None else (survey, area)


# Creating, issuing, closing ------------------------------------------------------------


def _as_date(raw, key: str, errors: dict) -> date | None:
    value = bounds.clean_date(raw, errors, key, message=_("Ange ett datum, t.ex. 2025-09-01."))
    if value is None and key not in errors:
        errors[key] = [_("Ange ett datum, t.ex. 2025-09-01.")]
    return value


def _ensure_grid(survey: Survey, area_ids, questions: list[str]) -> None:
    """Zero counts for every answer of every question in those areas (missing ones only)."""
    existing = set(AnswerCount.objects.filter(survey=survey, area_id__in=area_ids,
                                              property__isnull=True)
                   .values_list("area_id", "question", "answer"))
    AnswerCount.objects.bulk_create([
        AnswerCount(survey=survey, collaboration_id=survey.collaboration_id, area_id=area_id,
                    question=code, answer=answer, count=0)
        for area_id in area_ids
        for code in questions
        for answer in bank.QUESTIONS[code].scale.codes()
        if (area_id, code, answer) not in existing
    ], ignore_conflicts=True)


def do_create_own_survey(user, collaboration: Collaboration, owner_org_id, title: str,
                         area_ids, question_codes, period_start, period_end, *,
                         masking: Masking | None = None) -> Survey:
    """A new own survey, open for answers: areas of the collaboration, questions from
    the bank (in the order given), a period of at most a year. The title is shown to
    residents on the anonymous page, so it is cleaned like every typed text."""
    access = access_for(user)
    owners = survey_owners(user, collaboration.pk)
    if access.is_superuser:
        owners = list(collaboration.organisations.values_list("id", flat=True))
    if not owners:
        raise PermissionDenied(_("Du får inte skapa enkäter i den här samverkan."))
    errors: dict[str, list[str]] = {}
    owner_id = as_id(owner_org_id)
    if owner_id is None:
        errors["owner"] = [_("Välj organisation.")]
    elif owner_id not in owners:
        raise PermissionDenied(_("Du får inte skapa enkäter för den organisationen."))

    title = bounds.clean_text(Survey, "title", title, errors, masking=masking,
                              required=_("Ge enkäten ett namn."))

    wanted = list(dict.fromkeys(as_id(a) for a in area_ids or []))
    areas = {a.pk: a for a in Area.objects.filter(collaboration=collaboration,
                                                  pk__in=[a for a in wanted if a])}
    if not wanted:
        errors["areas"] = [_("Välj minst ett område.")]
    elif None in wanted or len(areas) != len(wanted):
        errors["areas"] = [_("Områdena måste höra till samverkan.")]

    codes = list(dict.fromkeys(str(c) for c in question_codes or []))
    if not codes:
        errors["questions"] = [_("Välj minst en fråga.")]
    elif any(c not in bank.QUESTIONS for c in codes):
        errors["questions"] = [_("Okänd fråga.")]
    elif len(codes) > MAX_QUESTIONS:
        errors["questions"] = [_("Högst %(max)d frågor – enkäten ska gå fort att svara på.")
                               % {"max": MAX_QUESTIONS}]

    start = _as_date(period_start, "period_start", errors)
    end = _as_date(period_end, "period_end", errors)
    if start and end:
        if end < start:
            errors["period_end"] = [_("Perioden kan inte sluta innan den börjar.")]
        elif (end - start).days > MAX_PERIOD_DAYS:
            errors["period_end"] = [_("Perioden får vara högst ett år.")]
        elif end < timezone.localdate():
            errors["period_end"] = [_("Perioden har redan tagit slut.")]
    if errors:
        raise InputError(errors)

    with transaction.atomic():
        survey = Survey.objects.create(
            collaboration=collaboration, owner=Organisation.objects.get(pk=owner_id),
            provider=Provider.OWN, title=title, period_start=start, period_end=end,
            questions=codes, shared=True, is_open=True,
            created_by=user if user.pk else None)
        survey.organisations.add(owner_id)
        survey.areas.set(list(areas))
        _ensure_grid(survey, list(areas), codes)
        log.record_change(user, "own_survey_create", collaboration.pk, survey=survey.pk,
                          title=title, areas=list(areas), questions=codes,
                          period=[start.isoformat(), end.isoformat()])
    return survey


def _require_manager(user, survey: Survey) -> None:
    if survey.provider != Provider.OWN:
        raise InputError({"survey": [_("Det här är inte en egen enkät.")]})
    if not can_manage_survey(user, survey):
        raise PermissionDenied(_("Du får inte ändra den här enkäten."))


def issue_tokens(user, survey: Survey, area: Area, count) -> list[str]:
    """``count`` new single-use codes for one area. The codes are returned once and only
    their hashes are stored: print them now."""
    _require_manager(user, survey)
    errors: dict[str, list[str]] = {}
    if not survey.areas.filter(pk=area.pk).exists():
        errors["area"] = [_("Området ingår inte i enkäten.")]
    number = as_id(count)
    if number is None or not 1 <= number <= MAX_TOKENS_PER_CALL:
        errors["count"] = [_("Ange ett antal mellan 1 och %(max)d.")
                           % {"max": MAX_TOKENS_PER_CALL}]
    if not survey.is_open:
        errors["survey"] = [_("Enkäten är stängd.")]
    if errors:
        raise InputError(errors)
    for _attempt in range(3):  # a collision of 60-bit codes is all but impossible
        tokens = list({new_token() for _ in range(number)})
        if len(tokens) != number:
            continue
        try:
            with transaction.atomic():
                AnswerToken.objects.bulk_create(
                    AnswerToken(survey=survey, area=area, token_hash=token_hash(t))
                    for t in tokens)
                log.record_change(user, "own_survey_codes", survey.collaboration_id,
                                  survey=survey.pk, area=area.pk, count=number)
            return tokens
        except IntegrityError:
            continue
    raise RuntimeError("could not issue unique survey codes")


def do_close(user, survey: Survey) -> Survey:
    """Stop taking answers; codes not yet used stop working."""
    _require_manager(user, survey)
    with transaction.atomic():  # the change and its audit entry, or neither
        closed = Survey.objects.filter(pk=survey.pk, is_open=True).update(is_open=False)
        survey.is_open = False
        if closed:
            log.record_change(user, "own_survey_close", survey.collaboration_id,
                              survey=survey.pk)
    return survey


# Answering -----------------------------------------------------------------------------


def refusal(survey: Survey, today: date | None = None) -> InputError | None:
    """Why the survey takes no answers now (closed, or its period not begun or over)."""
    today = today or timezone.localdate()
    if survey.provider != Provider.OWN or not survey.is_open or today > survey.period_end:
        return InputError({"survey": [text("closed")]}, status=GONE)
    if today < survey.period_start:
        return InputError({"period": [text("not_started",
                                            date=survey.period_start.isoformat())]},
                          status=GONE)
    return None


def check_answers(survey: Survey, answers: dict) -> dict[str, str]:
    """The answers to store, or InputError with a message per question."""
    errors: dict[str, list[str]] = {}
    for code in answers:
        if code not in survey.questions:
            errors[str(code)] = [text("not_asked")]
    clean = {}
    for code in survey.questions:
        question = bank.get(code)
        if question is None:  # the bank never drops a code; guard anyway
            continue
        value = str(answers.get(code) or "").strip()
        if not value:
            errors[code] = [text("missing")]
        elif value not in question.scale.codes():
            errors[code] = [text("invalid")]
        else:
            clean[code] = value
    if errors:
        raise InputError(errors, status=400)
    return clean


def answer_day() -> datetime:
    """Today's Swedish date as 00:00 UTC: the finest time stored about an answer."""
    return datetime.combine(timezone.localdate(), time.min, tzinfo=UTC)


def do_answer(survey: Survey, area: Area, token: str, answers: dict,
              create: bool = False) -> None:
    """Count one resident's answers, once per code.

    The code must belong to this survey and area and be unused (``create``: a code handed
    out by the open link, stored on first use). Every question needs an answer from its
    scale, "dont_know" included; otherwise nothing is stored. Raises InputError with
    status 404 (unknown code), 410 (used code, survey closed) or 400 (answers).
    """
    problem = refusal(survey)
    if problem is not None:
        raise problem
    if not normalise(token):
        raise InputError({"token": [text("unknown")]}, status=UNKNOWN)
    digest = token_hash(token)
    stored = AnswerToken.objects.filter(token_hash=digest).first()
    if stored is None and not create:
        raise InputError({"token": [text("unknown")]}, status=UNKNOWN)
    if stored is not None and (stored.survey_id != survey.pk or stored.area_id != area.pk):
        raise InputError({"token": [text("unknown")]}, status=UNKNOWN)
    if stored is not None and stored.used_at is not None:
        if create:
            raise InputError({"browser": [text("answered")]}, status=GONE)
        raise InputError({"token": [text("used")]}, status=GONE)
    if not survey.areas.filter(pk=area.pk).exists():
        raise InputError({"token": [text("unknown")]}, status=UNKNOWN)
    clean = check_answers(survey, answers)

    day = answer_day()
    try:
        with transaction.atomic():
            if stored is None:
                AnswerToken.objects.create(survey=survey, area=area, token_hash=digest,
                                           used_at=day)
            elif not AnswerToken.objects.filter(pk=stored.pk, used_at__isnull=True).update(
                    used_at=day):
                raise InputError({"token": [text("used")]}, status=GONE)  # a race, lost
            _ensure_grid(survey, [area.pk], survey.questions)
            chosen = Q()
            for code, value in clean.items():
                chosen |= Q(question=code, answer=value)
            # One UPDATE rewrites the area's whole grid, adding 1 where chosen and 0
            # elsewhere: every row of the area changes in the same way, so the database's
            # own bookkeeping (PostgreSQL's xmin, the order of writes) does not show
            # which answers this code added.
            AnswerCount.objects.filter(survey=survey, area=area, property__isnull=True).update(
                count=F("count") + Case(When(chosen, then=Value(1)), default=Value(0)))
    except IntegrityError:  # the same open-link code submitted twice at once
        raise InputError({"browser": [text("answered")]}, status=GONE) from None


# Reading -------------------------------------------------------------------------------


def answers_per_area(survey: Survey) -> dict[int, int]:
    """n per area: the answers to the survey's first question, "don't know" included."""
    if not survey.questions:
        return {}
    rows = (AnswerCount.objects.filter(survey=survey, question=survey.questions[0])
            .values("area_id").annotate(n=Sum("count")))
    return {r["area_id"]: r["n"] or 0 for r in rows}


def unused_codes_per_area(survey: Survey) -> dict[int, int]:
    rows = (AnswerToken.objects.filter(survey=survey, used_at__isnull=True)
            .values("area_id").annotate(n=Count("id")))
    return {r["area_id"]: r["n"] for r in rows}
