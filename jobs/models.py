"""A background job: one row per piece of work, the database being the queue.

A job is queued by `jobs.queue.do_enqueue`, claimed by one worker (`tryggve worker`, or the
one `tryggve serve` starts), run, and ends done (with a result) or failed (with a message
fit for its user; the traceback goes to the worker's log only). While it runs, the worker
writes its progress and a heartbeat; a running job whose worker is gone (jobs.liveness)
goes back to the queue.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


FINISHED = (Status.DONE, Status.FAILED)


class Job(models.Model):
    # A random id: a job's page is no guessable URL (and answers 404 to anyone but its owner).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("typ"), max_length=100)
    payload = models.JSONField(_("indata"), default=dict, blank=True)
    # A file under TRYGGVE_DATA_DIR/uploads (jobs.uploads), deleted when the job has ended.
    upload = models.CharField(_("uppladdad fil"), max_length=100, blank=True)
    # The asker's language: messages the job writes (row errors…) are in it.
    language = models.CharField(_("språk"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("klart"), default=0)
    progress_total = models.PositiveIntegerField(_("totalt"), null=True, blank=True)
    result = models.JSONField(_("resultat"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="jobs", verbose_name=_("beställd av"))
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("organisation"))
    collaboration = models.ForeignKey(
        "orgs.Collaboration", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("samverkan"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    # The claim of the running attempt ("host:pid:nonce"): only that attempt may write the
    # job's progress and outcome, so a worker whose job was taken over cannot commit.
    claim = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="jobs_status_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)
