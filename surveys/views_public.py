"""Pages of our own survey (surveys/own.py): parse, authorise, call, render.

Public pages, no login, under /enkat/: a resident opens a single-use code (QR code or
typed) or an area's open link, answers on a phone, and gets a thank-you page. Their
responses carry no-store, noindex and strict-origin referrer headers, and a refused
code is not written to the request log (Django logs every 4xx and 5xx with its path, and
the path may hold the code). A typed code is posted to /enkat/ and answered with the form itself,
and the form posts the code in its body to /enkat/svar/: a typed code never enters a
URL. Only a scanned QR code (/enkat/<CODE>/) does, and `tryggve serve` leaves every
/enkat/ request out of its access log (tryggve/management/commands/serve.py).

Staff pages, under /surveys/own/: create a survey, see its areas with open link, QR code
and n so far, print a notice per area, issue a sheet of single-use codes, close it.
"""

import functools
import logging
from datetime import timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from orgs.models import Area, Organisation
from orgs.permissions import (
    access_for,
    can_manage_survey,
    survey_owners,
    visible_collaborations,
    visible_surveys,
)
from reports.privacy import Masking
from surveys import bank, own
from surveys.models import Provider
from tryggve.clientaddr import rate_subject
from tryggve.errors import InputError
from tryggve.i18n import pick
from tryggve.limits import counters
from tryggve.notices import tell_masked

OPEN_COOKIE_SALT = "tryggve.surveys.own.open-cookie"
OPEN_COOKIE_GRACE = timedelta(days=31)  # beyond the survey's period
logger = logging.getLogger(__name__)
DEFAULT_QUESTIONS = (bank.MAIN, "safe_evening", "safe_stairwell", "worry_crime", "lighting")

PAGE_TEXT = {
    "lead": ("Hur trygg känner du dig där du bor? Svara anonymt – det tar en minut.",
             "How safe do you feel where you live? Answer anonymously – it takes a minute."),
    "privacy": ("Svaren är anonyma. Vi sparar inga personuppgifter.",
                "Your answers are anonymous. We store no personal data."),
    "privacy_more": ("Vi sparar bara hur många som har valt varje svar i området – inte "
                     "vem som svarade, när på dagen eller från vilken enhet.",
                     "We only store how many chose each answer in the area – not who "
                     "answered, at what time of day or from which device."),
    "cookie": ("En kaka i din webbläsare gör att du bara kan svara en gång.",
               "A cookie in your browser makes sure you answer only once."),
    "area": ("Område", "Area"),
    "submit": ("Skicka svar", "Send answers"),
    "fix": ("Svaren skickades inte. Svara på frågorna som är markerade.",
            "Your answers were not sent. Answer the questions that are marked."),
    "thanks": ("Tack för ditt svar!", "Thank you for your answer!"),
    "thanks_more": ("Dina svar är sparade anonymt och räknas in i områdets resultat. "
                    "Du kan stänga sidan nu.",
                    "Your answers are saved anonymously and counted in the area's result. "
                    "You can close the page now."),
    "enter": ("Svara på trygghetsenkäten", "Answer the safety survey"),
    "enter_more": ("Skriv koden från lappen du fick, eller skanna QR-koden.",
                   "Type the code from the note you got, or scan the QR code."),
    "code": ("Kod", "Code"),
    "go": ("Fortsätt", "Continue"),
    "refused": ("Det går inte att svara", "You cannot answer"),
    "unknown_title": ("Koden finns inte", "Unknown code"),
    "used_title": ("Koden är redan använd", "Code already used"),
    "bad_link_title": ("Länken finns inte", "Unknown link"),
    "closed_title": ("Enkäten är stängd", "The survey is closed"),
    "not_started_title": ("Enkäten har inte öppnat", "The survey has not opened yet"),
    "answered_title": ("Du har redan svarat", "You have already answered"),
    "try_code": ("Har du en kod på en lapp? Skriv in den här.",
                 "Do you have a code on a note? Type it here."),
    "reopen_title": ("Öppna länken igen", "Open the link again"),
    "reopen": ("Öppna enkäten igen", "Open the survey again"),
    "error_title": ("Något gick fel", "Something went wrong"),
    "too_many_title": ("För många svar", "Too many answers"),
    "error": ("Svaret kunde inte tas emot just nu. Försök igen om en stund.",
              "Your answer could not be received just now. Please try again later."),
}


def page_text() -> dict[str, str]:
    return {key: pick(sv, en) for key, (sv, en) in PAGE_TEXT.items()}


def qr_svg(url: str, label: str = "") -> str:
    """An inline SVG QR code (quiet zone included), sized by CSS."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True,
                                                svgclass="qr")
    aria = f' role="img" aria-label="{escape(label)}"' if label else ' aria-hidden="true"'
    return mark_safe(svg.replace("<svg ", f"<svg{aria} ", 1))  # segno's own markup


def short_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


# Public pages --------------------------------------------------------------------------


def _public(response, status: int | None = None):
    """Headers for every public page; refused codes stay out of the request log."""
    if status is not None:
        response.status_code = status
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The page's URL may hold a code: send only the origin as Referer. ("no-referrer"
    # would make browsers send "Origin: null" with the form, which fails CSRF.)
    response["Referrer-Policy"] = "strict-origin"
    if response.status_code >= 400:
        response._has_been_logged = True
    return response


def _private(view):
    """A public view whose failures are logged without the request's path (which may hold
    a code): Django's own "Internal Server Error: <path>" line is not written."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (Http404, PermissionDenied, BadRequest, SuspiciousOperation,
                MultiPartParserError):
            raise  # Django's own pages (tryggve/errorpages.py): 404, 403, or 400 for bad input
        except Exception:
            if settings.DEBUG:
                raise
            logger.exception("A public survey page failed (%s %s)", request.method,
                             request.resolver_match.url_name if request.resolver_match
                             else "-")
            text = page_text()
            response = HttpResponse(
                f"<!doctype html><meta charset=utf-8><title>{escape(text['error_title'])}"
                f"</title><h1>{escape(text['error_title'])}</h1><p>{escape(text['error'])}",
                status=500)
            response["Cache-Control"] = "no-store"
            return _public(response)

    return wrapped


def _render(request, template: str, context: dict, status: int = 200):
    context = {"t": page_text(), **context}
    context.setdefault("next_url", request.path)
    return _public(render(request, template, context), status)


REFUSED_HEADINGS = {"survey": "closed_title", "period": "not_started_title",
                    "browser": "answered_title", "link": "bad_link_title"}


def _refused(request, exc: InputError, next_url: str | None = None):
    """The page for a code or link that cannot be answered (404/410), in plain words."""
    field = next(iter(exc.errors), "token")
    if field == "token":
        heading = "unknown_title" if exc.status == own.UNKNOWN else "used_title"
    else:
        heading = REFUSED_HEADINGS.get(field, "refused")
    return _render(request, "surveys/public_refused.html", {
        "heading": page_text()[heading],
        "message": " ".join(m for msgs in exc.errors.values() for m in msgs),
        "offer_code": heading == "unknown_title",
        "next_url": next_url or request.path,
    }, status=exc.status)


def _questions(survey, chosen: dict, errors: dict) -> list[dict]:
    rows = []
    for code in survey.questions:
        question = bank.get(code)
        if question is not None:
            rows.append({"q": question, "chosen": chosen.get(code, ""),
                         "errors": errors.get(code, [])})
    return rows


def _form(request, survey, area, action: str, token: str = "", chosen=None, errors=None,
          status: int = 200, next_url: str | None = None):
    errors = errors or {}
    return _render(request, "surveys/public_form.html", {
        "survey": survey, "area": area, "action": action, "token": token,
        "questions": _questions(survey, chosen or {}, errors),
        "errors": errors, "open_link": not token,
        "next_url": next_url or request.path,
    }, status=status)


def _posted_answers(request, survey) -> dict[str, str]:
    return {code: request.POST.get(code, "") for code in survey.questions}


def _code_form(request, stored, token: str, next_url: str | None = None):
    """The answer form of a stored single-use code, or why it cannot be answered."""
    problem = own.refusal(stored.survey)
    if problem is None and stored.used_at is not None:
        problem = InputError({"token": [own.text("used")]}, status=own.GONE)
    if problem is not None:
        return _refused(request, problem, next_url=next_url)
    return _form(request, stored.survey, stored.area, reverse("enkat:answer"), token=token,
                 next_url=next_url)


def _unknown_code(request, next_url: str | None = None):
    return _refused(request, InputError({"token": [own.text("unknown")]},
                                        status=own.UNKNOWN), next_url=next_url)


@never_cache
@_private
@require_http_methods(["GET", "POST"])
def enter(request):
    """The short URL printed beside the QR codes: type the code, get the survey.

    The code is posted, and the form comes back in the response: a typed code appears in
    no URL, so in no access log, browser history or Referer header."""
    if request.method == "POST":
        token = own.normalise(request.POST.get("kod"))
        stored = own.find_token(token) if token else None
        if stored is None:
            return _unknown_code(request, next_url=request.path)
        # The language switch goes back to the empty code form: the code stays out of
        # every URL.
        return _code_form(request, stored, token, next_url=request.path)
    return _render(request, "surveys/public_enter.html", {})


@never_cache
@_private
def token_page(request, code: str):
    """A scanned QR code's page."""
    stored = own.find_token(code)
    if stored is None:
        return _unknown_code(request)
    token = own.normalise(code)
    if code != token:
        return _public(redirect("enkat:token", code=token))
    return _code_form(request, stored, token)


@never_cache
@_private
@require_http_methods(["GET", "POST"])
def answer(request):
    """The single-use code's form posts here, the code in its body."""
    if request.method != "POST":
        return _public(redirect("enkat:enter"))
    token = own.normalise(request.POST.get("token"))
    stored = own.find_token(token) if token else None
    back = reverse("enkat:enter")  # the language switch: never a URL with the code
    if stored is None:
        return _unknown_code(request, next_url=back)
    chosen = _posted_answers(request, stored.survey)
    try:
        own.do_answer(stored.survey, stored.area, token, chosen)
    except InputError as exc:
        if exc.status != 400:
            return _refused(request, exc, next_url=back)
        return _form(request, stored.survey, stored.area, reverse("enkat:answer"),
                     token=token, chosen=chosen, errors=exc.errors, status=400,
                     next_url=back)
    return _public(redirect("enkat:thanks"))


@never_cache
@_private
def thanks(request):
    return _render(request, "surveys/public_thanks.html", {"next_url": request.path})


def _cookie_name(survey, area) -> str:
    return f"enkat_{survey.pk}_{area.pk}"


def _cookie_max_age(survey) -> timedelta:
    """How long an open-link cookie is accepted: the survey's period and a month."""
    return timedelta(days=max((survey.period_end - survey.period_start).days, 0) + 1) \
        + OPEN_COOKIE_GRACE


def _set_open_cookie(response, survey, area, token: str):
    """The browser's code for this survey and area, signed with the time it was issued
    (Django's signed cookies are TimestampSigner values)."""
    days_left = (survey.period_end - timezone.localdate()).days
    response.set_signed_cookie(
        _cookie_name(survey, area), token, salt=OPEN_COOKIE_SALT,
        max_age=int((timedelta(days=max(days_left, 0) + 1) + OPEN_COOKIE_GRACE)
                    .total_seconds()),
        path=reverse("enkat:enter"), httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE)
    return response


def _open_cookie_token(request, survey, area) -> str:
    """The code from a cookie this site issued on an earlier visit and not too long ago,
    or "" (no cookie, forged, or expired)."""
    try:
        value = request.get_signed_cookie(
            _cookie_name(survey, area), default=None, salt=OPEN_COOKIE_SALT,
            max_age=_cookie_max_age(survey))
    except signing.BadSignature:  # get_signed_cookie raises only with a default missing
        value = None
    return own.normalise(value)


def _reopen(request, survey, area):
    """A submit without a cookie from an earlier visit: nothing is stored."""
    return _render(request, "surveys/public_refused.html", {
        "heading": page_text()["reopen_title"],
        "message": own.text("no_cookie"),
        "reopen_url": request.path,
    }, status=400)


def _too_many(request):
    """More answers from one address to one area in an hour than a household gives."""
    response = _render(request, "surveys/public_refused.html", {
        "heading": page_text()["too_many_title"],
        "message": own.text("too_many", count=own.OPEN_LINK_LIMIT.count),
    }, status=429)
    response["Retry-After"] = str(counters.retry_after(own.OPEN_LINK_LIMIT))
    return response


@never_cache
@_private
@require_http_methods(["GET", "POST"])
def open_link(request, key: str):
    """An area's open link: one answer per browser, through a code kept in a cookie.

    Only a visit (GET) hands out a code; a submit (POST) needs the code of an earlier
    visit, so no answer can be posted without first fetching the page."""
    found = own.resolve_open_key(key)
    if found is None:
        return _refused(request, InputError({"link": [own.text("bad_link")]},
                                            status=own.UNKNOWN))
    survey, area = found
    problem = own.refusal(survey)
    if problem is not None:
        return _refused(request, problem, next_url=request.path)
    token = _open_cookie_token(request, survey, area)
    if token:
        stored = own.find_token(token)
        if stored is not None and stored.used_at is not None:
            return _refused(request, InputError({"browser": [own.text("answered")]},
                                                status=own.GONE), next_url=request.path)
    elif request.method == "POST":
        return _reopen(request, survey, area)
    else:
        token = own.new_token()
    if request.method == "POST":
        chosen = _posted_answers(request, survey)
        sender = own.open_link_sender(area, rate_subject(request))
        if not counters.hit(own.OPEN_LINK_LIMIT, sender):
            return _too_many(request)
        try:
            own.do_answer(survey, area, token, chosen, create=True)
        except InputError as exc:
            counters.undo(own.OPEN_LINK_LIMIT, sender)  # nothing was stored
            if exc.status != 400:
                return _refused(request, exc, next_url=request.path)
            response = _form(request, survey, area, request.path, chosen=chosen,
                             errors=exc.errors, status=400)
            return _set_open_cookie(response, survey, area, token)
        return _set_open_cookie(_public(redirect("enkat:thanks")), survey, area, token)
    return _set_open_cookie(_form(request, survey, area, request.path), survey, area, token)


# Staff pages ---------------------------------------------------------------------------


def _managed_survey(request, pk: int):
    survey = visible_surveys(request.user).filter(pk=pk, provider=Provider.OWN).first()
    if survey is None:
        raise Http404
    if not can_manage_survey(request.user, survey):
        raise PermissionDenied(_("Du får inte hantera den här enkäten."))
    return survey


def _survey_area(survey, area_pk: int) -> Area:
    area = survey.areas.filter(pk=area_pk).first()
    if area is None:
        raise Http404
    return area


def _creatable(user) -> list:
    access = access_for(user)
    collaborations = visible_collaborations(user).order_by("name")
    if access.is_superuser:
        return list(collaborations)
    return [c for c in collaborations if survey_owners(user, c.pk)]


@login_required
def own_list(request):
    surveys = (visible_surveys(request.user).filter(provider=Provider.OWN)
               .select_related("collaboration", "owner").order_by("-period_end", "title"))
    return render(request, "surveys/own_list.html", {
        "surveys": [(s, can_manage_survey(request.user, s)) for s in surveys],
        "collaborations": _creatable(request.user),
    })


def _owner_choices(user, collaboration) -> list:
    if access_for(user).is_superuser:
        return list(collaboration.organisations.order_by("name"))
    return list(Organisation.objects.filter(pk__in=survey_owners(user, collaboration.pk))
                .order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def own_new(request, slug: str):
    collaboration = visible_collaborations(request.user).filter(slug=slug).first()
    if collaboration is None:
        raise Http404
    owners = _owner_choices(request.user, collaboration)
    if not owners:
        raise PermissionDenied(_("Du får inte skapa enkäter i den här samverkan."))
    today = timezone.localdate()
    values = {"title": "", "owner": str(owners[0].pk), "areas": [],
              "questions": list(DEFAULT_QUESTIONS), "period_start": today.isoformat(),
              "period_end": (today + timedelta(days=30)).isoformat()}
    errors: dict = {}
    if request.method == "POST":
        values = {"title": request.POST.get("title", ""),
                  "owner": request.POST.get("owner", ""),
                  "areas": request.POST.getlist("areas"),
                  "questions": request.POST.getlist("questions"),
                  "period_start": request.POST.get("period_start", ""),
                  "period_end": request.POST.get("period_end", "")}
        masking = Masking()
        try:
            survey = own.do_create_own_survey(
                request.user, collaboration, values["owner"], values["title"],
                values["areas"], values["questions"], values["period_start"],
                values["period_end"], masking=masking)
        except InputError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Enkäten är skapad och öppen för svar."))
            tell_masked(request, masking)
            return redirect("surveys:own_detail", pk=survey.pk)
    return render(request, "surveys/own_new.html", {
        "collaboration": collaboration, "owners": owners, "values": values,
        "errors": errors,
        "areas": Area.objects.filter(collaboration=collaboration).order_by("name"),
        "questions": list(bank.QUESTIONS.values()),
        "max_questions": own.MAX_QUESTIONS,
    }, status=400 if errors else 200)


def _open_url(request, survey, area) -> str:
    return request.build_absolute_uri(
        reverse("enkat:open", kwargs={"key": own.open_key(survey, area)}))


@login_required
def own_detail(request, pk: int):
    survey = _managed_survey(request, pk)
    counts = own.answers_per_area(survey)
    unused = own.unused_codes_per_area(survey)
    areas = []
    for area in survey.areas.order_by("name"):
        url = _open_url(request, survey, area)
        areas.append({"area": area, "url": url, "short": short_url(url),
                      "qr": qr_svg(url, _("QR-kod till enkäten för %(area)s")
                                   % {"area": area.name}),
                      "n": counts.get(area.pk, 0), "unused": unused.get(area.pk, 0)})
    return render(request, "surveys/own_detail.html", {
        "survey": survey, "areas": areas, "total": sum(a["n"] for a in areas),
        "questions": [bank.get(c) for c in survey.questions if bank.get(c)],
        "accepting": own.refusal(survey) is None,
        "max_codes": own.MAX_TOKENS_PER_CALL,
    })


def _notice_text() -> dict:
    return {"head": ("Hur trygg känner du dig? Svara anonymt",
                     "How safe do you feel? Answer anonymously"),
            "scan": ("Skanna QR-koden med mobilens kamera, eller gå till",
                     "Scan the QR code with your phone's camera, or go to"),
            "or_go": ("Skanna eller gå till", "Scan or go to"),
            "privacy": PAGE_TEXT["privacy"],
            "minute": ("Det tar en minut. Svara senast", "It takes a minute. Answer by")}


@login_required
def own_notice(request, pk: int, area_pk: int):
    """A printable A4 notice for the stairwell: in Swedish, with English beneath."""
    survey = _managed_survey(request, pk)
    area = _survey_area(survey, area_pk)
    url = _open_url(request, survey, area)
    return render(request, "surveys/own_notice.html", {
        "survey": survey, "area": area, "url": url, "short": short_url(url),
        "qr": qr_svg(url, "QR"), "text": _notice_text()})


@login_required
@require_POST
def own_codes(request, pk: int, area_pk: int):
    """Issue single-use codes and show them once, as a sheet of notes to cut apart."""
    survey = _managed_survey(request, pk)
    area = _survey_area(survey, area_pk)
    try:
        tokens = own.issue_tokens(request.user, survey, area, request.POST.get("count"))
    except InputError as exc:
        for msgs in exc.errors.values():
            for m in msgs:
                messages.error(request, m)
        return redirect("surveys:own_detail", pk=survey.pk)
    enter_url = request.build_absolute_uri(reverse("enkat:enter"))
    notes = []
    for token in tokens:
        url = request.build_absolute_uri(reverse("enkat:token", kwargs={"code": token}))
        notes.append({"code": own.grouped(token), "qr": qr_svg(url, "QR")})
    response = render(request, "surveys/own_codes.html", {
        "survey": survey, "area": area, "notes": notes, "enter_short": short_url(enter_url),
        "text": _notice_text()})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def own_close(request, pk: int):
    survey = _managed_survey(request, pk)
    own.do_close(request.user, survey)
    messages.success(request, _("Enkäten är stängd. Inga fler svar tas emot."))
    return redirect("surveys:own_detail", pk=survey.pk)
