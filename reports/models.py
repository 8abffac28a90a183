"""A report (avvikelse): something observed at a place and time that departs from the norm.

Reports describe place, time and phenomenon, never people (DOMAIN.md, "Personal data").
Every report belongs to one collaboration and one reporting organisation, which is what
``orgs.permissions`` scopes by.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from reports import categories

Level = models.TextChoices(
    "Level", [(lv.name, (lv.value, categories.LEVEL_LABELS[lv][0])) for lv in categories.Level]
)


class Status(models.TextChoices):
    NEW = "new", "Ny"
    IN_PROGRESS = "in_progress", "Pågår"
    CLOSED = "closed", "Avslutad"


class Visibility(models.TextChoices):
    SHARED = "shared", "Delad med samverkan"
    INTERNAL = "internal", "Intern (bara vår organisation)"


class Source(models.TextChoices):
    FORM = "form", "Formulär"
    API = "api", "API"
    IMPORT = "import", "Import"


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
        verbose_name="samverkan",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="reports",
        verbose_name="rapporterande organisation",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reports", verbose_name="rapportör",
    )
    occurred_at = models.DateTimeField("inträffade")
    reported_at = models.DateTimeField("rapporterad", default=timezone.now)
    # ISO week of occurred_at in Europe/Stockholm as year*100 + week (e.g. 202507).
    iso_week = models.PositiveIntegerField("vecka")

    latitude = models.FloatField("latitud", null=True, blank=True)
    longitude = models.FloatField("longitud", null=True, blank=True)
    h3_cell = models.CharField("H3-cell", max_length=16, blank=True)
    area = models.ForeignKey(
        "orgs.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name="område",
    )
    property = models.ForeignKey(
        "orgs.Property", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reports", verbose_name="fastighet",
    )
    place = models.ForeignKey(
        "orgs.Place", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name="plats",
    )
    address = models.CharField("adress", max_length=200, blank=True)

    category = models.CharField("kategori", max_length=40, choices=categories.choices())
    level = models.CharField("nivå", max_length=12, choices=Level.choices)
    people_count = models.PositiveIntegerField("antal inblandade", null=True, blank=True)
    text = models.TextField("beskrivning", blank=True)
    masked = models.JSONField("maskerade uppgifter", default=list, blank=True)

    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField("status ändrad", null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="status ändrad av",
    )
    visibility = models.CharField(
        "synlighet", max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    source = models.CharField("källa", max_length=10, choices=Source.choices, default=Source.FORM)

    class Meta:
        verbose_name = "avvikelse"
        verbose_name_plural = "avvikelser"
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["collaboration", "iso_week", "area", "category"],
                         name="report_picture"),
            models.Index(fields=["collaboration", "-occurred_at"], name="report_recent"),
            models.Index(fields=["organisation", "-occurred_at"], name="report_by_org"),
            models.Index(fields=["collaboration", "h3_cell", "iso_week"], name="report_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.category_label} {self.occurred_at:%Y-%m-%d}"

    @cached_property
    def category_info(self):
        return categories.get(self.category)

    @cached_property
    def category_label(self) -> str:
        info = categories.get(self.category)
        return info.label_sv if info else self.category

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
        verbose_name = "statusändring"
        verbose_name_plural = "statusändringar"

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
