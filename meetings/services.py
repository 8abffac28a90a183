"""Every change to meetings, priorities and assignments goes through one function here,
which checks permission, validates, stores and writes the audit entry.

Texts are cleaned like a report's (tryggve.bounds): bounded by their model field, then
scanned, so identity numbers, phone numbers and e-mail addresses never reach the database
or the audit log; what was masked goes to the caller's ``masking`` to tell the user."""

from datetime import datetime

import h3
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from meetings.models import Assignment, AssignmentStatus, Meeting, Priority, Resource
from orgs.models import Area, Collaboration, Organisation, Place, Property
from orgs.permissions import can_run_meeting, can_update_assignment
from reports import weeks
from reports.privacy import Masking
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id


def _require_coordinator(user, collaboration_id: int) -> None:
    if not can_run_meeting(user, collaboration_id):
        raise PermissionDenied(_("Bara samordnare och administratörer kan leda mötet."))


def do_open_meeting(user, collaboration: Collaboration, week: int,
                    participant_ids: list[int] | None = None) -> Meeting:
    """The meeting of that week (created on first use; opening it again returns it)."""
    _require_coordinator(user, collaboration.pk)
    members = set(collaboration.organisations.values_list("id", flat=True))
    unknown = [p for p in participant_ids or [] if p not in members]
    if unknown:
        raise InputError({"participants": [_("Deltagarna måste vara medlemmar i samverkan.")]})
    try:
        with transaction.atomic():
            meeting, created = Meeting.objects.get_or_create(
                collaboration=collaboration, iso_week=week,
                defaults={"created_by": user if user.pk else None,
                          "held_on": timezone.localdate()})
    except IntegrityError:
        meeting, created = Meeting.objects.get(collaboration=collaboration, iso_week=week), False
    if participant_ids is not None:
        meeting.participants.set(participant_ids)
    elif created:
        # Usually the same organisations meet every week: start from the last meeting's.
        earlier = (Meeting.objects.filter(collaboration=collaboration, iso_week__lt=week)
                   .order_by("-iso_week").first())
        if earlier is not None:
            meeting.participants.set(earlier.participants.all())
    if created or participant_ids is not None:
        log.record_change(user, "meeting", collaboration.pk, meeting=meeting.pk,
                          week=weeks.format_week(week), participants=participant_ids or [])
    return meeting


def resolve_spot(collaboration: Collaboration, data: dict, errors: dict) -> dict:
    """Resolve area/place/property ids (and a cell) within the collaboration."""
    cell = (data.get("h3_cell") or "").strip()
    if cell and not (len(cell) == 15 and h3.is_valid_cell(cell)):
        errors.setdefault("h3_cell", []).append(_("Ogiltig H3-cell."))
        cell = ""
    spot = {"area": None, "place": None, "property": None, "h3_cell": cell}
    for key, model in (("area", Area), ("place", Place), ("property", Property)):
        raw = data.get(key)
        if raw in (None, ""):
            continue
        key_id = as_id(raw)
        found = (model.objects.filter(collaboration=collaboration, pk=key_id).first()
                 if key_id is not None else None)
        if found is None:
            errors.setdefault(key, []).append(_("Finns inte i den här samverkan."))
        spot[key] = found
    if not any(spot.values()):
        errors.setdefault("place", []).append(_("Ange område, plats, fastighet eller cell."))
    return spot


def do_add_priority(user, meeting: Meeting, data: dict, *,
                    masking: Masking | None = None) -> Priority:
    _require_coordinator(user, meeting.collaboration_id)
    errors: dict[str, list[str]] = {}
    problem = bounds.clean_text(Priority, "problem", data.get("problem"), errors,
                                masking=masking, required=_("Beskriv problemet."))
    reason = bounds.clean_text(Priority, "reason", data.get("reason"), errors, masking=masking)
    spot = resolve_spot(meeting.collaboration, data, errors)
    if errors:
        raise InputError(errors)
    priority = Priority.objects.create(meeting=meeting, problem=problem, reason=reason,
                                       order=meeting.priorities.count() + 1, **spot)
    log.record_change(user, "priority", meeting.collaboration_id, meeting=meeting.pk,
                      priority=priority.pk, problem=problem)
    return priority


def _moment(raw, key: str, errors: dict) -> datetime | None:
    moment = bounds.clean_moment(raw, errors, key)
    if moment is None and key not in errors:
        errors[key] = [_("Ange en tidpunkt, t.ex. 2025-06-13 19:00.")]
    return moment


def do_add_assignment(user, meeting: Meeting, data: dict, *,
                      masking: Masking | None = None) -> Assignment:
    """Send a resource somewhere: who is responsible, where, when, what to do."""
    _require_coordinator(user, meeting.collaboration_id)
    collaboration = meeting.collaboration
    errors: dict[str, list[str]] = {}
    resource = data.get("resource") or ""
    if resource not in Resource.values:
        errors["resource"] = [_("Välj en resurs.")]
    responsible = None
    raw = data.get("responsible")
    if raw in (None, ""):
        errors["responsible"] = [_("Ange vilken organisation som ansvarar.")]
    else:
        responsible = Organisation.objects.filter(
            pk=as_id(raw), collaborations=collaboration).first()
        if responsible is None:
            errors["responsible"] = [_("Den ansvariga måste vara medlem i samverkan.")]
    starts_at = _moment(data.get("starts_at"), "starts_at", errors)
    ends_at = _moment(data.get("ends_at"), "ends_at", errors)
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("Sluttiden måste vara efter starttiden.")]
    priority = None
    if data.get("priority"):
        priority = meeting.priorities.filter(pk=as_id(data["priority"])).first()
        if priority is None:
            errors["priority"] = [_("Prioriteringen hör inte till mötet.")]
    spot = resolve_spot(collaboration, data, errors)
    task = bounds.clean_text(Assignment, "task", data.get("task"), errors, masking=masking)
    if errors:
        raise InputError(errors)
    assignment = Assignment.objects.create(
        meeting=meeting, collaboration=collaboration, priority=priority, resource=resource,
        responsible=responsible, starts_at=starts_at, ends_at=ends_at, task=task,
        updated_by=user if user.pk else None, **spot)
    log.record_change(user, "assignment", collaboration.pk, meeting=meeting.pk,
                      assignment=assignment.pk, resource=resource, responsible=responsible.pk)
    return assignment


def do_update_assignment(user, assignment: Assignment, status: str, outcome: str = "", *,
                         masking: Masking | None = None) -> Assignment:
    if not can_update_assignment(user, assignment):
        raise PermissionDenied(_("Du får inte uppdatera det här uppdraget."))
    if status not in AssignmentStatus.values:
        raise InputError({"status": [_("Okänd status '%(status)s'.") % {"status": status}]})
    errors: dict[str, list[str]] = {}
    outcome = bounds.clean_text(Assignment, "outcome", outcome, errors, masking=masking)
    if errors:
        raise InputError(errors)
    before = assignment.status
    assignment.status, assignment.outcome = status, outcome
    assignment.updated_by, assignment.updated_at = (user if user.pk else None), timezone.now()
    assignment.save(update_fields=["status", "outcome", "updated_by", "updated_at"])
    log.record_change(user, "assignment_status", assignment.collaboration_id,
                      assignment=assignment.pk, before=before, after=status)
    return assignment
