"""Pages of our own survey (surveys/own.py): parse, authorise, call, render.

Public pages, no login, under /enkat/: a resident opens a single-use code (QR code or
typed) or an area's open link, answers on a phone, and gets a thank-you page. Their
responses carry no-store and noindex headers, and a refused code is not
written to the request log (Django logs every 4xx with its path, and the path holds the
code). The form posts the code in its body to /enkat/svar/, so the code stays out of the
URL of the answer itself.

Staff pages, under /surveys/own/: create a survey, see its areas with open link, QR code
and n so far, print a notice per area, issue a sheet of single-use codes, close it.
"""

from datetime import timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
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
from surveys import bank, own
from surveys.models import Provider
from tryggve.errors import InputError
from tryggve.i18n import pick

OPEN_COOKIE_SALT = "tryggve.surveys.own.open-cookie"
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
    if response.status_code >= 400:
        response._has_been_logged = True
    return response


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


@never_cache
def enter(request):
    """The short URL printed beside the QR codes: type the code, go to the survey."""
    code = request.GET.get("kod")
    if code is not None:
        token = own.normalise(code)
        if token:
            return _public(redirect("enkat:token", code=token))
        return _refused(request, InputError({"token": [own.text("unknown")]},
                                            status=own.UNKNOWN), next_url=request.path)
    return _render(request, "surveys/public_enter.html", {})


@never_cache
def token_page(request, code: str):
    stored = own.find_token(code)
    if stored is None:
        return _refused(request, InputError({"token": [own.text("unknown")]},
                                            status=own.UNKNOWN))
    token = own.normalise(code)
    if code != token:
        return _public(redirect("enkat:token", code=token))
    problem = own.refusal(stored.survey)
    if problem is None and stored.used_at is not None:
        problem = InputError({"token": [own.text("used")]}, status=own.GONE)
    if problem is not None:
        return _refused(request, problem)
    return _form(request, stored.survey, stored.area, reverse("enkat:answer"), token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request):
    """The single-use code's form posts here, the code in its body."""
    if request.method != "POST":
        return _public(redirect("enkat:enter"))
    token = own.normalise(request.POST.get("token"))
    stored = own.find_token(token) if token else None
    if stored is None:
        return _refused(request, InputError({"token": [own.text("unknown")]},
                                            status=own.UNKNOWN),
                        next_url=reverse("enkat:enter"))
    back = reverse("enkat:token", kwargs={"code": token})
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
def thanks(request):
    return _render(request, "surveys/public_thanks.html", {"next_url": request.path})


def _cookie_name(survey, area) -> str:
    return f"enkat_{survey.pk}_{area.pk}"


def _set_open_cookie(response, survey, area, token: str):
    days_left = (survey.period_end - timezone.localdate()).days
    response.set_signed_cookie(
        _cookie_name(survey, area), token, salt=OPEN_COOKIE_SALT,
        max_age=int(timedelta(days=max(days_left, 0) + 31).total_seconds()),
        path=reverse("enkat:enter"), httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def open_link(request, key: str):
    """An area's open link: one answer per browser, through a code kept in a cookie."""
    found = own.resolve_open_key(key)
    if found is None:
        return _refused(request, InputError({"link": [own.text("bad_link")]},
                                            status=own.UNKNOWN))
    survey, area = found
    problem = own.refusal(survey)
    if problem is not None:
        return _refused(request, problem, next_url=request.path)
    cookie = request.get_signed_cookie(_cookie_name(survey, area), default=None,
                                       salt=OPEN_COOKIE_SALT)
    token = own.normalise(cookie)
    if token:
        stored = own.find_token(token)
        if stored is not None and stored.used_at is not None:
            return _refused(request, InputError({"browser": [own.text("answered")]},
                                                status=own.GONE), next_url=request.path)
    else:
        token = own.new_token()
    if request.method == "POST":
        chosen = _posted_answers(request, survey)
        try:
            own.do_answer(survey, area, token, chosen, create=True)
        except InputError as exc:
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
        try:
            survey = own.do_create_own_survey(
                request.user, collaboration, values["owner"], values["title"],
                values["areas"], values["questions"], values["period_start"],
                values["period_end"])
        except InputError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Enkäten är skapad och öppen för svar."))
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
