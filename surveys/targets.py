"""Targets for the share feeling safe, and each point's status against its target.

A target is set for an organisation (e.g. Helsingborgshem: at least 65 % safe tenants in
2023) or for an area, per year and question. A point of a series (one survey's share) is
held against the target of the year of the survey's ``period_end``: for an area the
area's own target first, else the target of the survey owner's organisation; for an
organisation its own target. Status (surveys.shares.target_status): met, within reach (the
target lies inside the 95 % interval) or missed.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import log
from orgs.models import Area, Collaboration
from orgs.permissions import access_for, survey_owners
from surveys import bank
from surveys.indicators import Series, SurveyData, by_area, by_organisation, by_property, load
from surveys.models import Target
from surveys.shares import MET, MISSED, WITHIN_REACH, target_status
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id

STATUS_LABELS = {MET: gettext_lazy("uppnått"), WITHIN_REACH: gettext_lazy("inom räckhåll"),
                 MISSED: gettext_lazy("missat")}


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS[status]) if status in STATUS_LABELS else "–"


@dataclass(frozen=True)
class TargetBook:
    """The targets of one collaboration and question, looked up without queries."""

    by_area: dict[tuple[int, int], float]  # (area id, year) -> share 0..1
    by_organisation: dict[tuple[int, int], float]  # (organisation id, year) -> share

    def for_area(self, area_id: int, owner_id: int | None, year: int) -> float | None:
        found = self.by_area.get((area_id, year))
        if found is None and owner_id is not None:
            found = self.by_organisation.get((owner_id, year))
        return found

    def for_organisation(self, org_id: int, year: int) -> float | None:
        return self.by_organisation.get((org_id, year))

    def next_for(self, series: Series) -> tuple[int, float] | None:
        """The nearest target after the series' latest year (what the area aims at next),
        as (year, share)."""
        latest = series.latest
        if latest is None:
            return None
        after = latest.period.year
        if series.kind == "area":
            years = sorted({y for (a, y) in self.by_area if a == series.key and y > after}
                           | {y for (o, y) in self.by_organisation
                              if o == latest.period.owner_id and y > after})
            for year in years:
                found = self.for_area(series.key, latest.period.owner_id, year)
                if found is not None:
                    return year, found
        elif series.kind == "organisation":
            years = sorted(y for (o, y) in self.by_organisation if o == series.key and y > after)
            if years:
                return years[0], self.by_organisation[(series.key, years[0])]
        return None

    def target_lines(self, series: Series) -> dict[int, float]:
        """Year -> target for the years of the series' points and the next target year."""
        lines = {p.period.year: p.target for p in series.points if p.target is not None}
        upcoming = self.next_for(series)
        if upcoming is not None:
            lines[upcoming[0]] = upcoming[1]
        return lines


def load_targets(collaboration: Collaboration, question: str = bank.MAIN) -> TargetBook:
    """One query: every target of the collaboration for the question.

    Ordered by year and id, so that the book is the same on every call: should the
    database hold two targets for the same thing (do_set_target keeps one), the newest
    (highest id) wins, never whichever row the database happened to return last."""
    by_area, by_org = {}, {}
    for area_id, org_id, year, share in Target.objects.filter(
            collaboration=collaboration, question=question).order_by(
            "year", "id").values_list("area_id", "organisation_id", "year", "share"):
        if area_id is not None:
            by_area[(area_id, year)] = float(share)
        elif org_id is not None:
            by_org[(org_id, year)] = float(share)
    return TargetBook(by_area, by_org)


def point_target(series: Series, period, book: TargetBook, properties=None) -> float | None:
    """The target a point is held against: an area's own, else the survey owner's; an
    organisation's own; a property's area's, else its owner's."""
    year = period.year
    if series.kind == "area":
        return book.for_area(series.key, period.owner_id, year)
    if series.kind == "organisation":
        return book.for_organisation(series.key, year)
    prop = (properties or {}).get(series.key)
    if prop is None:
        return None
    found = book.by_area.get((prop.area_id, year)) if prop.area_id is not None else None
    return found if found is not None else book.for_organisation(prop.owner_id, year)


def apply_targets(series_list: list[Series], book: TargetBook,
                  properties: dict | None = None) -> list[Series]:
    """Fill in each point's target and status (in place; returns the list)."""
    for series in series_list:
        for point in series.points:
            point.target = point_target(series, point.period, book, properties)
            point.target_status = (target_status(point.share, point.target)
                                   if point.target is not None and not point.hidden
                                   else None)
    return series_list


# Setting a target -----------------------------------------------------------------------

SHARE_RE = re.compile(r"^\s*(\d{1,3}(?:[.,]\d)?)\s*%?\s*$")


def parse_target_percent(raw) -> Decimal | None:
    """'65', '65 %', '65,5' → Decimal('0.650') (one decimal at most); None when it is
    not 0–100 %. A target is always typed in per cent, so unlike survey files
    (surveys.values.parse_share) '0.65' means 0.65 %, not 65 %."""
    match = SHARE_RE.match(str(raw or ""))
    if not match:
        return None
    try:
        value = Decimal(match[1].replace(",", "."))
    except InvalidOperation:
        return None
    if not Decimal(0) <= value <= Decimal(100):
        return None
    return (value / 100).quantize(Decimal("0.001"))


def may_set_targets(user, collaboration: Collaboration) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(survey_owners(user, collaboration.pk))


def target_organisations(user, collaboration: Collaboration):
    """The organisations the user may set targets for in the collaboration."""
    members = collaboration.organisations.all()
    if access_for(user).is_superuser:
        return members
    return members.filter(pk__in=survey_owners(user, collaboration.pk))


def do_set_target(user, collaboration: Collaboration, data: dict) -> Target:
    """Set (or replace) the target of an organisation or an area for a year and question.

    ``data``: ``organisation`` or ``area`` (an id; exactly one), ``year``, ``question``
    (a bank code, default the share feeling safe), ``share`` in per cent (0–100).
    Coordinators, analysts and admins set targets for their own organisations and for
    the collaboration's areas."""
    if not may_set_targets(user, collaboration):
        raise PermissionDenied(_("Bara samordnare, analytiker och administratörer kan "
                                 "sätta mål."))
    errors: dict[str, list[str]] = {}
    organisation = area = None
    raw_org, raw_area = data.get("organisation"), data.get("area")
    if raw_org not in (None, "") and raw_area not in (None, ""):
        errors["organisation"] = [_("Välj antingen en organisation eller ett område.")]
    elif raw_org not in (None, ""):
        organisation = target_organisations(user, collaboration).filter(
            pk=as_id(raw_org)).first() if as_id(raw_org) is not None else None
        if organisation is None:
            errors["organisation"] = [_("Du kan bara sätta mål för din egen organisation "
                                        "i den här samverkan.")]
    elif raw_area not in (None, ""):
        area = (Area.objects.filter(collaboration=collaboration, pk=as_id(raw_area)).first()
                if as_id(raw_area) is not None else None)
        if area is None:
            errors["area"] = [_("Området finns inte i den här samverkan.")]
    else:
        errors["organisation"] = [_("Välj en organisation eller ett område.")]
    year = bounds.clean_int(Target, "year", data.get("year"), errors, required=True,
                            message=_("Ange ett år mellan %(min)d och %(max)d."))
    question = (data.get("question") or bank.MAIN).strip()
    if bank.get(question) is None:
        errors["question"] = [_("Okänd fråga '%(question)s'.") % {"question": question}]
    share = parse_target_percent(data.get("share"))
    if share is None:
        errors["share"] = [_("Ange målet i procent, 0–100 (t.ex. 65).")]
    if errors:
        raise InputError(errors)
    with transaction.atomic():
        existing = Target.objects.select_for_update().filter(
            collaboration=collaboration, organisation=organisation, area=area, year=year,
            question=question).order_by("id")
        target = existing.first()
        before = str(target.share) if target else None
        if target is None:
            target = Target.objects.create(collaboration=collaboration,
                                           organisation=organisation, area=area, year=year,
                                           question=question, share=share)
        else:
            target.share = share
            target.save(update_fields=["share"])
            existing.exclude(pk=target.pk).delete()  # no two targets for the same thing
    log.record_change(user, "survey_target", collaboration.pk, target=target.pk,
                      organisation=organisation.pk if organisation else None,
                      area=area.pk if area else None, year=year, question=question,
                      before=before, after=str(share))
    return target


# Shares with their targets, as the dashboard, the API and the PDF show them ---------------

@dataclass
class Overview:
    data: SurveyData
    book: TargetBook
    areas: list[Series]
    organisations: list[Series]
    properties: list[Series]

    def lines(self, series: Series) -> dict[int, float]:
        return self.book.target_lines(series)


def overview(user, collaboration: Collaboration, question: str = bank.MAIN,
             shared_only: bool = False) -> Overview:
    """Every series of the collaboration for the question, with targets and status
    (six queries in all, whatever the number of areas, properties and surveys)."""
    data = load(user, collaboration, question, shared_only=shared_only)
    book = load_targets(collaboration, data.question.code)
    return Overview(
        data=data, book=book,
        areas=apply_targets(by_area(data), book),
        organisations=apply_targets(by_organisation(data), book),
        properties=apply_targets(by_property(data), book, data.properties))
