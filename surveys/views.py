"""Survey pages: the dashboard of shares, targets and the attention list.

Parse, authorise, call surveys.indicators / targets / attention, render. The collaboration
comes as ``?collaboration=<slug>`` (the user's first when left out) and the question as
``?question=<code>`` (the share feeling safe in the area when left out).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.models import Collaboration
from orgs.permissions import can_run_meeting, visible_collaborations
from picture.views import collaboration_or_404
from reports import weeks
from surveys import attention as attention_rules
from surveys import bank, charts
from surveys.indicators import (
    Point,
    Series,
    change_text,
    hidden_text,
    percent,
    question_or_main,
    share_detail,
    share_text,
)
from surveys.models import Target
from surveys.shares import target_status
from surveys.targets import (
    do_set_target,
    may_set_targets,
    overview,
    status_label,
    target_organisations,
)
from tryggve.errors import InputError


def _collaboration(request) -> Collaboration:
    slug = request.GET.get("collaboration") or request.POST.get("collaboration")
    if slug:
        return collaboration_or_404(request.user, slug)
    first = visible_collaborations(request.user).first()
    if first is None:
        raise Http404(_("Du är inte medlem i någon samverkan."))
    return first


def _question(request) -> bank.Question:
    return question_or_main(request.GET.get("question") or request.POST.get("question"))


def _url(name: str, collaboration: Collaboration, question: bank.Question) -> str:
    query = {"collaboration": collaboration.slug}
    if question.code != bank.MAIN:
        query["question"] = question.code
    return f"{reverse(name)}?{urlencode(query)}"


def _direction(change) -> str:
    """CSS class of a change: every share here is better when higher."""
    if change is None or change.pp is None or abs(change.pp) < 0.05:
        return ""
    return "better" if change.pp > 0 else "worse"


def _point(point: Point | None) -> dict | None:
    if point is None:
        return None
    if point.hidden:  # only n: too few answers, or the survey is still open
        return {"period": point.period, "share": None, "hidden": True,
                "text": hidden_text(point), "percent": "–", "detail": hidden_text(point),
                "uncertain": False, "change": "–", "direction": "", "significant": False,
                "previous": None,
                "target": percent(point.target) if point.target is not None else None,
                "status": None, "status_label": "–"}
    return {"period": point.period, "hidden": False, "share": point.share,
            "text": share_text(point.share),
            "percent": percent(point.share.p), "detail": share_detail(point.share),
            "uncertain": point.share.uncertain,
            "change": change_text(point.change), "direction": _direction(point.change),
            "significant": bool(point.change and point.change.significant),
            "previous": (point.change.before if point.change else None),
            "target": percent(point.target) if point.target is not None else None,
            "status": point.target_status, "status_label": status_label(point.target_status)}


def _card(series: Series, view) -> dict:
    latest = series.latest
    previous = latest.before if latest else None  # the previous round, same provider
    upcoming = view.book.next_for(series)
    return {"series": series, "latest": _point(latest),
            "previous_title": previous.period.title if previous else "",
            "upcoming": {"year": upcoming[0], "target": percent(upcoming[1])}
            if upcoming else None,
            "chart": charts.share_svg(series, view.lines(series))}


def _common(request, collaboration, question) -> dict:
    collaborations = list(visible_collaborations(request.user))
    return {"collaboration": collaboration, "question": question,
            "collaborations": collaborations if len(collaborations) > 1 else [],
            "questions": list(bank.QUESTIONS.values()),
            "can_manage": may_set_targets(request.user, collaboration),
            "dashboard_url": _url("surveys:dashboard", collaboration, question),
            "targets_url": _url("surveys:targets", collaboration, question),
            "attention_url": _url("surveys:attention", collaboration, question)}


@login_required
def dashboard(request):
    collaboration, question = _collaboration(request), _question(request)
    view = overview(request.user, collaboration, question.code)
    with_data = [s for s in view.areas if s.points]
    return render(request, "surveys/dashboard.html", {
        **_common(request, collaboration, question), "tab": "dashboard",
        "cards": [_card(s, view) for s in with_data],
        "without_data": [s.name for s in view.areas if not s.points],
        "organisations": [{"name": s.name, "points": [_point(p) for p in reversed(s.points)]}
                          for s in view.organisations],
        "properties": [{"name": s.name, "area": s.extra, "latest": _point(s.latest)}
                       for s in view.properties],
        "has_data": view.data.has_data,
        "has_unshared": view.data.has_unshared,
        "api_url": reverse("api:survey_shares", kwargs={"collaboration": collaboration.slug})
        + (f"?question={question.code}" if question.code != bank.MAIN else ""),
    })


# Targets ----------------------------------------------------------------------------------

def _outcome(target: Target, view) -> dict | None:
    """The latest share of the target's year for its area or organisation, held against it."""
    kind, key = ("area", target.area_id) if target.area_id else (
        "organisation", target.organisation_id)
    pool = view.areas if kind == "area" else view.organisations
    series = next((s for s in pool if s.key == key), None)
    points = [p for p in series.points if p.period.year == target.year] if series else []
    if not points:
        return None
    point = points[-1]
    if point.hidden:
        return {"text": hidden_text(point), "percent": "–", "detail": hidden_text(point),
                "period": point.period.title, "uncertain": False, "status": None,
                "status_label": "–"}
    status = target_status(point.share, float(target.share))
    return {"text": share_text(point.share), "percent": percent(point.share.p),
            "detail": share_detail(point.share), "period": point.period.title,
            "uncertain": point.share.uncertain, "status": status,
            "status_label": status_label(status)}


@login_required
def targets(request):
    collaboration, question = _collaboration(request), _question(request)
    allowed = may_set_targets(request.user, collaboration)
    errors, values, status = {}, {}, 200
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(_("Bara samordnare, analytiker och administratörer kan "
                                     "sätta mål."))
        values = request.POST.dict()
        kind, _sep, key = (values.get("target_for") or "").partition(":")
        data = {"year": values.get("year"), "question": values.get("question"),
                "share": values.get("share"),
                "organisation": key if kind == "organisation" else None,
                "area": key if kind == "area" else None}
        try:
            target = do_set_target(request.user, collaboration, data)
        except InputError as exc:
            errors, status = dict(exc.errors), 422
            scope = errors.pop("organisation", []) + errors.pop("area", [])
            if scope:
                errors["target_for"] = scope
        else:
            messages.success(request, _("Målet är sparat: %(share)s för %(year)s.")
                             % {"share": percent(float(target.share)), "year": target.year})
            return redirect(_url("surveys:targets", collaboration,
                                 question_or_main(target.question)))
    view = overview(request.user, collaboration, question.code)
    rows = []
    for target in (Target.objects.filter(collaboration=collaboration, question=question.code)
                   .select_related("organisation", "area").order_by("-year", "id")):
        rows.append({"target": target, "percent": percent(float(target.share)),
                     "applies_to": target.area.name if target.area_id
                     else (target.organisation.name if target.organisation_id else "–"),
                     "kind": _("område") if target.area_id else _("organisation"),
                     "outcome": _outcome(target, view)})
    return render(request, "surveys/targets.html", {
        **_common(request, collaboration, question), "tab": "targets",
        "rows": rows, "allowed": allowed, "errors": errors, "values": values,
        "org_options": [(f"organisation:{o.pk}", o.name) for o in
                        target_organisations(request.user, collaboration)] if allowed else [],
        "area_options": [(f"area:{a.pk}", a.name) for a in view.data.areas] if allowed else [],
        "this_year": timezone.localdate().year,
    }, status=status)


# Attention list ---------------------------------------------------------------------------

@login_required
def attention(request):
    collaboration, question = _collaboration(request), _question(request)
    items = attention_rules.with_internal(request.user, collaboration, question.code)
    week = weeks.current_week()
    sent = attention_rules.already_on_agenda(collaboration, items, week)
    return render(request, "surveys/attention.html", {
        **_common(request, collaboration, question), "tab": "attention",
        "items": [{"item": i, "sent": i.key in sent} for i in items],
        "can_send": can_run_meeting(request.user, collaboration.pk),
        "week_text": weeks.format_week(week),
        "rules": attention_rules,
    })


@login_required
@require_POST
def attention_send(request):
    collaboration, question = _collaboration(request), _question(request)
    if not can_run_meeting(request.user, collaboration.pk):
        raise PermissionDenied(_("Bara samordnare och administratörer kan lägga till punkter "
                                 "på mötet."))
    items = attention_rules.attention_items(request.user, collaboration, question.code)
    item = attention_rules.find_item(items, request.POST.get("area"), request.POST.get("rule"))
    back = _url("surveys:attention", collaboration, question)
    if item is None:
        messages.error(request, _("Förslaget gäller inte längre; listan är uppdaterad."))
        return redirect(back)
    try:
        priority, created = attention_rules.do_send_to_agenda(request.user, collaboration, item)
    except InputError as exc:
        for errors in exc.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    week = weeks.format_week(priority.meeting.iso_week)
    if created:
        messages.success(request, _("Lagt på mötet v. %(week)s: %(problem)s")
                         % {"week": week, "problem": priority.problem})
    else:
        messages.info(request, _("Finns redan på mötet v. %(week)s: %(problem)s")
                      % {"week": week, "problem": priority.problem})
    return redirect(back)
