"""The queue's operations on Job rows: enqueue, claim, complete, fail, give back, recover.

Claiming is safe with several workers on one database: on PostgreSQL the oldest queued job
is locked with ``SELECT … FOR UPDATE SKIP LOCKED`` (two workers never get the same row and
never wait for each other); on SQLite the claim's transaction is IMMEDIATE (the settings'
``transaction_mode``), so claims run one after the other. Each claim gets its own token
(``Job.claim``); every later write of that attempt is conditional on it, so an attempt
whose job was recovered and claimed again can no longer write progress or an outcome.
"""

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs import liveness, registry, uploads
from jobs.models import Job, Status

MAX_ATTEMPTS = 3


class JobLost(Exception):
    """This attempt no longer holds the job: it was recovered and claimed again."""


def do_enqueue(user, kind: str, payload: dict | None = None, *, upload=None,
               organisation_id: int | None = None, collaboration_id: int | None = None) -> Job:
    """Queue a job of a registered kind for ``user``; ``upload`` (an uploaded file) is kept
    privately until the job has ended. The job runs in the asker's current language."""
    if registry.get(kind) is None:
        raise ValueError(f"Unknown job kind {kind!r}.")
    name = uploads.store(upload) if upload is not None else ""
    try:
        with transaction.atomic():
            return Job.objects.create(
                kind=kind, payload=payload or {}, upload=name, requested_by=user,
                organisation_id=organisation_id, collaboration_id=collaboration_id,
                language=translation.get_language() or settings.LANGUAGE_CODE)
    except BaseException:
        uploads.delete(name)
        raise


def claim_next(worker: str) -> Job | None:
    """Take the oldest queued job for this worker (running, attempts + 1), or None."""
    if not Job.objects.filter(status=Status.QUEUED).exists():  # no write lock when idle
        return None
    with transaction.atomic():
        job = (Job.objects.select_for_update(skip_locked=True)
               .filter(status=Status.QUEUED).order_by("created_at").first())
        if job is None:
            return None
        now = timezone.now()
        token = f"{worker}:{uuid.uuid4().hex[:12]}"
        claimed = Job.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.RUNNING, claim=token, started_at=now, heartbeat_at=now,
            attempts=F("attempts") + 1)
        if not claimed:
            return None
    return Job.objects.select_related("requested_by").get(pk=job.pk)


def _mine(job: Job):
    return Job.objects.filter(pk=job.pk, status=Status.RUNNING, claim=job.claim)


def beat(job: Job, done: int, total: int | None) -> bool:
    """Write the heartbeat and progress; False if this attempt no longer holds the job
    (its claim was given up or taken over; a job it has completed is still its own)."""
    return bool(Job.objects.filter(pk=job.pk, claim=job.claim).exclude(claim="").update(
        heartbeat_at=timezone.now(), progress_done=done, progress_total=total))


def complete(job: Job, result) -> None:
    """Mark the job done with its result. A kind that stores in a transaction calls this
    inside it, so the mark commits with the stored rows or not at all; raises JobLost (and
    so rolls the transaction back) if the job was taken over."""
    if not _mine(job).update(status=Status.DONE, result=result, finished_at=timezone.now()):
        raise JobLost(str(job.pk))


def is_done(job: Job) -> bool:
    return Job.objects.filter(pk=job.pk, status=Status.DONE, claim=job.claim).exists()


def fail(job: Job, message: str) -> None:
    """Mark the job failed with a message for its asker; JobLost if it was taken over."""
    if not _mine(job).update(status=Status.FAILED, error=message, finished_at=timezone.now()):
        raise JobLost(str(job.pk))


def give_back(job: Job) -> None:
    """An interrupted attempt: back to the queue, to start over."""
    _mine(job).update(status=Status.QUEUED, claim="", started_at=None)


def recover_stale(now=None) -> list[Job]:
    """Running jobs whose worker is gone (jobs.liveness): back to the queue, or failed after
    MAX_ATTEMPTS tries. Returns the jobs recovered."""
    now = now or timezone.now()
    gone = [job.pk for job in Job.objects.filter(status=Status.RUNNING).only(
        "claim", "heartbeat_at") if liveness.abandoned(job.claim, job.heartbeat_at, now)]
    if not gone:  # no write lock, unless there is something to recover
        return []
    recovered, ended = [], []
    with transaction.atomic():
        for job in Job.objects.select_for_update(skip_locked=True).filter(
                pk__in=gone, status=Status.RUNNING):
            if job.attempts >= MAX_ATTEMPTS:
                with translation.override(job.language):
                    message = _("Jobbet avbröts %(count)d gånger när arbetsprocessen "
                                "stoppades och har getts upp. Försök igen; kontakta "
                                "administratören om det händer igen.") % {
                                    "count": job.attempts}
                _mine(job).update(status=Status.FAILED, error=message,
                                  finished_at=timezone.now())
                ended.append(job)
            else:
                _mine(job).update(status=Status.QUEUED, claim="", started_at=None)
            recovered.append(job)
    for job in ended:
        uploads.delete(job.upload)
    return recovered
