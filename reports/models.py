"""A report (avvikelse): something observed at a place and time that departs from the norm.

Reports describe place, time and phenomenon, never people (DOMAIN.md, "Personal data").
Every report belongs to one collaboration and one reporting organisation, which is what
``orgs.permissions`` scopes by.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _

from orgs.consistency import check_links
from reports import categories

# Level and category labels come from the taxonomy (label_sv / label_en), not from the
# message catalogue; lazy, so that each use shows the language active at that moment.
_label = lazy(lambda item: item.label, str)

Level = models.TextChoices(
    "Level", [(lv.name, (lv.value, _label(lv))) for lv in categories.Level]
)


class Status(models.TextChoices):
    NEW = "new", _("Ny")
    IN_PROGRESS = "in_progress", _("Pågår")
    CLOSED = "closed", _("Avslutad")


class Visibility(models.TextChoices):
    SHARED = "shared", _("Delad med samverkan")
    INTERNAL = "internal", _("Intern (bara vår organisation)")


class Source(models.TextChoices):
    FORM = "form", _("Formulär")
    API = "api", _("API")
    IMPORT = "import", _("Import")


# Which status may follow which. Closed reports can be reopened.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.IN_PROGRESS, Status.CLOSED},
    Status.IN_PROGRESS: {Status.NEW, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
}


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collaboration = models.ForeignKey(
        "orgs.Collaboration", on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("samverkan"),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("rapporterande organisation"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reports", verbose_name=_("rapportör"),
    )
    occurred_at = models.DateTimeField(_("inträffade"))
    reported_at = models.DateTimeField(_("rapporterad"), default=timezone.now)
    # ISO week of occurred_at in Europe/Stockholm as year*100 + week (e.g. 202507).
    iso_week = models.PositiveIntegerField(_("vecka"))

    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    h3_cell = models.CharField(_("H3-cell"), max_length=16, blank=True)
    area = models.ForeignKey(
        "orgs.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("område"),
    )
    property = models.ForeignKey(
        "orgs.Property", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reports", verbose_name=_("fastighet"),
    )
    place = models.ForeignKey(
        "orgs.Place", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("plats"),
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)

    category = models.CharField(_("kategori"), max_length=40, choices=[
        (c.code, _label(c)) for c in categories.CATEGORIES.values()])
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    people_count = models.PositiveIntegerField(_("antal inblandade"), null=True, blank=True,
                                               validators=[MaxValueValidator(10_000)])
    text = models.TextField(_("beskrivning"), blank=True)
    masked = models.JSONField(_("maskerade uppgifter"), default=list, blank=True)
    # SHA-256 of the normalised request (reports.intake.request_hash), so that a resend of
    # the same id is compared by content. Null for reports stored before it was kept (and
    # for demo and benchmark data): their original request cannot be rebuilt, so they are
    # compared by visibility alone, as before. Null rather than "": adding a nullable
    # column without a default rewrites no rows, on SQLite as on PostgreSQL.
    request_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.NEW)
    status_changed_at = models.DateTimeField(_("status ändrad"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("status ändrad av"),
    )
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices,
                              default=Source.FORM)

    class Meta:
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        ordering = ["-occurred_at"]
        indexes = [
            # Covers the weekly picture's aggregate, visibility filter included, so the
            # count never touches the table.
            models.Index(fields=["collaboration", "iso_week", "area", "category", "level",
                                 "visibility", "organisation"], name="report_picture"),
            models.Index(fields=["collaboration", "-occurred_at"], name="report_recent"),
            models.Index(fields=["organisation", "-occurred_at"], name="report_by_org"),
            models.Index(fields=["collaboration", "h3_cell", "iso_week"], name="report_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.category_label} {self.occurred_at:%Y-%m-%d}"

    def clean(self) -> None:
        check_links(self, "organisation", "area", "property", "place")

    @cached_property
    def category_info(self):
        return categories.get(self.category)

    @cached_property
    def category_label(self) -> str:
        info = categories.get(self.category)
        return info.label if info else self.category

    @cached_property
    def iso_week_label(self) -> str:
        return f"{self.iso_week // 100}-V{self.iso_week % 100:02d}"

    @cached_property
    def place_label(self) -> str:
        parts = [str(x) for x in (self.place, self.property, self.address) if x]
        return ", ".join(parts) if parts else (
            f"{self.latitude:.5f}, {self.longitude:.5f}" if self.latitude is not None else "–"
        )


class StatusChange(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("statusändring")
        verbose_name_plural = _("statusändringar")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
