"""Demo meetings and a problem case, made through the same services the pages use.

Last week's meeting sent resources to the collaboration's most recurring places; this
week's meeting is open with the follow-up on its agenda; the most persistent place has
a problem case in analysis.
"""

from datetime import timedelta

from meetings import cases, services
from meetings.models import AssignmentStatus, Meeting, ProblemCase
from picture.recurrence import recurring_places
from reports import weeks

RESOURCES = ["security_guard", "field_worker", "police", "safety_patrol"]


def load_meetings(collaboration, coordinator, organisations: dict[str, object]) -> None:
    """Idempotent: does nothing if the collaboration already has meetings."""
    if Meeting.objects.filter(collaboration=collaboration).exists():
        return
    this_week = weeks.current_week()
    last_week = weeks.shift(this_week, -1)
    spots = recurring_places(coordinator, collaboration, last_week)[:3]
    meeting = services.do_open_meeting(coordinator, collaboration, last_week,
                                       [o.pk for o in organisations.values()])
    responsible = {
        "security_guard": organisations["security_company"],
        "field_worker": organisations["municipality"],
        "police": organisations["police"],
        "safety_patrol": organisations["housing_company"],
    }
    monday = weeks.week_bounds(this_week)[0]
    for index, spot in enumerate(spots):
        where = {{"cell": "h3_cell"}.get(spot.kind, spot.kind): spot.key}
        priority = services.do_add_priority(coordinator, meeting, {
            "problem": f"{spot.group_label} vid {spot.label}",
            "reason": f"Rapporter {len(spot.weeks)} veckor i rad", **where})
        resource = RESOURCES[index % len(RESOURCES)]
        start = monday + timedelta(days=index + 1, hours=19)
        assignment = services.do_add_assignment(coordinator, meeting, {
            "resource": resource, "responsible": responsible[resource].pk,
            "priority": priority.pk, "starts_at": start, "ends_at": start + timedelta(hours=4),
            "task": "Extra närvaro kvällstid", **where})
        if index == 0:
            services.do_update_assignment(coordinator, assignment, AssignmentStatus.DONE,
                                          "Rundor genomförda, lugnt på platsen")
    services.do_open_meeting(coordinator, collaboration, this_week)
    if spots and not ProblemCase.objects.filter(collaboration=collaboration).exists():
        spot = spots[0]
        case = cases.do_open_case(coordinator, collaboration, {
            "title": f"{spot.group_label} vid {spot.label}", "group": spot.group,
            "origin": "recurrence", "week": last_week,
            {"cell": "h3_cell"}.get(spot.kind, spot.kind): spot.key,
            "description": "Återkommande rapporter flera veckor i rad."})
        cases.do_advance_case(coordinator, case, "analysis")
