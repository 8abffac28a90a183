"""An append-only log of who read or changed which report, and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class Action(models.TextChoices):
    READ = "read", _("Läste")
    LIST = "list", _("Listade")
    CREATE = "create", _("Skapade")
    RESEND = "resend", _("Skickade igen")
    STATUS = "status", _("Ändrade status")
    IMPORT = "import", _("Importerade")
    EXPORT = "export", _("Exporterade")
    ADMIN_CHANGE = "admin_change", _("Ändrade i admin")
    MEETING = "meeting", _("Öppnade möte")
    PRIORITY = "priority", _("Prioriterade")
    ASSIGNMENT = "assignment", _("Gav uppdrag")
    ASSIGNMENT_STATUS = "assignment_status", _("Följde upp uppdrag")
    CASE_OPEN = "case_open", _("Öppnade problemärende")
    CASE_READ = "case_read", _("Läste problemärende")
    CASE_UPDATE = "case_update", _("Ändrade problemärende")
    CASE_PHASE = "case_phase", _("Flyttade problemärende")
    SURVEY_CREATE = "survey_create", _("Skapade mätning")
    SURVEY_IMPORT = "survey_import", _("Importerade mätning")
    SURVEY_TARGET = "survey_target", _("Satte mål")
    OWN_SURVEY_CREATE = "own_survey_create", _("Skapade egen enkät")
    OWN_SURVEY_CODES = "own_survey_codes", _("Skapade svarskoder")
    OWN_SURVEY_CLOSE = "own_survey_close", _("Stängde egen enkät")
    MEASURE_CREATE = "measure_create", _("Skapade åtgärd")
    MEASURE_UPDATE = "measure_update", _("Ändrade åtgärd")
    INSPECTION_START = "inspection_start", _("Började besiktning")
    INSPECTION_ITEM = "inspection_item", _("Bedömde kontrollpunkt")
    INSPECTION_FINISH = "inspection_finish", _("Avslutade besiktning")
    SAFETY_WALK = "safety_walk", _("Registrerade trygghetsvandring")
    WALK_OBSERVATION = "walk_observation", _("Noterade iakttagelse")
    INVITE = "invite", _("Bjöd in användare")
    INVITE_RESEND = "invite_resend", _("Skickade inbjudan igen")
    INVITE_WITHDRAW = "invite_withdraw", _("Drog tillbaka inbjudan")
    INVITE_ACCEPT = "invite_accept", _("Tog emot inbjudan")
    ROLE_CHANGE = "role_change", _("Ändrade roll")
    MEMBER_REMOVE = "member_remove", _("Tog bort medlem")
    TOKEN_ISSUE = "token_issue", _("Skapade API-nyckel")
    TOKEN_REVOKE = "token_revoke", _("Återkallade API-nyckel")
    PASSWORD_CHANGE = "password_change", _("Bytte lösenord")
    PASSWORD_RESET = "password_reset", _("Återställde lösenord")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("användare"),
    )
    actor_username = models.CharField(_("användarnamn"), max_length=150)
    actor_organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    report_id = models.UUIDField(_("rapport"), null=True, blank=True, db_index=True)
    report_organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    collaboration_id = models.BigIntegerField(null=True, blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = _("logg")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")
