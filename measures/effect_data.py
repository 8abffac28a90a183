"""The counts behind a finished measure's effect, gathered as the viewing user sees them.

``effect_for(user, measure)`` returns a ``measures.effect.EffectResult``; the arithmetic is
in ``measures.effect``. Choices (DESIGN.md, "Effect of a measure"):

- Windows: the N whole ISO weeks before the week the measure started and the N weeks
  after the week it ended; the weeks from start to end (the implementation) are left out.
  N = min(26, whole weeks since the end week up to last week, weeks from the first report
  the user can see in the collaboration up to the start week).
- Treated: the reports in the measure's *area*. A measure given only a place or property
  is counted in that place's or property's area: counts at one address are nearly always
  too thin for an interval, the area is what the comparable areas are (areas), and
  problems moved round the corner inside the area are counted rather than mistaken for
  an effect.
- Comparable areas: the other areas of the same collaboration, except those where a
  measure of the same kind (that the user can see) was active at some time during the
  windows; they are named on the page. Nothing else is matched (size, kind of area).
- Reports are those ``orgs.permissions.visible_reports_in`` lets the user see, counted in
  the database grouped by week and area: the same fixed number of queries whatever the
  number of reports, areas or weeks.
- Survey: the share feeling safe (the bank's main question) in the area in the latest
  survey the user can see ending before the start, against the first one ending after
  the end (``surveys.indicators``).
- A measure not yet done, or without start or end date, gets an explanatory state, not an
  error.
"""

from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from measures import effect
from measures.effect import EffectResult
from measures.models import Measure, MeasureStatus
from orgs.models import Area
from orgs.permissions import visible_measures, visible_reports_in
from surveys import bank, indicators

RATE_VERDICTS = {
    effect.FEWER: _("Färre rapporter än i jämförbara områden"),
    effect.MORE: _("Fler rapporter än i jämförbara områden"),
    effect.NO_CLEAR_CHANGE: _("Ingen tydlig förändring"),
    effect.TOO_LITTLE_DATA: _("För lite data för att säga något"),
}
SURVEY_VERDICTS = {
    effect.SAFER: _("Tryggare"),
    effect.LESS_SAFE: _("Otryggare"),
    effect.NO_CLEAR_CHANGE: _("Ingen tydlig förändring"),
    effect.TOO_LITTLE_DATA: _("För lite data för att säga något"),
}
STATE_MESSAGES = {
    effect.NOT_FINISHED: _("Effekten kan bedömas när åtgärden är genomförd och har både "
                           "start- och slutdatum."),
    effect.NO_AREA: _("Åtgärden saknar område, plats eller fastighet, så det finns inget "
                      "att jämföra."),
    effect.TOO_EARLY: _("För lite tid har gått: det behövs minst en hel vecka med rapporter "
                        "både före start och efter slut."),
    effect.NO_COMPARISON: _("Det finns inga jämförbara områden i samverkan (de andra "
                            "områdena har egna åtgärder av samma slag eller saknas)."),
}


def treated_area_id(measure: Measure) -> int | None:
    """The measure's area, else its place's or property's area."""
    if measure.area_id:
        return measure.area_id
    if measure.place_id and measure.place.area_id:
        return measure.place.area_id
    if measure.property_id and measure.property.area_id:
        return measure.property.area_id
    return None


def _busy_areas(user, measure: Measure, first: date, last: date) -> set[int]:
    """Areas with another visible measure of the same kind active between first and last."""
    rows = (visible_measures(user)
            .filter(collaboration_id=measure.collaboration_id, kind=measure.kind,
                    started_on__isnull=False, started_on__lte=last)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
            .exclude(pk=measure.pk)
            .exclude(status=MeasureStatus.CANCELLED)
            .order_by()
            .values_list("area_id", "place__area_id", "property__area_id"))
    busy = set()
    for area_id, place_area, property_area in rows:
        found = area_id or place_area or property_area
        if found:
            busy.add(found)
    return busy


def effect_for(user, measure: Measure, today: date | None = None) -> EffectResult:
    today = today or timezone.localdate()
    if (measure.status != MeasureStatus.DONE or measure.started_on is None
            or measure.ended_on is None or measure.ended_on < measure.started_on):
        return _finish(EffectResult(effect.NOT_FINISHED))
    area_id = treated_area_id(measure)
    if area_id is None:
        return _finish(EffectResult(effect.NO_AREA))
    areas = {a.pk: a.name for a in Area.objects.filter(
        collaboration_id=measure.collaboration_id).only("id", "name").order_by("name")}
    if area_id not in areas:  # an area of another collaboration: nothing comparable
        return _finish(EffectResult(effect.NO_AREA))
    result = EffectResult(effect.OK, area_name=areas[area_id])
    result.survey = _survey(user, measure, area_id)

    reports = visible_reports_in(user, measure.collaboration_id)
    first_week = reports.aggregate(first=Min("iso_week"))["first"]
    wins = effect.windows(measure.started_on, measure.ended_on, today, first_week)
    result.windows = wins
    if wins.weeks < 1:
        result.state = effect.TOO_EARLY
        return _finish(result)

    first_day = effect.monday_of(wins.before[0])
    last_day = effect.monday_of(wins.after[-1]) + timedelta(days=6)
    busy = _busy_areas(user, measure, first_day, last_day)
    comparison = [pk for pk in areas if pk != area_id and pk not in busy]
    result.comparison_names = [areas[pk] for pk in comparison]
    result.excluded_names = [areas[pk] for pk in areas if pk != area_id and pk in busy]
    if not comparison:
        result.state = effect.NO_COMPARISON
        return _finish(result)

    treated: dict[int, int] = {}
    others: dict[int, int] = {}
    rows = (reports.filter(iso_week__gte=wins.before[0], iso_week__lte=wins.after[-1],
                           area_id__in=[area_id, *comparison])
            .order_by().values_list("iso_week", "area_id").annotate(n=Count("id")))
    for week, row_area, n in rows:
        target = treated if row_area == area_id else others
        target[week] = target.get(week, 0) + n
    result.rate, result.weeks, result.treated, result.comparison = effect.estimate(
        wins, treated, others, len(comparison))
    return _finish(result)


def _survey(user, measure: Measure, area_id: int) -> effect.SurveyEffect | None:
    data = indicators.load(user, measure.collaboration, bank.MAIN)
    series = next((s for s in indicators.by_area(data, include_empty=False)
                   if s.key == area_id), None)
    if series is None:
        return None
    # Only rounds whose share may be shown (n ≥ the minimum cell, survey closed), and a
    # before/after pair from the same provider, as the survey pages compare them.
    shown = [p for p in series.points if not p.hidden]
    before = [p for p in shown if p.period.period_end < measure.started_on]
    for b in reversed(before):
        after = [p for p in shown if p.period.period_end > measure.ended_on
                 and p.period.provider == b.period.provider]
        if after:
            a = after[0]
            return effect.survey_change(b.share, a.share, b.period.title, a.period.title)
    return None


def _finish(result: EffectResult) -> EffectResult:
    """Texts and chart for the page (kept out of the plain module)."""
    from measures.charts import effect_svg

    result.message = STATE_MESSAGES.get(result.state, "")
    if result.rate is not None:
        result.rate_verdict = RATE_VERDICTS[result.rate.verdict]
        result.chart = effect_svg(result)
    if result.survey is not None:
        change = result.survey.change
        result.survey_verdict = SURVEY_VERDICTS[result.survey.verdict]
        result.survey_before = indicators.share_text(change.before)
        result.survey_after = indicators.share_text(change.after)
        result.survey_pp = indicators.pp_text(change.pp)
        interval = change.interval_pp
        result.survey_interval = (gettext("%(low)s till %(high)s procentenheter") % {
            "low": _signed(interval[0]), "high": _signed(interval[1])} if interval else "")
        result.survey_p = indicators.p_text(change.p_value)
    return result


def _signed(pp: float) -> str:
    """'+5,6' / '−2,0': one decimal, with the same sign rule as indicators.pp_text."""
    sign = "+" if pp > 0.05 else "−" if pp < -0.05 else "±"
    return sign + indicators._decimal(f"{abs(pp):.1f}")
