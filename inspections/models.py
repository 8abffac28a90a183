"""Checklists, property inspections with certification, and safety walks.

- A ChecklistTemplate is versioned: a changed list is a new version, and every inspection
  points at the version it was made against.
- An Inspection of a property (or an area) records one ItemResult per item: ok, deficiency
  or not applicable, with a comment and an optional photo. Finishing it decides
  certification (services.do_finish_inspection).
- A SafetyWalk (trygghetsvandring) records who took part by category and free observations
  placed on a map.

Ownership follows measures: the inspecting organisation edits; shared records are visible to
the whole collaboration (orgs/permissions.py, "Inspections and safety walks").
"""

import builtins
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from orgs.consistency import check_links


class PhotoStorage(FileSystemStorage):
    """Photos live under MEDIA_ROOT, or TRYGGVE_DATA_DIR/media when it is not set.

    No base URL: photos are never served as static files, only through
    inspections.views.photo, which checks who may see the inspection.
    """

    @property
    def base_location(self):
        return str(getattr(settings, "MEDIA_ROOT", "") or settings.DATA_DIR / "media")

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


photo_storage = PhotoStorage()


def get_photo_storage():
    return photo_storage


class ChecklistTemplate(models.Model):
    name = models.CharField(_("namn"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    valid_years = models.PositiveSmallIntegerField(
        _("certifieringen gäller (år)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)])
    is_default = models.BooleanField(_("standardlista"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checklista")
        verbose_name_plural = _("checklistor")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"],
                                               name="checklist_name_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Section(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE,
                                 related_name="sections", verbose_name=_("checklista"))
    title = models.CharField(_("rubrik"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    measure_kind = models.CharField(
        _("typ av åtgärd vid brist"), max_length=20, blank=True,
        help_text=_("Förvald typ när en brist blir en åtgärd, t.ex. lighting eller locks."))

    class Meta:
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        ordering = ["template", "order"]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("avsnitt"))
    text = models.CharField(_("punkt"), max_length=300)
    mandatory = models.BooleanField(_("obligatorisk"), default=False)
    guidance = models.TextField(_("vägledning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("punkt")
        verbose_name_plural = _("punkter")
        ordering = ["section__order", "order"]

    def __str__(self) -> str:
        return self.text


class Inspection(models.Model):
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="inspections", verbose_name=_("samverkan"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                     related_name="inspections",
                                     verbose_name=_("besiktande organisation"))
    property = models.ForeignKey("orgs.Property", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="inspections",
                                 verbose_name=_("fastighet"))
    area = models.ForeignKey("orgs.Area", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="inspections", verbose_name=_("område"))
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT,
                                 related_name="inspections", verbose_name=_("checklista"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("besiktningsperson"))
    shared = models.BooleanField(_("delad med samverkan"), default=True)
    started_at = models.DateTimeField(_("påbörjad"), default=timezone.now)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    certified = models.BooleanField(_("certifierad"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)

    class Meta:
        verbose_name = _("besiktning")
        verbose_name_plural = _("besiktningar")
        ordering = ["-started_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(property__isnull=False) | models.Q(area__isnull=False),
            name="inspection_has_subject")]

    def __str__(self) -> str:
        return f"{self.subject} {self.started_at:%Y-%m-%d}"

    def clean(self) -> None:
        check_links(self, "organisation", "property", "area")

    @builtins.property  # "property" is a field here
    def subject(self):
        return self.property or self.area

    @builtins.property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    def is_valid_on(self, day: date) -> bool:
        return bool(self.certified and self.valid_until and self.valid_until >= day)


class Outcome(models.TextChoices):
    OK = "ok", _("OK")
    DEFICIENCY = "deficiency", _("Brist")
    NOT_APPLICABLE = "na", _("Ej aktuell")


class ItemResult(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="results", verbose_name=_("besiktning"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="results",
                             verbose_name=_("punkt"))
    outcome = models.CharField(_("resultat"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("kommentar"), max_length=1000, blank=True)
    photo = models.FileField(_("foto"), upload_to="inspections/%Y/%m/", blank=True,
                             storage=get_photo_storage)
    photo_type = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"],
                                               name="one_result_per_item")]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_outcome_display()}"


WALK_MAX_PEOPLE = 500  # per category of participants


class SafetyWalk(models.Model):
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="safety_walks", verbose_name=_("samverkan"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                     related_name="safety_walks",
                                     verbose_name=_("arrangör"))
    area = models.ForeignKey("orgs.Area", on_delete=models.CASCADE,
                             related_name="safety_walks", verbose_name=_("område"))
    walked_on = models.DateField(_("datum"), default=timezone.localdate)
    route = models.CharField(_("sträcka"), max_length=300, blank=True)
    tenants = models.PositiveSmallIntegerField(_("boende"), default=0,
                                          validators=[MaxValueValidator(WALK_MAX_PEOPLE)])
    staff = models.PositiveSmallIntegerField(_("personal"), default=0,
                                          validators=[MaxValueValidator(WALK_MAX_PEOPLE)])
    police = models.PositiveSmallIntegerField(_("polis"), default=0,
                                          validators=[MaxValueValidator(WALK_MAX_PEOPLE)])
    municipality = models.PositiveSmallIntegerField(_("kommun"), default=0,
                                          validators=[MaxValueValidator(WALK_MAX_PEOPLE)])
    others = models.PositiveSmallIntegerField(_("övriga"), default=0,
                                          validators=[MaxValueValidator(WALK_MAX_PEOPLE)])
    participating_organisations = models.ManyToManyField(
        "orgs.Organisation", blank=True, related_name="+",
        verbose_name=_("deltagande organisationer"))
    shared = models.BooleanField(_("delad med samverkan"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("trygghetsvandring")
        verbose_name_plural = _("trygghetsvandringar")
        ordering = ["-walked_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.area} {self.walked_on:%Y-%m-%d}"

    def clean(self) -> None:
        check_links(self, "organisation", "area")

    @cached_property
    def participant_count(self) -> int:
        return self.tenants + self.staff + self.police + self.municipality + self.others


class ObservationCategory(models.TextChoices):
    LIGHTING = "lighting", _("Belysning")
    VEGETATION = "vegetation", _("Buskage och sikt")
    LOCKS = "locks", _("Dörrar och lås")
    LITTER = "litter", _("Skräp och klotter")
    PATHS = "paths", _("Gångvägar och trafik")
    PRESENCE = "presence", _("Folkliv och närvaro")
    INFORMATION = "information", _("Skyltar och information")
    OTHER = "other", _("Annat")


# Which kind of measure an observation suggests (measures.models.MeasureType values).
MEASURE_KIND_FOR_CATEGORY = {
    "lighting": "lighting", "vegetation": "pruning", "locks": "locks",
    "litter": "renovation", "paths": "renovation", "presence": "staff_presence",
    "information": "information", "other": "other", "": "other",
}


class Observation(models.Model):
    walk = models.ForeignKey(SafetyWalk, on_delete=models.CASCADE,
                             related_name="observations", verbose_name=_("vandring"))
    latitude = models.FloatField(_("latitud"), validators=[MinValueValidator(-90),
                                                           MaxValueValidator(90)])
    longitude = models.FloatField(_("longitud"), validators=[MinValueValidator(-180),
                                                             MaxValueValidator(180)])
    text = models.CharField(_("iakttagelse"), max_length=500)
    category = models.CharField(_("kategori"), max_length=20, blank=True,
                                choices=ObservationCategory.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
