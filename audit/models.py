"""An append-only log of who read or changed which report, and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class Action(models.TextChoices):
    READ = "read", "Läste"
    LIST = "list", "Listade"
    CREATE = "create", "Skapade"
    RESEND = "resend", "Skickade igen"
    STATUS = "status", "Ändrade status"
    IMPORT = "import", "Importerade"
    EXPORT = "export", "Exporterade"
    ADMIN_CHANGE = "admin_change", "Ändrade i admin"


class AuditEntry(models.Model):
    at = models.DateTimeField("tidpunkt", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="användare",
    )
    actor_username = models.CharField("användarnamn", max_length=150)
    actor_organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField("händelse", max_length=20, choices=Action.choices)
    report_id = models.UUIDField("rapport", null=True, blank=True, db_index=True)
    report_organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    collaboration_id = models.BigIntegerField(null=True, blank=True)
    detail = models.JSONField("detaljer", default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "loggpost"
        verbose_name_plural = "logg"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")
