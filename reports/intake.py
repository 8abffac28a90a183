"""Taking reports in: one validation for the form, the API and CSV files.

``clean_report`` turns raw input into the fields of a Report or raises
``ReportInputError`` with a message per field (in the active language, Swedish unless
English was chosen); nothing is written until every
check has passed. ``do_create_report`` stores one report and writes the audit entry; a
resend of its UUID with the same content (``request_hash``) returns the stored report.
"""

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import Action
from orgs import geo
from orgs.models import Area, Collaboration, Organisation, Place, Property
from orgs.permissions import (
    can_view_report,
    reportable_collaborations,
    reporting_organisations,
)
from reports import categories, privacy, weeks
from reports.models import Level, Report, Source, Visibility
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id

FUTURE_TOLERANCE = timedelta(minutes=5)


class ReportInputError(InputError):
    """Input that cannot become a report; ``errors`` maps field name to messages."""


@dataclass
class Lookup:
    """Collaborations, areas, properties and places, loaded once per collaboration.

    A CSV import of thousands of rows resolves names through this instead of querying
    the database per row.
    """

    collaborations: dict[int, Collaboration] = field(default_factory=dict)
    areas: dict[int, list[Area]] = field(default_factory=dict)
    properties: dict[int, dict[str, Property]] = field(default_factory=dict)
    places: dict[int, dict[str, Place]] = field(default_factory=dict)
    members: dict[int, set[int]] = field(default_factory=dict)

    def load(self, collaboration: Collaboration) -> None:
        cid = collaboration.pk
        if cid in self.areas:
            return
        self.collaborations[cid] = collaboration
        self.areas[cid] = list(Area.objects.filter(collaboration_id=cid))
        props = Property.objects.filter(collaboration_id=cid).select_related("area")
        self.properties[cid] = {}
        for p in props:
            self.properties[cid][str(p.pk)] = p
            self.properties[cid][p.address.casefold()] = p
        self.places[cid] = {}
        for p in Place.objects.filter(collaboration_id=cid).select_related("area"):
            self.places[cid][str(p.pk)] = p
            self.places[cid][p.name.casefold()] = p
        self.members[cid] = set(collaboration.organisations.values_list("id", flat=True))

    def area(self, cid: int, key: str) -> Area | None:
        key = key.strip().casefold()
        for a in self.areas[cid]:
            if key in (str(a.pk), a.slug.casefold(), a.name.casefold()):
                return a
        return None


@dataclass
class CleanReport:
    fields: dict[str, Any]
    scan: privacy.Masking

    @property
    def id(self) -> uuid.UUID:
        return self.fields["id"]


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


class _Errors(dict):
    def add(self, key: str, message: str) -> None:
        self.setdefault(key, []).append(message)


def _resolve_collaboration(user, data, errors: _Errors, lookup: Lookup) -> Collaboration | None:
    allowed = list(reportable_collaborations(user)) if not user.is_superuser else None
    raw = _text(data, "collaboration")
    if not raw:
        if allowed is not None and len(allowed) == 1:
            return allowed[0]
        errors.add("collaboration", _("Välj vilken samverkan rapporten gäller."))
        return None
    pool = allowed if allowed is not None else list(Collaboration.objects.all())
    for collab in pool:
        if raw.casefold() in (str(collab.pk), collab.slug.casefold(), collab.name.casefold()):
            return collab
    errors.add("collaboration",
               _("Du kan inte rapportera i samverkan '%(name)s'.") % {"name": raw})
    return None


def _resolve_organisation(user, data, collab, errors: _Errors, lookup: Lookup) -> int | None:
    raw = _text(data, "organisation")
    if user.is_superuser and raw:
        org = Organisation.objects.filter(pk=as_id(raw)).first() or (
            Organisation.objects.filter(slug=raw).first()
        )
        if org and org.pk in lookup.members[collab.pk]:
            return org.pk
        errors.add("organisation",
                   _("Organisationen '%(name)s' är inte medlem i samverkan.") % {"name": raw})
        return None
    allowed = reporting_organisations(user, collab.pk)
    if raw:
        slugs = dict(Organisation.objects.filter(id__in=allowed).values_list("slug", "id"))
        for org_id in allowed:
            if raw == str(org_id) or slugs.get(raw) == org_id:
                return org_id
        errors.add("organisation",
                   _("Du kan inte rapportera för organisationen '%(name)s'.") % {"name": raw})
        return None
    if len(allowed) == 1:
        return allowed[0]
    if not allowed:
        errors.add("organisation", _("Din roll får inte rapportera i den här samverkan."))
    else:
        errors.add("organisation", _("Välj vilken organisation du rapporterar för."))
    return None


def _parse_occurred_at(data, now: datetime, errors: _Errors) -> datetime | None:
    raw = data.get("occurred_at")
    if raw in (None, ""):
        return now
    moment = bounds.clean_moment(raw, errors, "occurred_at", message=_(
        "'%(value)s' är ingen tidpunkt (skriv t.ex. 2025-06-07 21:30).") % {"value": raw})
    if moment is not None and moment > now + FUTURE_TOLERANCE:
        errors.add("occurred_at", _("Tidpunkten ligger i framtiden."))
        return None
    return moment


def _parse_float(data, key: str, errors: _Errors) -> float | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    try:
        return float(str(raw).replace(",", "."))
    except ValueError:
        errors.add(key, _("'%(value)s' är inget tal.") % {"value": raw})
        return None


def _resolve_location(data, collab, errors: _Errors, lookup: Lookup, address: str
                      ) -> dict[str, Any]:
    """Coordinates and/or area, property, place or address; the area from the point."""
    cid = collab.pk
    lat, lon = _parse_float(data, "latitude", errors), _parse_float(data, "longitude", errors)
    out: dict[str, Any] = {"latitude": None, "longitude": None, "area": None,
                           "property": None, "place": None, "address": address}
    if (lat is None) != (lon is None):
        errors.add("latitude" if lat is None else "longitude",
                   _("Ange både latitud och longitud."))
        return out
    if lat is not None:
        if not geo.in_sweden(lat, lon):
            errors.add("latitude", _("Positionen %(lat).5f, %(lon).5f ligger utanför Sverige.")
                       % {"lat": lat, "lon": lon})
            return out
        out["latitude"], out["longitude"] = lat, lon
    for key, table in (("property", lookup.properties[cid]), ("place", lookup.places[cid])):
        raw = _text(data, key)
        if raw:
            found = table.get(raw.casefold())
            if found is None:
                message = (_("Hittar inte fastigheten '%(name)s' i %(collaboration)s.")
                           if key == "property"
                           else _("Hittar inte platsen '%(name)s' i %(collaboration)s."))
                errors.add(key, message % {"name": raw, "collaboration": collab.name})
            out[key] = found
    raw_area = _text(data, "area")
    if raw_area:
        out["area"] = lookup.area(cid, raw_area)
        if out["area"] is None:
            errors.add("area", _("Hittar inte området '%(name)s' i %(collaboration)s.")
                       % {"name": raw_area, "collaboration": collab.name})
    if any(k in errors for k in ("latitude", "longitude", "property", "place", "area")):
        return out
    anchor = out["place"] or out["property"]
    if out["latitude"] is None and anchor is not None and anchor.latitude is not None:
        out["latitude"], out["longitude"] = anchor.latitude, anchor.longitude
    if out["latitude"] is not None:
        point_area = geo.area_containing(lookup.areas[cid], out["latitude"], out["longitude"])
        out["area"] = out["area"] or point_area
    if out["area"] is None and anchor is not None:
        out["area"] = anchor.area
    if not any(out[k] for k in ("latitude", "area", "property", "place", "address")):
        errors.add("location", _("Ange var det hände: tryck på kartan, använd din position "
                                 "eller välj område, fastighet eller plats."))
    return out


def _resolve_what(data, errors: _Errors) -> dict[str, Any]:
    out: dict[str, Any] = {}
    code = _text(data, "category")
    category = categories.get(code)
    if not code:
        errors.add("category", _("Välj en kategori."))
    elif category is None:
        errors.add("category", _("Okänd kategori '%(code)s'.") % {"code": code})
    out["category"] = code
    level = _text(data, "level") or (category.default_level.value if category else "")
    if level and level not in Level.values:
        errors.add("level", _("Okänd nivå '%(level)s' (förebyggande, störning eller akut).")
                   % {"level": level})
    out["level"] = level
    out["people_count"] = bounds.clean_int(
        Report, "people_count", data.get("people_count"), errors,
        message=_("Antal inblandade måste vara ett heltal %(min)d–%(max)d."))
    visibility = _text(data, "visibility") or Visibility.SHARED
    if visibility not in Visibility.values:
        errors.add("visibility", _("Okänd synlighet '%(value)s' (shared eller internal).")
                   % {"value": visibility})
    if code in categories.INTERNAL_ONLY:
        visibility = Visibility.INTERNAL
    out["visibility"] = visibility
    return out


def _resolve_id(data, errors: _Errors) -> uuid.UUID:
    raw = data.get("id")
    if raw in (None, ""):
        return uuid.uuid4()
    try:
        return raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw).strip())
    except ValueError:
        errors.add("id", _("'%(value)s' är inget giltigt UUID.") % {"value": raw})
        return uuid.uuid4()


def clean_report(
    user, data: Mapping[str, Any], *, source: str, lookup: Lookup | None = None,
    now: datetime | None = None,
) -> CleanReport:
    """Validate raw input; return the report's fields or raise ReportInputError."""
    lookup = lookup or Lookup()
    now = now or timezone.now()
    errors = _Errors()
    bounds.refuse_control_characters(data, errors)
    if errors:  # before any of it reaches a lookup or the database
        raise ReportInputError(dict(errors))
    report_id = _resolve_id(data, errors)
    collab = _resolve_collaboration(user, data, errors, lookup)
    what = _resolve_what(data, errors)
    occurred_at = _parse_occurred_at(data, now, errors)
    masking = privacy.Masking()
    text = bounds.clean_text(Report, "text", data.get("text"), errors, masking=masking,
                             max_length=settings.REPORT_TEXT_MAX_LENGTH)
    address = bounds.clean_text(Report, "address", data.get("address"), errors,
                                masking=masking)
    org_id, where = None, {}
    if collab is not None:
        lookup.load(collab)
        org_id = _resolve_organisation(user, data, collab, errors, lookup)
        where = _resolve_location(data, collab, errors, lookup, address)
    if errors:
        raise ReportInputError(dict(errors))
    lat, lon = where["latitude"], where["longitude"]
    fields = {
        "id": report_id,
        "collaboration": collab,
        "organisation_id": org_id,
        "reporter": user if getattr(user, "pk", None) else None,
        "occurred_at": occurred_at,
        "reported_at": now,
        "iso_week": weeks.week_of(occurred_at),
        "h3_cell": geo.h3_cell(lat, lon) if lat is not None else "",
        "text": text,
        "masked": masking.masked_kinds,
        "source": source,
        **what,
        **where,
    }
    given_time = data.get("occurred_at") not in (None, "")
    fields["request_hash"] = request_hash(fields, occurred_at_given=given_time)
    return CleanReport(fields=fields, scan=masking)


# What a resend is compared by: the cleaned fields that say what happened where, not the
# id, who sent it, when it arrived, or what is derived from the rest (week, cell).
HASHED_FIELDS = ("collaboration", "organisation_id", "category", "level", "occurred_at",
                 "latitude", "longitude", "area", "property", "place", "address",
                 "people_count", "text", "visibility")


def request_hash(fields: Mapping[str, Any], *, occurred_at_given: bool = True) -> str:
    """SHA-256 of the normalised request. A time that was not given (and so became the
    time of receipt) counts as not given, so that a resend hours later still matches."""

    def plain(name: str):
        value = fields[name]
        if name == "occurred_at":
            return value.astimezone(UTC).isoformat() if occurred_at_given else None
        return value.pk if hasattr(value, "pk") else value

    canonical = json.dumps({name: plain(name) for name in HASHED_FIELDS}, sort_keys=True,
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Intake:
    report: Report
    created: bool
    scan: privacy.Masking | None


def _existing(user, found: Report, clean: CleanReport) -> Intake:
    """A resend of a stored id: the stored report when the caller may see it and sent the
    same content; otherwise 409 with one message that names no owner and no content.
    Reports stored before resends were hashed (``request_hash`` null) are compared by
    visibility alone, as they were then."""
    same = not found.request_hash or found.request_hash == clean.fields["request_hash"]
    if not (same and can_view_report(user, found)):
        raise ReportInputError(
            {"id": [_("Det här id:t används redan av en annan rapport.")]}, 409)
    log.record(user, Action.RESEND, found)
    return Intake(found, False, None)


def do_create_report(user, data: Mapping[str, Any], *, source: str = Source.FORM) -> Intake:
    """Store one report. Sending the same UUID with the same content again returns the
    stored report; the same UUID with other content is refused (409)."""
    clean = clean_report(user, data, source=source)
    found = Report.objects.filter(pk=clean.id).first()
    if found is not None:
        return _existing(user, found, clean)
    try:
        with transaction.atomic():
            report = Report.objects.create(**clean.fields)
            log.record(user, Action.CREATE, report, source=source, masked=clean.scan.masked_kinds)
    except IntegrityError:
        # Two phones resent the same report at once: the other one won.
        found = Report.objects.filter(pk=clean.id).first()
        if found is None:
            raise
        return _existing(user, found, clean)
    return Intake(report, True, clean.scan)
