"""Every change to inspections and safety walks goes through one function here, which
checks permission, validates, stores and writes the audit entry (as meetings/services.py).

Certification rule (decided here, shown in the interface):
- a property is certified by an inspection of its *owner* when every mandatory item is
  answered and passes: "ok", or "not applicable" with a comment saying why (a property
  without a garage cannot have a lit garage). "Not applicable" without a reason, a
  deficiency or no answer on a mandatory item means not certified;
- the certificate is valid for the template's ``valid_years`` from the day the inspection
  was finished; the latest finished owner inspection of a property decides its status.
"""

import io
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from inspections.checklists import default_template
from inspections.models import (
    ChecklistTemplate,
    Inspection,
    Item,
    ItemResult,
    Observation,
    ObservationCategory,
    Outcome,
    SafetyWalk,
)
from orgs.models import Area, Collaboration, Organisation, Property
from orgs.permissions import (
    can_edit_inspection,
    can_edit_safety_walk,
    inspecting_organisations,
    scoped_to_collaborations,
)
from reports.privacy import Masking
from tryggve import bounds
from tryggve.errors import InputError
from tryggve.parsing import as_id

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# Phones write JPEGs with multi-picture data, which Pillow calls MPO: the first frame is
# re-encoded as a plain JPEG like any other.
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "MPO": ("image/jpeg", "jpg"),
                 "PNG": ("image/png", "png")}
DUE_WITHIN_DAYS = 90


# Inspections ---------------------------------------------------------------------------


def _organisation_for(user, collaboration: Collaboration, raw, errors: dict):
    allowed = inspecting_organisations(user, collaboration.pk)
    if user.is_superuser and not allowed:
        allowed = list(collaboration.organisations.values_list("id", flat=True))
    if raw in (None, ""):
        if len(allowed) == 1:
            return Organisation.objects.get(pk=allowed[0])
        errors["organisation"] = [_("Välj organisation.")]
        return None
    org_id = as_id(raw)
    if org_id not in allowed:
        errors["organisation"] = [_("Du kan inte besiktiga för den organisationen.")]
        return None
    return Organisation.objects.get(pk=org_id)


def do_start_inspection(user, data: dict) -> Inspection:
    """Start inspecting a property or an area with a checklist (the default if none)."""
    errors: dict[str, list[str]] = {}
    prop = area = None
    if data.get("property") not in (None, ""):
        prop = Property.objects.filter(pk=as_id(data["property"])).select_related(
            "collaboration").first()
        if prop is None:
            errors["property"] = [_("Fastigheten finns inte.")]
    elif data.get("area") not in (None, ""):
        area = Area.objects.filter(pk=as_id(data["area"])).select_related(
            "collaboration").first()
        if area is None:
            errors["area"] = [_("Området finns inte.")]
    else:
        errors["property"] = [_("Välj en fastighet eller ett område.")]
    if errors:
        raise InputError(errors)
    collaboration = (prop or area).collaboration
    if not inspecting_organisations(user, collaboration.pk) and not user.is_superuser:
        raise PermissionDenied(_("Du kan inte besiktiga i den här samverkan."))
    raw_org = data.get("organisation")
    if raw_org in (None, "") and prop is not None and prop.owner_id in \
            inspecting_organisations(user, collaboration.pk):
        raw_org = prop.owner_id  # the owner inspects its own property
    organisation = _organisation_for(user, collaboration, raw_org, errors)
    template = None
    if data.get("template") not in (None, ""):
        template = ChecklistTemplate.objects.filter(pk=as_id(data["template"])).first()
        if template is None:
            errors["template"] = [_("Checklistan finns inte.")]
    if errors:
        raise InputError(errors)
    inspection = Inspection.objects.create(
        collaboration=collaboration, organisation=organisation, property=prop, area=area,
        template=template or default_template(), inspector=user if user.pk else None,
        shared=str(data.get("shared", "on")).lower() not in ("", "0", "false", "off"))
    log.record_change(user, "inspection_start", collaboration.pk, inspection=inspection.pk,
                      subject=str(inspection.subject))
    return inspection


def _require_editable(user, inspection: Inspection) -> None:
    if not can_edit_inspection(user, inspection):
        raise PermissionDenied(_("Bara den besiktande organisationen kan ändra besiktningen."))
    if inspection.is_finished:
        raise InputError({"inspection": [_("Besiktningen är avslutad.")]}, status=409)


def clean_photo(upload) -> tuple[ContentFile, str]:
    """A JPEG or PNG of at most 5 MB, re-encoded so that no metadata (such as the GPS
    position in EXIF) is kept. Returns the file and its content type."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise InputError({"photo": [_("Fotot får vara högst 5 MB.")]})
    try:
        image = Image.open(upload)
        kind = image.format
        if kind not in PHOTO_FORMATS:
            raise InputError({"photo": [_("Fotot måste vara JPEG eller PNG.")]})
        if image.width * image.height > PHOTO_MAX_PIXELS:
            raise InputError({"photo": [_("Fotot har för många bildpunkter.")]})
        image.load()
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InputError({"photo": [_("Fotot måste vara JPEG eller PNG.")]}) from None
    out = io.BytesIO()
    content_type, ext = PHOTO_FORMATS[kind]
    if kind in ("JPEG", "MPO"):
        image.convert("RGB").save(out, "JPEG", quality=85)
    else:
        image.save(out, "PNG")
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}"), content_type


def do_record_result(user, inspection: Inspection, item_id, data: dict,
                     photo=None, *, masking: Masking | None = None) -> ItemResult:
    """Answer one item: ok, deficiency or not applicable, with comment and photo."""
    _require_editable(user, inspection)
    item = Item.objects.filter(pk=as_id(item_id), section__template=inspection.template_id
                               ).first() if as_id(item_id) else None
    if item is None:
        raise InputError({"item": [_("Punkten hör inte till checklistan.")]})
    errors: dict[str, list[str]] = {}
    outcome = data.get("outcome") or ""
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Välj OK, brist eller ej aktuell.")]
    comment = bounds.clean_text(ItemResult, "comment", data.get("comment"), errors,
                                masking=masking)
    if outcome == Outcome.NOT_APPLICABLE and item.mandatory and not comment and (
            "comment" not in errors):
        errors["comment"] = [_("En obligatorisk punkt som inte är aktuell behöver en "
                               "förklaring.")]
    cleaned = None
    if photo is not None:
        try:
            cleaned = clean_photo(photo)
        except InputError as exc:
            errors |= exc.errors
    if errors:
        raise InputError(errors)
    with transaction.atomic():
        result, _created = ItemResult.objects.get_or_create(
            inspection=inspection, item=item, defaults={"outcome": outcome})
        result.outcome = outcome
        result.comment = comment
        old_photo = result.photo.name if result.photo else ""
        if cleaned is not None:
            result.photo.save(cleaned[0].name, cleaned[0], save=False)
            result.photo_type = cleaned[1]
        elif data.get("remove_photo"):
            result.photo = ""
            result.photo_type = ""
        result.save()
    if old_photo and old_photo != (result.photo.name or ""):
        result.photo.storage.delete(old_photo)
    log.record_change(user, "inspection_item", inspection.collaboration_id,
                      inspection=inspection.pk, item=item.pk, outcome=outcome)
    return result


@dataclass
class Verdict:
    certified: bool
    failed: list  # mandatory items with a deficiency or an unexplained "not applicable"
    unanswered: list  # mandatory items without an answer


def verdict(inspection: Inspection) -> Verdict:
    results = {r.item_id: r for r in inspection.results.all()}
    failed, unanswered = [], []
    for item in Item.objects.filter(section__template=inspection.template_id, mandatory=True):
        result = results.get(item.pk)
        if result is None:
            unanswered.append(item)
        elif result.outcome == Outcome.DEFICIENCY or (
                result.outcome == Outcome.NOT_APPLICABLE and not result.comment):
            failed.append(item)
    return Verdict(not failed and not unanswered, failed, unanswered)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def do_finish_inspection(user, inspection: Inspection, when=None) -> Verdict:
    _require_editable(user, inspection)
    result = verdict(inspection)
    inspection.finished_at = when or timezone.now()
    inspection.certified = result.certified
    inspection.valid_until = (
        add_years(timezone.localtime(inspection.finished_at).date(),
                  inspection.template.valid_years) if result.certified else None)
    inspection.save(update_fields=["finished_at", "certified", "valid_until"])
    log.record_change(user, "inspection_finish", inspection.collaboration_id,
                      inspection=inspection.pk, certified=result.certified,
                      valid_until=str(inspection.valid_until or ""))
    return result


# Certification lists ---------------------------------------------------------------------


@dataclass
class PropertyStatus:
    property: Property
    inspection: Inspection  # the latest finished inspection by the owner

    @property
    def certified_now(self) -> bool:
        return self.inspection.is_valid_on(timezone.localdate())


def latest_owner_inspections(user) -> list[PropertyStatus]:
    """Per property of the user's collaborations: the owner's latest finished inspection."""
    from django.db.models import F

    # The owner's latest finished inspection decides, also when the owner kept a newer,
    # failed one to itself: statuses are taken from all owner inspections of the user's
    # collaborations (only the status is shown, not the unshared inspection).
    rows = (scoped_to_collaborations(user, Inspection.objects.all())
            .filter(property__isnull=False, finished_at__isnull=False,
                    organisation_id=F("property__owner_id"))
            .select_related("property", "property__area", "organisation", "template")
            .order_by("property_id", "-finished_at"))
    latest: dict[int, PropertyStatus] = {}
    for inspection in rows:
        latest.setdefault(inspection.property_id,
                          PropertyStatus(inspection.property, inspection))
    return sorted(latest.values(), key=lambda s: s.property.address)


def certified_properties(user, today: date | None = None) -> list[PropertyStatus]:
    today = today or timezone.localdate()
    return [s for s in latest_owner_inspections(user) if s.inspection.is_valid_on(today)]


def totals(statuses) -> tuple[int, int]:
    """(properties, apartments) – as in "59 fastigheter, 4 577 lägenheter"."""
    return len(statuses), sum(s.property.apartments for s in statuses)


def due_for_reinspection(user, today: date | None = None,
                         within_days: int = DUE_WITHIN_DAYS) -> list[PropertyStatus]:
    """Certified properties whose certificate has expired or expires within 90 days."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=within_days)
    due = [s for s in latest_owner_inspections(user)
           if s.inspection.certified and s.inspection.valid_until <= horizon]
    return sorted(due, key=lambda s: s.inspection.valid_until)


def failed_properties(user) -> list[PropertyStatus]:
    return [s for s in latest_owner_inspections(user) if s.inspection.certified is False]


# Safety walks ----------------------------------------------------------------------------

PARTICIPANT_FIELDS = ("tenants", "staff", "police", "municipality", "others")


def do_create_walk(user, data: dict, organisation_ids: list | None = None, *,
                   masking: Masking | None = None) -> SafetyWalk:
    errors: dict[str, list[str]] = {}
    area = Area.objects.filter(pk=as_id(data.get("area"))).select_related(
        "collaboration").first() if as_id(data.get("area")) else None
    if area is None:
        raise InputError({"area": [_("Välj ett område.")]})
    collaboration = area.collaboration
    if not inspecting_organisations(user, collaboration.pk) and not user.is_superuser:
        raise PermissionDenied(_("Du kan inte registrera vandringar i den här samverkan."))
    organisation = _organisation_for(user, collaboration, data.get("organisation"), errors)
    counts = {key: bounds.clean_int(SafetyWalk, key, data.get(key), errors,
                                    message=_("Ange ett antal mellan %(min)d och %(max)d."))
              or 0 for key in PARTICIPANT_FIELDS}
    walked_on = bounds.clean_date(data.get("walked_on"), errors, "walked_on", message=_(
        "Ange ett datum, t.ex. 2025-09-18.")) or timezone.localdate()
    members = set(collaboration.organisations.values_list("id", flat=True))
    participants = [as_id(o) for o in organisation_ids or []]
    if any(p not in members for p in participants):
        errors["participating_organisations"] = [
            _("Deltagarna måste vara medlemmar i samverkan.")]
    route = bounds.clean_text(SafetyWalk, "route", data.get("route"), errors, masking=masking)
    if errors:
        raise InputError(errors)
    walk = SafetyWalk.objects.create(
        collaboration=collaboration, organisation=organisation, area=area,
        walked_on=walked_on, route=route, created_by=user if user.pk else None,
        shared=str(data.get("shared", "on")).lower() not in ("", "0", "false", "off"),
        **counts)
    walk.participating_organisations.set(participants)
    log.record_change(user, "safety_walk", collaboration.pk, walk=walk.pk, area=area.name)
    return walk


def do_add_observation(user, walk: SafetyWalk, data: dict, *,
                       masking: Masking | None = None) -> Observation:
    if not can_edit_safety_walk(user, walk):
        raise PermissionDenied(_("Bara arrangören kan ändra vandringen."))
    errors: dict[str, list[str]] = {}
    coords = {key: bounds.clean_float(Observation, key, data.get(key), errors, required=True,
                                      message=_("Tryck på kartan där iakttagelsen gjordes."))
              for key in ("latitude", "longitude")}
    text = bounds.clean_text(Observation, "text", data.get("text"), errors, masking=masking,
                             required=_("Beskriv iakttagelsen."))
    category = data.get("category") or ""
    if category and category not in ObservationCategory.values:
        errors["category"] = [_("Okänd kategori.")]
    if errors:
        raise InputError(errors)
    observation = Observation.objects.create(walk=walk, text=text, category=category,
                                             **coords)
    log.record_change(user, "walk_observation", walk.collaboration_id, walk=walk.pk,
                      observation=observation.pk)
    return observation
