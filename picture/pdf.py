"""The week's picture and meeting as a printable A4 PDF (WeasyPrint).

Everything comes through the same functions as the web pages (build_picture, map_data,
build_agenda), called as the user, so the PDF shows exactly what that user may see.
``render_html`` is the document before layout, so tests can read what goes into the PDF.
The document is in the active language (Swedish unless English was chosen), or in the
``language`` asked for.
"""

from datetime import timedelta

import h3
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from shapely.geometry import Point, shape

from meetings.agenda import build_agenda
from meetings.models import Meeting
from orgs.models import Collaboration
from orgs.permissions import is_member
from picture import charts
from picture.map import map_data, name_hotspots
from picture.weekly import Change, PictureFilter, build_picture, picture_reports
from reports import categories, weeks
from reports.models import Visibility
from surveys import charts as survey_charts

MAX_HOTSPOTS = 20


def _decimal(text: str) -> str:
    """A number written with the active language's decimal separator (1,5 or 1.5)."""
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return _decimal(text).replace("-", "−")


def _percent(value: float | None) -> str:
    if value is None:
        return "–"
    if round(value) == 0:
        return "±0 %"
    return f"{value:+.0f} %".replace("-", "−")


def _change(change: Change) -> dict:
    return {"now": change.now, "mean": _number(change.previous_mean),
            "vs_previous": _percent(change.vs_previous), "last_year": change.last_year,
            "vs_last_year": _percent(change.vs_last_year), "trend": change.trend}


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "D j/n H:i")


def _window(start, end) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return f"{date_format(start, 'D j/n')} {start:%H:%M}–{end:%H:%M}"
    return f"{date_format(start, 'j/n H:i')} – {date_format(end, 'j/n H:i')}"


def _assignment(assignment) -> dict:
    return {"resource": assignment.get_resource_display(),
            "responsible": assignment.responsible.name, "place": assignment.spot_label,
            "window": _window(assignment.starts_at, assignment.ends_at),
            "task": assignment.task, "status": assignment.get_status_display(),
            "status_code": assignment.status, "outcome": assignment.outcome,
            "week": weeks.format_week(assignment.meeting.iso_week)}


def _area_finder(data):
    shapes = [(a["name"], shape(a["polygon"])) for a in data.areas]

    def area_of(lat: float | None, lon: float | None) -> str:
        if lat is None:
            return "–"
        return next((name for name, poly in shapes if poly.contains(Point(lon, lat))), "–")
    return area_of


def _short_weeks(week_keys, this_week: int) -> str:
    """'v44, v45, v47' within the picture's year; '2025-W52' style otherwise."""
    return ", ".join(gettext("v%(week)s") % {"week": w % 100} if w // 100 == this_week // 100
                     else weeks.format_week(w) for w in sorted(week_keys))


def _recurring(places, area_of, week: int) -> list[dict]:
    return [{"label": r.label, "group": r.group_label, "area": area_of(r.latitude, r.longitude),
             "weeks": _short_weeks(r.weeks, week), "reports": r.reports} for r in places]


def _hotspots(collaboration, data, area_of) -> list[dict]:
    rows = []
    strongest = sorted(data.hotspots, key=lambda s: -s.z)[:MAX_HOTSPOTS]
    for named in name_hotspots(collaboration, strongest):
        spot = named.hotspot
        lat, lon = h3.cell_to_latlng(spot.cell)
        rows.append({"area": area_of(lat, lon), "near": named.near,
                     "where": f"{lat:.4f}, {lon:.4f}", "count": spot.count,
                     "z": _decimal(f"{spot.z:.2f}"),
                     "p": "< " + _decimal("0.001") if spot.p < 0.001
                     else _decimal(f"{spot.p:.3f}")})
    return rows


def _viewer(user) -> str:
    if getattr(user, "pk", None) is None:
        return gettext("Visar alla rapporter (utskrift från konsolen)")
    return gettext("Visar det som %(user)s får se") % {"user": user.get_username()}


def _filter_text(pfilter: PictureFilter, picture) -> str:
    parts = []
    if pfilter.group:
        parts.append(categories.Group(pfilter.group).label)
    if pfilter.area_id:
        parts += [row.name for row in picture.areas if row.area and row.area.pk == pfilter.area_id]
    if pfilter.level:
        parts.append(categories.Level(pfilter.level).label)
    return ", ".join(parts)


def render_html(user, collaboration: Collaboration, week: int,
                pfilter: PictureFilter | None = None, language: str | None = None) -> str:
    """The print document as HTML; PermissionDenied unless the user is a member.

    In ``language`` if given, else in the active language (Swedish by default)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not is_member(user, collaboration.pk):
        with translation.override(language):
            raise PermissionDenied(gettext("Du är inte medlem i den här samverkan."))
    pfilter = pfilter or PictureFilter()
    with translation.override(language):
        picture = build_picture(user, collaboration, week, pfilter)
        data = map_data(user, collaboration, week, pfilter)
        agenda = build_agenda(user, collaboration, week)
        meeting = (Meeting.objects.filter(collaboration=collaboration, iso_week=week)
                   .prefetch_related("participants").first())
        internal = picture_reports(user, collaboration, pfilter).filter(
            visibility=Visibility.INTERNAL, iso_week__gte=picture.series_weeks[0],
            iso_week__lte=week).exists()
        start, end = weeks.week_bounds(week)
        groups = list(categories.Group)
        area_of = _area_finder(data)
        survey_section = survey_charts.survey_section(user, collaboration)
        now = timezone.localtime()
        context = {
            "collaboration": collaboration,
            "week_label": weeks.format_week(week),
            "week_number": week % 100,
            "period": f"{date_format(start, 'j F')} – "
                      f"{date_format(end - timedelta(days=1), 'j F Y')}",
            "generated": gettext("%(date)s kl. %(time)s") % {
                "date": date_format(now, "j F Y"), "time": date_format(now, "H:i")},
            "viewer": _viewer(user),
            "filter_text": _filter_text(pfilter, picture),
            "internal": internal,
            "total": _change(picture.total),
            "groups": [g.label for g in groups],
            "area_rows": [{"name": row.name, "total": _change(row.total),
                           "cells": [row.by_group[g.value] for g in groups]}
                          for row in picture.areas],
            "group_totals": [change for _, change in picture.groups],
            "group_rows": [{"name": g.label, **_change(ch)} for g, ch in picture.groups
                           if ch.now or ch.previous_mean or ch.last_year],
            "categories": [{"name": c.label, "group": c.group.label, **_change(ch)}
                           for c, ch in picture.categories[:12]],
            "more_categories": max(0, len(picture.categories) - 12),
            "map_svg": mark_safe(charts.map_svg(data, agenda.recurring, height=540)),
            "series_svg": mark_safe(charts.series_svg(picture)),
            "survey_areas": [{**f, "svg": mark_safe(f["svg"])}
                             for f in survey_section["figures"]],
            "survey_unshared": survey_section["has_unshared"],
            "points": len(data.points), "truncated": data.truncated,
            "recurring": _recurring(agenda.recurring, area_of, week),
            "hotspots": _hotspots(collaboration, data, area_of),
            "more_hotspots": max(0, len(data.hotspots) - MAX_HOTSPOTS),
            "acute": [{"when": _moment(r.occurred_at), "category": r.category_label,
                       "place": r.place_label, "area": r.area.name if r.area else "–",
                       "status": r.get_status_display()} for r in agenda.acute],
            "meeting": meeting,
            "participants": ", ".join(o.name for o in meeting.participants.all())
            if meeting else "",
            "priorities": list(meeting.priorities.select_related("area", "place", "property"))
            if meeting else [],
            "assignments": [_assignment(a) for a in meeting.assignments.select_related(
                "meeting", "responsible", "area", "place", "property")] if meeting else [],
            "followups": [{**_assignment(f.assignment), "before": f.before, "after": f.after,
                           "verdict": f.verdict, "down": f.went_down}
                          for f in agenda.followups],
            "followup_week": weeks.format_week(agenda.followups[0].assignment.meeting.iso_week)
            if agenda.followups else "",
            "open_assignments": [_assignment(a) for a in agenda.open_assignments],
            "open_cases": [{"title": c.title, "phase": c.get_phase_display(),
                            "place": c.spot_label, "opened": weeks.format_week(c.opened_week)}
                           for c in agenda.open_cases],
        }
        return render_to_string("picture/print.html", context)


def render_pdf(user, collaboration: Collaboration, week: int,
               pfilter: PictureFilter | None = None, language: str | None = None) -> bytes:
    from weasyprint import HTML

    html = render_html(user, collaboration, week, pfilter, language)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
