"""The agenda of a weekly meeting, filled from the picture.

A meeting for week W looks at the picture of week W and sends resources for the days
after it. The agenda lists: places flagged as recurring, Gi* hotspots, the acute
incidents of the week, the open problem cases, every assignment from earlier meetings
still planned, and the follow-up of the previous meeting's assignments: their status and
whether reports at their spot went down (week W against week W-1).
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from meetings.models import Assignment, AssignmentStatus, Meeting, Phase, ProblemCase
from orgs.models import Collaboration
from orgs.permissions import visible_reports_in
from picture import spots
from picture.map import name_hotspots, week_hotspots
from picture.recurrence import RecurringPlace, recurring_places
from picture.weekly import PictureFilter
from reports import weeks
from reports.models import Level


@dataclass
class FollowUp:
    assignment: Assignment
    before: int  # reports at the spot in the week the meeting looked at
    after: int  # reports at the spot in the week after

    @property
    def went_down(self) -> bool:
        return self.after < self.before

    @property
    def verdict(self) -> str:
        if self.after < self.before:
            return gettext("Färre rapporter")
        if self.after > self.before:
            return gettext("Fler rapporter")
        return gettext("Oförändrat")


@dataclass
class Agenda:
    collaboration: Collaboration
    week: int
    recurring: list[RecurringPlace]
    hotspots: list
    acute: list
    open_cases: list[ProblemCase]
    open_assignments: list[Assignment]
    followups: list[FollowUp]


def build_agenda(user, collaboration: Collaboration, week: int) -> Agenda:
    _, hot = week_hotspots(user, collaboration, week, PictureFilter())
    acute = list(visible_reports_in(user, collaboration).filter(
        iso_week=week, level=Level.ACUTE)
        .select_related("area", "place", "property").order_by("occurred_at"))
    earlier = (Assignment.objects.filter(collaboration=collaboration,
                                         meeting__iso_week__lt=week)
               .select_related("meeting", "responsible", "area", "place", "property"))
    open_assignments = list(earlier.filter(status=AssignmentStatus.PLANNED))
    last_meeting = (Meeting.objects.filter(collaboration=collaboration, iso_week__lt=week)
                    .order_by("-iso_week").first())
    followups = []
    if last_meeting is not None:
        last = list(earlier.filter(meeting=last_meeting))
        before_week, after_week = last_meeting.iso_week, weeks.shift(last_meeting.iso_week, 1)
        counts = spots.counts_at(user, collaboration.pk, last, [before_week, after_week])
        followups = [FollowUp(a, spots.total(counts, a, [before_week]),
                              spots.total(counts, a, [after_week])) for a in last]
    cases = list(ProblemCase.objects.filter(collaboration=collaboration)
                 .exclude(phase=Phase.CLOSED).select_related("place", "property", "area"))
    return Agenda(collaboration, week, recurring_places(user, collaboration, week),
                  name_hotspots(collaboration, hot), acute,
                  cases, open_assignments, followups)
