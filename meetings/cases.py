"""Problem cases: scanning → analysis → response → assessment (SARA).

A case starts from a recurring place, a hotspot or by hand; its analysis follows the
crime triangle (offender, target, place and their handlers/guardians). It closes with an
assessment backed by report counts at its spot: the weeks before it was opened against
the same number of weeks before it was closed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from meetings.models import PHASE_ORDER, Phase, ProblemCase
from meetings.services import resolve_spot
from orgs.models import Collaboration
from orgs.permissions import access_for, can_work_cases, visible_reports_in
from picture import spots
from reports import categories, weeks
from reports.privacy import Masking
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id

TEXT_FIELDS = ("description", "offender", "target", "guardian", "response", "assessment")


def _require(user, collaboration_id: int) -> None:
    if not can_work_cases(user, collaboration_id):
        raise PermissionDenied(_("Bara samordnare, analytiker och administratörer arbetar med "
                                 "problemärenden."))


def comparison_weeks(case: ProblemCase, until_week: int) -> tuple[list[int], list[int]]:
    """Equal windows: the weeks before the case was opened, and the weeks up to ``until``."""
    length = case.collaboration.recurrence_window_weeks
    before = weeks.window(weeks.shift(case.opened_week, -1), length)
    after = weeks.window(until_week, length)
    return before, after


def before_after(user, case: ProblemCase, until_week: int | None = None) -> tuple[int, int]:
    until_week = until_week or case.closed_week or weeks.current_week()
    before, after = comparison_weeks(case, until_week)
    counts = spots.counts_at(user, case.collaboration_id, [case], before + after,
                             group=case.group or None)
    return spots.total(counts, case, before), spots.total(counts, case, after)


def do_open_case(user, collaboration: Collaboration, data: dict, *,
                 masking: Masking | None = None) -> ProblemCase:
    """Open a case for a spot; the reports behind it (visible to the user) are linked.
    Title and description are cleaned like every typed text (tryggve.bounds)."""
    _require(user, collaboration.pk)
    errors: dict[str, list[str]] = {}
    title = bounds.clean_text(ProblemCase, "title", data.get("title"), errors,
                              masking=masking, required=_("Ge ärendet en rubrik."))
    description = bounds.clean_text(ProblemCase, "description", data.get("description"),
                                    errors, masking=masking)
    group = data.get("group") or ""
    if group and group not in {g.value for g in categories.Group}:
        errors["group"] = [_("Okänd kategorigrupp '%(group)s'.") % {"group": group}]
    origin = data.get("origin") or "manual"
    if origin not in ("recurrence", "hotspot", "manual"):
        errors["origin"] = [_("Okänt ursprung.")]
    owner_orgs = access_for(user).orgs_with({"coordinator", "admin", "analyst"},
                                            collaboration.pk)
    owner_id = as_id(data["owner"]) if data.get("owner") else (
        owner_orgs[0] if owner_orgs else None)
    if owner_id is None or not collaboration.organisations.filter(pk=owner_id).exists():
        errors["owner"] = [_("Ange en ansvarig organisation i samverkan.")]
    spot = resolve_spot(collaboration, data, errors)
    week = _opened_week(data.get("week"), errors)
    if errors:
        raise InputError(errors)
    with transaction.atomic():
        case = ProblemCase.objects.create(
            collaboration=collaboration, owner_id=owner_id, title=title, group=group,
            origin=origin, opened_by=user if user.pk else None, opened_week=week,
            description=description, **spot)
        linked = _reports_at(user, case, weeks.window(week, collaboration.recurrence_window_weeks))
        case.reports.set(linked)
        log.record_change(user, "case_open", collaboration.pk, case=case.pk, title=title,
                          reports=len(linked))
    return case


def _opened_week(raw, errors: dict) -> int:
    """The week the case starts from: a real week, not in the future (default: this week)."""
    this_week = weeks.current_week()
    if raw in (None, ""):
        return this_week
    try:
        week = raw if isinstance(raw, int) else weeks.parse_week(str(raw))
        weeks.week_bounds(week)
    except ValueError as exc:  # InvalidWeek, or an int that is no week
        errors["week"] = [str(exc) if isinstance(exc, weeks.InvalidWeek) else _("Ogiltig vecka.")]
        return this_week
    if week > this_week:
        errors["week"] = [_("Veckan ligger i framtiden.")]
    return week


def _reports_at(user, case: ProblemCase, week_list: list[int]) -> list:
    key = spots.spot_key(case)
    if key is None:
        return []
    reports = visible_reports_in(user, case.collaboration_id).filter(
                                           iso_week__in=week_list, **{key[0]: key[1]})
    if case.group:
        reports = reports.filter(category__in=categories.codes_in_group(case.group))
    return list(reports.values_list("pk", flat=True))


def do_update_case(user, case: ProblemCase, data: dict, *,
                   masking: Masking | None = None) -> ProblemCase:
    """Write the analysis (crime triangle), the response and the assessment."""
    _require(user, case.collaboration_id)
    if not case.is_open:
        raise InputError({"phase": [_("Ärendet är avslutat.")]}, status=409)
    changed = [f for f in TEXT_FIELDS if f in data]
    errors: dict[str, list[str]] = {}
    texts = {f: bounds.clean_text(ProblemCase, f, data[f], errors, masking=masking)
             for f in changed}
    if errors:
        raise InputError(errors)
    for f, text in texts.items():
        setattr(case, f, text)
    case.save(update_fields=changed)
    log.record_change(user, "case_update", case.collaboration_id, case=case.pk, fields=changed)
    return case


def do_advance_case(user, case: ProblemCase, to_phase: str) -> ProblemCase:
    """Move to the next phase. Analysis needs the triangle; closing needs an assessment."""
    _require(user, case.collaboration_id)
    if to_phase not in Phase.values:
        raise InputError({"phase": [_("Okänd fas '%(phase)s'.") % {"phase": to_phase}]})
    current = PHASE_ORDER.index(Phase(case.phase))
    if PHASE_ORDER.index(Phase(to_phase)) != current + 1:
        raise InputError({"phase": [_("Nästa fas efter %(current)s är %(next)s.") % {
            "current": Phase(case.phase).label.lower(),
            "next": PHASE_ORDER[min(current + 1, 4)].label.lower()}]})
    if to_phase == Phase.RESPONSE and not (case.offender or case.target or case.guardian):
        raise InputError({"analysis": [_("Analysera brottstriangeln (gärningsperson, mål, "
                                         "plats) innan ni går vidare till åtgärder.")]})
    if to_phase == Phase.ASSESSMENT and not case.response:
        raise InputError({"response": [_("Beskriv åtgärderna innan ni utvärderar.")]})
    if to_phase == Phase.CLOSED:
        if not case.assessment:
            raise InputError({"assessment": [_("Skriv vad som förändrades innan ärendet "
                                               "avslutas.")]})
        case.closed_week, case.closed_at = weeks.current_week(), timezone.now()
    # The counts go to the audit entry only: they are what *this* user may see, and the
    # case page recomputes them for each reader.
    before, after = before_after(user, case, case.closed_week) if to_phase == Phase.CLOSED else (
        None, None)
    case.phase = to_phase
    case.save()
    log.record_change(user, "case_phase", case.collaboration_id, case=case.pk, phase=to_phase,
                      before=before, after=after)
    return case
