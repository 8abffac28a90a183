"""The weekly EST meeting and what it decides, and problem cases (SARA).

A meeting belongs to one collaboration and one ISO week. It records priorities (where
and why) and assignments (which resource, whose responsibility, where and when, and
what came of it). Places that keep recurring become problem cases that go through
scanning, analysis, response and assessment.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from orgs.consistency import check_links
from reports import categories, weeks

# Group labels come from the taxonomy (label_sv / label_en); lazy, like reports.models.
_group_label = lazy(lambda group: group.label, str)


class Meeting(models.Model):
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="meetings", verbose_name=_("samverkan"))
    iso_week = models.PositiveIntegerField(_("vecka"))
    held_on = models.DateField(_("mötesdag"), null=True, blank=True)
    participants = models.ManyToManyField("orgs.Organisation", blank=True,
                                          related_name="meetings", verbose_name=_("deltagare"))
    notes = models.TextField(_("anteckningar"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["-iso_week"]
        constraints = [models.UniqueConstraint(fields=["collaboration", "iso_week"],
                                               name="one_meeting_per_week")]

    def __str__(self) -> str:
        return f"{self.collaboration} {self.week_label}"

    @property
    def week_label(self) -> str:
        return weeks.format_week(self.iso_week)


class Resource(models.TextChoices):
    POLICE = "police", _("Polis")
    SECURITY_GUARD = "security_guard", _("Väktare")
    PUBLIC_ORDER_GUARD = "public_order_guard", _("Ordningsvakter")
    FIELD_WORKER = "field_worker", _("Trygghetsfältare")
    SOCIAL_SERVICES = "social_services", _("Socialtjänst")
    PROPERTY_ON_CALL = "property_on_call", _("Fastighetsjour")
    SAFETY_PATROL = "safety_patrol", _("Trygghetsjour")
    PROPERTY_STAFF = "property_staff", _("Fastighetspersonal")
    OTHER = "other", _("Annat")


class AssignmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    DONE = "done", _("Utförd")
    NOT_DONE = "not_done", _("Inte utförd")


class Spot(models.Model):
    """Where a priority, assignment or case applies: an area, a named place, a property
    or an H3 cell (a recurring spot without a name)."""

    area = models.ForeignKey("orgs.Area", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("område"))
    place = models.ForeignKey("orgs.Place", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("plats"))
    property = models.ForeignKey("orgs.Property", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("fastighet"))
    h3_cell = models.CharField(_("H3-cell"), max_length=16, blank=True)

    class Meta:
        abstract = True

    @cached_property
    def spot_label(self) -> str:
        for part in (self.place, self.property, self.area):
            if part is not None:
                return str(part)
        return gettext("Cell %(cell)s") % {"cell": self.h3_cell} if self.h3_cell else "–"


class Priority(Spot):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="priorities")
    problem = models.CharField(_("problem"), max_length=300)
    reason = models.TextField(_("varför"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringar")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.problem


class Assignment(Spot):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="assignments")
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="assignments")
    priority = models.ForeignKey(Priority, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="assignments")
    resource = models.CharField(_("resurs"), max_length=24, choices=Resource.choices)
    responsible = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                    related_name="assignments", verbose_name=_("ansvarig"))
    starts_at = models.DateTimeField(_("från"))
    ends_at = models.DateTimeField(_("till"))
    task = models.CharField(pgettext_lazy("uppgiften i ett uppdrag", "uppdrag"), max_length=300,
                            blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.PLANNED)
    outcome = models.TextField(_("utfall"), max_length=2000, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = pgettext_lazy("plural", "uppdrag")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["collaboration", "status"], name="assignment_open")]

    def __str__(self) -> str:
        return f"{self.get_resource_display()} – {self.spot_label}"

    def clean(self) -> None:
        check_links(self, "responsible", "area", "place", "property")


class Phase(models.TextChoices):
    SCANNING = "scanning", _("Identifiering")
    ANALYSIS = "analysis", _("Analys")
    RESPONSE = "response", _("Åtgärd")
    ASSESSMENT = "assessment", _("Utvärdering")
    CLOSED = "closed", _("Avslutad")


PHASE_ORDER = [Phase.SCANNING, Phase.ANALYSIS, Phase.RESPONSE, Phase.ASSESSMENT, Phase.CLOSED]


class ProblemCase(Spot):
    """A place that keeps coming back, worked through SARA with the crime triangle."""

    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="problem_cases")
    owner = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                              related_name="problem_cases",
                              verbose_name=_("ansvarig organisation"))
    title = models.CharField(_("rubrik"), max_length=200)
    group = models.CharField(_("kategorigrupp"), max_length=24, blank=True,
                             choices=[(g.value, _group_label(g)) for g in categories.Group])
    origin = models.CharField(_("ursprung"), max_length=12, default="manual",
                              choices=[("recurrence", _("Återkommande plats")),
                                       ("hotspot", _("Hotspot")), ("manual", _("Manuellt"))])
    phase = models.CharField(_("fas"), max_length=12, choices=Phase.choices,
                             default=Phase.SCANNING)
    description = models.TextField(_("beskrivning (identifiering)"), max_length=5000, blank=True)
    offender = models.TextField(_("gärningsperson och handledare"), max_length=5000, blank=True)
    target = models.TextField(_("mål/offer och skyddare"), max_length=5000, blank=True)
    guardian = models.TextField(_("plats och platsansvarig"), max_length=5000, blank=True)
    response = models.TextField(_("åtgärder"), max_length=5000, blank=True)
    assessment = models.TextField(_("utvärdering"), max_length=5000, blank=True)
    reports = models.ManyToManyField("reports.Report", blank=True, related_name="cases")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    opened_week = models.PositiveIntegerField(_("öppnad vecka"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_week = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("problemärende")
        verbose_name_plural = _("problemärenden")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["collaboration", "phase"], name="case_open")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_links(self, "owner", "area", "place", "property")

    @property
    def is_open(self) -> bool:
        return self.phase != Phase.CLOSED
