"""Meeting and problem-case pages: parse, authorise, call the services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import log
from audit.models import Action
from meetings import cases as case_service
from meetings import services
from meetings.agenda import build_agenda
from meetings.models import Assignment, AssignmentStatus, Meeting, Phase, ProblemCase, Resource
from orgs.models import Area, Place, Property
from orgs.permissions import (
    can_run_meeting,
    can_update_assignment,
    can_work_cases,
    visible_collaborations,
    visible_reports,
)
from picture.views import bad_week, collaboration_or_404, collaboration_week
from reports import weeks
from reports.privacy import Masking
from tryggve.errors import InputError
from tryggve.notices import tell_masked
from tryggve.parsing import as_id


def _flash_errors(request, exc: InputError) -> None:
    for msgs in exc.errors.values():
        for m in msgs:
            messages.error(request, m)


@login_required
@collaboration_week
def meeting_week(request, collaboration, key: int):
    meeting = (Meeting.objects.filter(collaboration=collaboration, iso_week=key)
               .prefetch_related("participants").first())
    context = {
        "collaboration": collaboration,
        "week_text": weeks.format_week(key),
        "prev_week": weeks.format_week(weeks.shift(key, -1)),
        "next_week": weeks.format_week(weeks.shift(key, 1)),
        "meeting": meeting,
        "agenda": build_agenda(request.user, collaboration, key),
        "can_run": can_run_meeting(request.user, collaboration.pk),
        "members": collaboration.organisations.all(),
        "resources": Resource.choices,
        "statuses": AssignmentStatus.choices,
        "areas": Area.objects.filter(collaboration=collaboration).order_by("name"),
        "places": Place.objects.filter(collaboration=collaboration).order_by("name"),
        "properties": Property.objects.filter(collaboration=collaboration).order_by("address"),
    }
    if meeting is not None:
        context["priorities"] = meeting.priorities.select_related("area", "place", "property")
        context["assignments"] = meeting.assignments.select_related(
            "responsible", "area", "place", "property", "priority")
    return render(request, "meetings/week.html", context)


def _add_to_meeting(request, collaboration, key: int, add, success: str):
    """Add a priority or an assignment to the week's meeting, opening the meeting on first
    use; a rejected form leaves nothing behind, not even the meeting."""
    masking = Masking()
    try:
        with transaction.atomic():
            meeting = Meeting.objects.filter(collaboration=collaboration, iso_week=key).first()
            if meeting is None:
                meeting = services.do_open_meeting(request.user, collaboration, key)
            add(request.user, meeting, request.POST.dict(), masking=masking)
        messages.success(request, success)
        tell_masked(request, masking)
    except InputError as exc:
        _flash_errors(request, exc)
    return redirect("meetings:week", slug=collaboration.slug, week=weeks.format_week(key))


@login_required
@require_POST
@collaboration_week
def meeting_open(request, collaboration, key: int):
    ids = [i for i in map(as_id, request.POST.getlist("participants")) if i is not None]
    try:
        services.do_open_meeting(request.user, collaboration, key, ids)
        messages.success(request, _("Mötet är sparat."))
    except InputError as exc:
        _flash_errors(request, exc)
    return redirect("meetings:week", slug=collaboration.slug, week=weeks.format_week(key))


@login_required
@require_POST
@collaboration_week
def priority_add(request, collaboration, key: int):
    return _add_to_meeting(request, collaboration, key, services.do_add_priority,
                           _("Prioriteringen är sparad."))


@login_required
@require_POST
@collaboration_week
def assignment_add(request, collaboration, key: int):
    return _add_to_meeting(request, collaboration, key, services.do_add_assignment,
                           _("Uppdraget är sparat."))


@login_required
@require_POST
def assignment_status(request, pk: int):
    collabs = visible_collaborations(request.user)
    assignment = (Assignment.objects.filter(pk=pk, collaboration__in=collabs)
                  .select_related("meeting", "collaboration").first())
    if assignment is None:
        raise Http404
    if not can_update_assignment(request.user, assignment):
        raise PermissionDenied(_("Du får inte uppdatera det här uppdraget."))
    masking = Masking()
    try:
        services.do_update_assignment(request.user, assignment, request.POST.get("status", ""),
                                      request.POST.get("outcome", ""), masking=masking)
        messages.success(request, _("Uppdraget är uppdaterat."))
        tell_masked(request, masking)
    except InputError as exc:
        _flash_errors(request, exc)
    back = request.POST.get("next") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(back)
    return redirect("meetings:week", slug=assignment.collaboration.slug,
                    week=weeks.format_week(assignment.meeting.iso_week))


# Problem cases -------------------------------------------------------------------------


@login_required
def case_list(request):
    collabs = visible_collaborations(request.user)
    cases = (ProblemCase.objects.filter(collaboration__in=collabs)
             .select_related("collaboration", "owner", "area", "place", "property"))
    return render(request, "meetings/case_list.html", {
        "open_cases": [c for c in cases if c.is_open],
        "closed_cases": [c for c in cases if not c.is_open],
    })


@login_required
@require_POST
def case_new(request, slug: str):
    collaboration = collaboration_or_404(request.user, slug)
    if not can_work_cases(request.user, collaboration.pk):
        raise PermissionDenied(_("Din roll får inte öppna problemärenden."))
    data = request.POST.dict()
    masking = Masking()
    try:
        if data.get("week"):
            data["week"] = weeks.parse_week(data["week"])
        case = case_service.do_open_case(request.user, collaboration, data, masking=masking)
    except weeks.InvalidWeek as exc:
        return bad_week(request, str(exc))
    except InputError as exc:
        _flash_errors(request, exc)
        return redirect("picture:home")
    messages.success(request, _("Problemärendet är öppnat."))
    tell_masked(request, masking)
    return redirect("meetings:case", pk=case.pk)


def _case_or_404(request, pk: int) -> ProblemCase:
    case = (ProblemCase.objects.filter(pk=pk, collaboration__in=visible_collaborations(
        request.user)).select_related("collaboration", "owner", "area", "place", "property")
        .first())
    if case is None:
        raise Http404(_("Ärendet finns inte eller så får du inte se det."))
    return case


@login_required
def case_detail(request, pk: int):
    case = _case_or_404(request, pk)
    before, after = case_service.before_after(request.user, case)
    until = case.closed_week or weeks.current_week()
    before_weeks, after_weeks = case_service.comparison_weeks(case, until)
    linked = list(visible_reports(request.user).filter(cases=case)
                  .select_related("area", "place").order_by("-occurred_at")[:200])
    log.record_change(request.user, "case_read", case.collaboration_id, case=case.pk)
    log.record_many(request.user, Action.LIST, linked, via="case", case=case.pk)
    return render(request, "meetings/case_detail.html", {
        "case": case,
        "reports": linked,
        "before": before, "after": after,
        "before_range": _span(before_weeks),
        "after_range": _span(after_weeks),
        "can_work": can_work_cases(request.user, case.collaboration_id) and case.is_open,
        "next_phase": _next_phase(case),
        "phases": Phase.choices,
    })


def _span(week_list: list[int]) -> str:
    return f"{weeks.format_week(week_list[0])}–{weeks.format_week(week_list[-1])}"


def _next_phase(case: ProblemCase):
    from meetings.models import PHASE_ORDER

    index = PHASE_ORDER.index(Phase(case.phase))
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


@login_required
@require_POST
def case_update(request, pk: int):
    case = _case_or_404(request, pk)
    texts = {f: request.POST[f] for f in case_service.TEXT_FIELDS if f in request.POST}
    masking = Masking()
    try:
        with transaction.atomic():  # save the texts and move on, or neither
            case_service.do_update_case(request.user, case, texts, masking=masking)
            if request.POST.get("advance"):
                case_service.do_advance_case(request.user, case, request.POST["advance"])
        if request.POST.get("advance"):
            messages.success(request, _("Ärendet är nu i fasen %(phase)s.") % {
                "phase": case.get_phase_display().lower()})
        else:
            messages.success(request, _("Ärendet är sparat."))
        tell_masked(request, masking)
    except InputError as exc:
        case.refresh_from_db()
        _flash_errors(request, exc)
    return redirect("meetings:case", pk=case.pk)
