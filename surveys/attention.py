"""Areas that need attention, with a suggested action that can go to the next meeting.

Per area, the latest finished survey is held against the previous one (surveys still open
for answers are left out: their counts are not final). Three rules:

(a) the share fell significantly (two-proportion test, p < 0.05)  → a safety walk
    (trygghetsvandring);
(b) the latest share is below its target (surveys.targets)         → door-knocking
    (dörrknackning), as Helsingborgshem does where the figures fall;
(c) reports rose while the share fell: the area's reports in the 13 ISO weeks up to the
    week of the latest survey's period_end against the same 13 weeks up to the previous
    survey's period_end, up by at least 20 % and at least 5 reports, while the share fell
    (by any amount)                                                → extra rounds by the
    safety patrol or guards.

Reports are counted in the database (one GROUP BY area, week over the reports the user may
see, ``visible_reports_in``).

What goes on the meeting agenda is seen by every member, so the items that may be *sent*
are computed with ``shared_only=True``: from shared surveys and shared reports only. The
page may also show the user's own items built on unshared surveys or internal reports
(``shared_only=False``), marked as internal and without a send button. Cells under the
minimum cell size (indicators.MIN_CELL) give no item, and the "fell significantly" rule
needs at least 30 answers on both sides (5/5 → 0/5 is p < 0.05 but says nothing).

``do_send_to_agenda`` puts an item on the meeting of the current ISO week as a priority,
once per (meeting, area, action).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Meeting, Priority
from meetings.services import do_add_priority, do_open_meeting
from orgs.models import Area, Collaboration
from orgs.permissions import can_run_meeting, visible_reports_in
from reports import weeks
from reports.models import Visibility
from surveys import bank, indicators
from surveys.indicators import Point, interval_text, p_text, percent, pp_text
from surveys.shares import SMALL_N, Change, target_status
from surveys.targets import TargetBook, load_targets, status_label
from tryggve.errors import InputError

REPORT_WEEKS = 13
MIN_RISE = 0.20  # reports up by at least a fifth …
MIN_RISE_REPORTS = 5  # … and by at least 5 reports

FELL, BELOW_TARGET, REPORTS_ROSE = "fell", "below_target", "reports_rose"
RULES = (FELL, BELOW_TARGET, REPORTS_ROSE)
SAFETY_WALK, DOOR_KNOCKING, EXTRA_ROUNDS = "safety_walk", "door_knocking", "extra_rounds"
ACTION_OF = {FELL: SAFETY_WALK, BELOW_TARGET: DOOR_KNOCKING, REPORTS_ROSE: EXTRA_ROUNDS}
ACTION_LABELS = {
    SAFETY_WALK: gettext_lazy("Trygghetsvandring"),
    DOOR_KNOCKING: gettext_lazy("Dörrknackning"),
    EXTRA_ROUNDS: gettext_lazy("Extra rundor med trygghetsjour/väktare"),
}
RULE_LABELS = {
    FELL: gettext_lazy("Andelen föll signifikant"),
    BELOW_TARGET: gettext_lazy("Under målet"),
    REPORTS_ROSE: gettext_lazy("Fler rapporter, lägre andel"),
}


@dataclass
class AttentionItem:
    rule: str
    area: Area
    question: bank.Question
    latest: Point
    previous: Point | None = None
    target: float | None = None
    reports_before: int | None = None
    reports_after: int | None = None
    internal: bool = False  # built on unshared surveys or internal reports: not to be sent

    @property
    def key(self) -> str:
        return f"{self.area.pk}:{self.rule}"

    @property
    def action(self) -> str:
        return ACTION_OF[self.rule]

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def rule_label(self) -> str:
        return str(RULE_LABELS[self.rule])

    @property
    def change(self) -> Change | None:
        if self.previous is None:
            return None
        return Change(self.previous.share, self.latest.share)

    @property
    def problem(self) -> str:
        """What goes on the agenda: the action and the area."""
        return _("%(action)s i %(area)s") % {"action": self.action_label,
                                             "area": self.area.name}

    def _fall(self) -> str:
        change = self.change
        return _("från %(before)s (n = %(n_before)s, %(before_period)s) till %(after)s "
                 "(n = %(n_after)s, %(after_period)s): %(pp)s (%(p)s)") % {
            "before": percent(change.before.p), "n_before": change.before.n,
            "before_period": self.previous.period.title,
            "after": percent(change.after.p), "n_after": change.after.n,
            "after_period": self.latest.period.title,
            "pp": pp_text(change.pp), "p": p_text(change.p_value)}

    @property
    def reason(self) -> str:
        """A Swedish sentence with the numbers and n (in the active language)."""
        names = {"area": self.area.name, "question": self.question.short}
        if self.rule == FELL:
            text = _("I %(area)s föll andelen ”%(question)s” %(fall)s.") % {
                **names, "fall": self._fall()}
        elif self.rule == BELOW_TARGET:
            share = self.latest.share
            text = _("I %(area)s är andelen ”%(question)s” %(share)s (n = %(n)s, 95 %% KI "
                     "%(interval)s) i %(period)s, under målet %(target)s för %(year)s "
                     "(%(status)s).") % {
                **names, "share": percent(share.p), "n": share.n,
                "interval": interval_text(share), "period": self.latest.period.title,
                "target": percent(self.target), "year": self.latest.period.year,
                "status": status_label(target_status(share, self.target))}
        else:
            before, after = self.reports_before, self.reports_after
            rise = (_(" (+%(rise)d %%)") % {"rise": indicators.whole(100 * (after - before)
                                                                     / before)}
                    if before else "")
            text = _("I %(area)s ökade rapporterna från %(before)d till %(after)d%(rise)s "
                     "under de %(weeks)d veckorna före mätningen, medan andelen "
                     "”%(question)s” föll %(fall)s.") % {
                **names, "before": before, "after": after, "rise": rise,
                "weeks": REPORT_WEEKS, "fall": self._fall()}
        if self.latest.share.uncertain:
            text += " " + _("Osäkert: färre än 30 svar.")
        return text


def _finished(points: list[Point]) -> list[Point]:
    """Points of finished surveys with enough answers to be shown (not hidden)."""
    return [p for p in points if not p.hidden and p.share.n]


def report_windows(latest: Point, previous: Point) -> tuple[list[int], list[int]]:
    """The 13 ISO weeks up to (and with) the week of each survey's period_end."""
    def window(point: Point) -> list[int]:
        year, week, _day = point.period.period_end.isocalendar()
        return weeks.window(weeks.week_key(year, week), REPORT_WEEKS)
    return window(previous), window(latest)


def attention_items(user, collaboration: Collaboration, question: str = bank.MAIN,
                    data: indicators.SurveyData | None = None,
                    book: TargetBook | None = None,
                    shared_only: bool = True) -> list[AttentionItem]:
    """The items for one collaboration and question. With ``shared_only`` (the default)
    only shared surveys and shared reports count: what may go to the meeting."""
    data = data or indicators.load(user, collaboration, question, shared_only=shared_only)
    shared_only = data.shared_only
    book = book or load_targets(collaboration, data.question.code)
    items: list[AttentionItem] = []
    candidates = []  # (area, latest, previous, windows) for rule (c)
    areas = {a.pk: a for a in data.areas}
    for series in indicators.by_area(data, include_empty=False):
        area = areas[series.key]
        points = _finished(series.points)
        if not points:
            continue
        latest = points[-1]
        previous = latest.before  # the previous round of the same provider
        change = Change(previous.share, latest.share) if previous else None
        if (change is not None and change.significant and change.pp < 0
                and min(previous.share.n, latest.share.n) >= SMALL_N):
            items.append(AttentionItem(FELL, area, data.question, latest, previous))
        target = book.for_area(area.pk, latest.period.owner_id, latest.period.year)
        if target is not None and latest.share.p < target:
            items.append(AttentionItem(BELOW_TARGET, area, data.question, latest, previous,
                                       target=target))
        if change is not None and change.pp is not None and change.pp < 0:
            candidates.append((area, latest, previous, report_windows(latest, previous)))
    if candidates:
        wanted = sorted({w for *_, (a, b) in candidates for w in (*a, *b)})
        counts: dict[tuple[int, int], int] = {}
        reports = visible_reports_in(user, collaboration)
        if shared_only:
            reports = reports.filter(visibility=Visibility.SHARED)
        for area_id, week, n in (reports.filter(iso_week__in=wanted,
                                         area_id__in=[c[0].pk for c in candidates])
                                 .order_by().values_list("area_id", "iso_week")
                                 .annotate(n=Count("*"))):
            counts[(area_id, week)] = n
        for area, latest, previous, (before_weeks, after_weeks) in candidates:
            before = sum(counts.get((area.pk, w), 0) for w in before_weeks)
            after = sum(counts.get((area.pk, w), 0) for w in after_weeks)
            if after - before >= MIN_RISE_REPORTS and after >= before * (1 + MIN_RISE):
                items.append(AttentionItem(REPORTS_ROSE, area, data.question, latest,
                                           previous, reports_before=before,
                                           reports_after=after))
    if not shared_only:
        for item in items:
            item.internal = True  # marked shared by with_internal() when it is
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(items, key=lambda item: (item.area.name, order[item.rule]))


def with_internal(user, collaboration: Collaboration, question: str = bank.MAIN
                  ) -> list[AttentionItem]:
    """For the page: the items that may be sent (shared data only), plus those that show
    only on the user's own unshared surveys or internal reports, marked ``internal``."""
    shared = attention_items(user, collaboration, question, shared_only=True)
    keys = {i.key for i in shared}
    extra = [i for i in attention_items(user, collaboration, question, shared_only=False)
             if i.key not in keys]
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(shared + extra, key=lambda item: (item.area.name, order[item.rule]))


def find_item(items: list[AttentionItem], area_id, rule: str) -> AttentionItem | None:
    return next((i for i in items if str(i.area.pk) == str(area_id) and i.rule == rule), None)


def _on_agenda_q(meeting: Meeting, item: AttentionItem):
    """The priorities that already carry this action for this area on the meeting."""
    with translation.override(settings.LANGUAGE_CODE):
        label = item.action_label
    return meeting.priorities.filter(area=item.area, problem__startswith=label)


def already_on_agenda(collaboration: Collaboration, items: list[AttentionItem],
                      week: int | None = None) -> set[str]:
    """Keys of the items already on the meeting of the week (two queries)."""
    week = week or weeks.current_week()
    meeting = Meeting.objects.filter(collaboration=collaboration, iso_week=week).first()
    if meeting is None or not items:
        return set()
    with translation.override(settings.LANGUAGE_CODE):
        labels = {item.key: item.action_label for item in items}
    rows = list(meeting.priorities.filter(area__in=[i.area.pk for i in items])
                .values_list("area_id", "problem"))
    return {item.key for item in items
            if any(a == item.area.pk and p.startswith(labels[item.key]) for a, p in rows)}


def do_send_to_agenda(user, collaboration: Collaboration, item: AttentionItem
                      ) -> tuple[Priority, bool]:
    """Put the item on the meeting of the current ISO week (opened if needed) as a
    priority: problem = suggested action + area, reason = the reason. Sending the same
    action for the same area again returns the priority already there.

    The texts are stored in the collaboration's working language (Swedish), like what
    people type into the meeting, and so that a second click in English finds the first.
    Returns (priority, created)."""
    if not can_run_meeting(user, collaboration.pk):
        raise PermissionDenied(_("Bara samordnare och administratörer kan lägga till "
                                 "punkter på mötet."))
    if item.internal:
        raise InputError({"area": [_("Förslaget bygger på interna uppgifter och kan inte "
                                     "skickas till mötet.")]})
    if item.area.collaboration_id != collaboration.pk:
        raise InputError({"area": [_("Området finns inte i den här samverkan.")]})
    with translation.override(settings.LANGUAGE_CODE):
        problem, reason = item.problem, item.reason
    week = weeks.current_week()
    with transaction.atomic():
        meeting = do_open_meeting(user, collaboration, week)
        # Two clicks at once: the second waits here for the first to commit.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing = _on_agenda_q(meeting, item).first()
        if existing is not None:
            return existing, False
        priority = do_add_priority(user, meeting, {"problem": problem[:300],
                                                   "reason": reason, "area": item.area.pk})
    return priority, True
