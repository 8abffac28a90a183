"""Every change to measures goes through one function here, which checks permission,
validates, stores and writes the audit entry."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from audit import log
from measures.models import Corner, Measure, MeasureStatus, MeasureType, Technique
from meetings.models import ProblemCase
from meetings.services import resolve_spot
from orgs.models import Collaboration, Organisation
from orgs.permissions import can_edit_measure, measure_organisations
from reports.privacy import Masking
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id

FIELDS = ("title", "description", "kind", "corner", "technique", "area", "property", "place",
          "case", "responsible", "status", "planned_on", "started_on", "ended_on", "cost",
          "shared")


def _cost(raw, errors: dict) -> Decimal | None:
    text = str(raw if raw is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value():
        errors["cost"] = [_("Ange kostnaden i hela kronor.")]
        return None
    if value < 0:
        errors["cost"] = [_("Kostnaden kan inte vara negativ.")]
        return None
    if value >= 10 ** Measure._meta.get_field("cost").max_digits:
        errors["cost"] = [_("Kostnaden är för stor.")]
        return None
    return value


def _flag(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw or "").strip().lower() in {"1", "on", "true", "yes", "ja"}


def _clean(user, collaboration: Collaboration, data: dict, current: Measure | None,
           masking: Masking | None) -> dict:
    errors: dict[str, list[str]] = {}
    title = bounds.clean_text(Measure, "title", data.get("title"), errors, masking=masking,
                              required=_("Ange en rubrik."))
    description = bounds.clean_text(Measure, "description", data.get("description"), errors,
                                    masking=masking)
    kind = data.get("kind") or ""
    if kind not in MeasureType.values:
        errors["kind"] = [_("Välj en typ av åtgärd.")]
    corner = data.get("corner") or ""
    if corner not in Corner.values:
        errors["corner"] = [_("Välj vilket hörn i brottstriangeln åtgärden verkar på.")]
    technique = data.get("technique") or ""
    if technique and technique not in Technique.values:
        errors["technique"] = [_("Okänd teknik.")]
    status = data.get("status") or MeasureStatus.PLANNED
    if status not in MeasureStatus.values:
        errors["status"] = [_("Okänd status '%(status)s'.") % {"status": status}]

    allowed = measure_organisations(user, collaboration.pk)
    raw = data.get("responsible")
    responsible = None
    if raw in (None, ""):
        if current is not None:
            responsible = current.responsible
        elif len(allowed) == 1:
            responsible = Organisation.objects.get(pk=allowed[0])
        else:
            errors["responsible"] = [_("Ange vilken organisation som ansvarar.")]
    else:
        rid = as_id(raw)
        keep = current is not None and rid == current.responsible_id
        if rid is not None and (keep or rid in allowed or _superuser(user)):
            responsible = Organisation.objects.filter(pk=rid, collaborations=collaboration).first()
        if responsible is None:
            errors["responsible"] = [
                _("Du kan bara registrera åtgärder för din egen organisation.")]

    spot = resolve_spot(collaboration, data, errors)
    spot.pop("h3_cell", None)
    cell_hint = _("Ange område, plats, fastighet eller cell.")  # measures have no cell
    if cell_hint in errors.get("place", []):
        errors["place"] = [m if m != cell_hint else _("Ange område, plats eller fastighet.")
                           for m in errors["place"]]
    # The area is where the effect is measured: it must be the place's or property's own.
    for key in ("place", "property"):
        anchor = spot.get(key)
        if anchor is not None and anchor.area_id is not None:
            if spot.get("area") is None:
                spot["area"] = anchor.area
            elif spot["area"].pk != anchor.area_id:
                errors.setdefault("area", []).append(
                    _("Området stämmer inte med platsen eller fastigheten."))

    case = None
    if data.get("case") not in (None, ""):
        case_id = as_id(data.get("case"))
        case = (ProblemCase.objects.filter(collaboration=collaboration, pk=case_id).first()
                if case_id is not None else None)
        if case is None:
            errors["case"] = [_("Problemärendet finns inte i den här samverkan.")]

    planned_on = bounds.clean_date(data.get("planned_on"), errors, "planned_on")
    started_on = bounds.clean_date(data.get("started_on"), errors, "started_on")
    ended_on = bounds.clean_date(data.get("ended_on"), errors, "ended_on")
    if started_on and ended_on and ended_on < started_on:
        errors.setdefault("ended_on", []).append(_("Slutdatum kan inte vara före startdatum."))
    if status == MeasureStatus.DONE and ended_on is None and "ended_on" not in errors:
        errors["ended_on"] = [_("En genomförd åtgärd behöver ett slutdatum.")]
    cost = _cost(data.get("cost"), errors)
    if errors:
        raise InputError(errors)
    return {"title": title, "description": description, "kind": kind, "corner": corner,
            "technique": technique, "status": status, "responsible": responsible,
            "case": case, "planned_on": planned_on, "started_on": started_on,
            "ended_on": ended_on, "cost": cost, "shared": _flag(data.get("shared")), **spot}


def _superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def do_create_measure(user, collaboration: Collaboration, data: dict, *,
                      masking: Masking | None = None) -> Measure:
    if not measure_organisations(user, collaboration.pk) and not _superuser(user):
        raise PermissionDenied(_("Du får inte registrera åtgärder i den här samverkan."))
    values = _clean(user, collaboration, data, None, masking)
    measure = Measure.objects.create(collaboration=collaboration,
                                     created_by=user if user.pk else None, **values)
    log.record_change(user, "measure_create", collaboration.pk, measure=measure.pk,
                      title=measure.title, kind=measure.kind,
                      responsible=measure.responsible_id)
    return measure


def do_update_measure(user, measure: Measure, data: dict, *,
                      masking: Masking | None = None) -> Measure:
    if not can_edit_measure(user, measure):
        raise PermissionDenied(_("Bara den ansvariga organisationen kan ändra åtgärden."))
    values = _clean(user, measure.collaboration, data, measure, masking)
    changed = {}
    for key, value in values.items():
        before = getattr(measure, key)
        if before != value:
            changed[key] = [_plain(before), _plain(value)]
            setattr(measure, key, value)
    if changed:
        measure.save()
        log.record_change(user, "measure_update", measure.collaboration_id,
                          measure=measure.pk, changed=changed)
    return measure


def _plain(value):
    """Audit details are JSON: models become ids, dates and decimals text."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def active_in_week(measures: QuerySet, key: int) -> QuerySet:
    """Measures running some time in that ISO week: not cancelled, started (or planned)
    on or before its Sunday, and not ended before its Monday."""
    monday = date.fromisocalendar(key // 100, key % 100, 1)
    sunday = monday + timedelta(days=6)
    begun = (Q(started_on__lte=sunday)
             | Q(started_on=None, planned_on__lte=sunday)
             | Q(started_on=None, planned_on=None))
    return (measures.exclude(status=MeasureStatus.CANCELLED).filter(begun)
            .filter(Q(ended_on=None) | Q(ended_on__gte=monday)))


def measure_point(measure: Measure) -> tuple[float, float] | None:
    """Where to draw a measure: its place, its property, else its area's centroid."""
    if measure.place_id and measure.place:
        return measure.place.latitude, measure.place.longitude
    prop = measure.property if measure.property_id else None
    if prop is not None and prop.latitude is not None and prop.longitude is not None:
        return prop.latitude, prop.longitude
    area = measure.area if measure.area_id else None
    if area is None and prop is not None and prop.area_id:
        area = prop.area
    if area is not None and area.polygon:
        return _centroid(area.polygon)
    return None


def _centroid(polygon: dict) -> tuple[float, float] | None:
    from shapely.geometry import shape

    try:
        point = shape(polygon).centroid
    except Exception:  # noqa: BLE001 - a broken polygon only loses the marker
        return None
    if point.is_empty:
        return None
    return point.y, point.x


def map_points(measures) -> list[dict]:
    """Markers for a list of measures (select_related place, property, area)."""
    out = []
    for m in measures:
        point = measure_point(m)
        if point is None:
            continue
        out.append({"id": m.pk, "title": m.title, "kind": m.kind,
                    "kind_label": str(m.get_kind_display()), "status": m.status,
                    "latitude": point[0], "longitude": point[1]})
    return out

