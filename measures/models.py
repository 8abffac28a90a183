"""Measures (åtgärder): lighting, locks, pruning, presence… tagged by the crime triangle.

A measure belongs to one collaboration and one responsible organisation, covers an area,
property or place, may answer a problem case, and runs planned → ongoing → done. Its effect
is measured in measures/effect.py from the reports and surveys around it.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.consistency import check_links


class MeasureType(models.TextChoices):
    LIGHTING = "lighting", _("Belysning")
    LOCKS = "locks", _("Lås och passersystem")
    PRUNING = "pruning", _("Beskärning av buskage")
    CAMERAS = "cameras", _("Kameror")
    STAFF_PRESENCE = "staff_presence", _("Personalnärvaro")
    PATROL_ROUNDS = "patrol_rounds", _("Rondering/trygghetsjour")
    YOUTH_ACTIVITIES = "youth_activities", _("Aktiviteter för unga")
    DOOR_KNOCKING = "door_knocking", _("Dörrknackning")
    INFORMATION = "information", _("Information")
    RENOVATION = "renovation", _("Upprustning av en plats")
    OTHER = "other", _("Annat")


class Corner(models.TextChoices):
    """The corner of the crime (problem) triangle a measure works on."""

    OFFENDER = "offender", _("Gärningsperson (och handledare)")
    TARGET = "target", _("Mål/offer (och skyddare)")
    PLACE = "place", _("Plats (och platsansvarig)")


class Technique(models.TextChoices):
    """The five groups of situational prevention's 25 techniques (DOMAIN.md)."""

    INCREASE_EFFORT = "increase_effort", _("Öka ansträngningen")
    INCREASE_RISKS = "increase_risks", _("Öka riskerna")
    REDUCE_REWARDS = "reduce_rewards", _("Minska vinsterna")
    REDUCE_PROVOCATIONS = "reduce_provocations", _("Minska provokationerna")
    REMOVE_EXCUSES = "remove_excuses", _("Ta bort ursäkterna")
    SOCIAL = "social", _("Social prevention")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


class Measure(models.Model):
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="measures", verbose_name=_("samverkan"))
    responsible = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                    related_name="measures",
                                    verbose_name=_("ansvarig organisation"))
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=MeasureType.choices)
    corner = models.CharField(_("hörn i brottstriangeln"), max_length=10,
                              choices=Corner.choices)
    technique = models.CharField(_("teknik"), max_length=20, blank=True,
                                 choices=Technique.choices)
    area = models.ForeignKey("orgs.Area", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="measures", verbose_name=_("område"))
    property = models.ForeignKey("orgs.Property", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="measures",
                                 verbose_name=_("fastighet"))
    place = models.ForeignKey("orgs.Place", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="measures", verbose_name=_("plats"))
    case = models.ForeignKey("meetings.ProblemCase", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="measures",
                             verbose_name=_("problemärende"))
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices,
                              default=MeasureStatus.PLANNED)
    planned_on = models.DateField(_("planerad till"), null=True, blank=True)
    started_on = models.DateField(_("startade"), null=True, blank=True)
    ended_on = models.DateField(_("klar"), null=True, blank=True)
    cost = models.DecimalField(_("kostnad (kr)"), max_digits=12, decimal_places=0, null=True,
                               blank=True, validators=[MinValueValidator(0)])
    shared = models.BooleanField(_("delad med samverkan"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["-started_on", "-created_at"]
        indexes = [models.Index(fields=["collaboration", "status"], name="measure_status")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_links(self, "responsible", "area", "property", "place", "case")
