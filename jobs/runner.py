"""Running one claimed job: its function, its heartbeat, its outcome.

The heartbeat is a thread with its own database connection (Django's connections are per
thread): it writes the job's progress and ``heartbeat_at`` every HEARTBEAT seconds whatever
the job is doing, outside the job's own transaction, so progress shows while the job works
and a worker elsewhere can tell that this one is alive (``jobs.liveness``).
"""

import logging
import threading

from django.db import DatabaseError, connections
from django.utils import translation
from django.utils.translation import gettext as _

from jobs import queue, registry, uploads
from jobs.models import Job
from jobs.registry import JobFailed

logger = logging.getLogger("tryggve.jobs")

HEARTBEAT = 5.0  # seconds


class Progress:
    """The ``progress(done, total)`` a job's function calls as often as it likes: it only
    notes the numbers (the heartbeat writes them), and stops a job that was taken over."""

    def __init__(self):
        self.done = 0
        self.total: int | None = None
        self.lost = False

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.lost:
            raise queue.JobLost("the job was taken over by another worker")
        self.done = done
        if total is not None:
            self.total = total


class Heartbeat(threading.Thread):
    def __init__(self, job: Job, progress: Progress, every: float = HEARTBEAT):
        super().__init__(name=f"heartbeat-{job.pk}", daemon=True)
        self.job, self.progress, self.every = job, progress, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                self.beat()
        finally:
            connections.close_all()  # this thread's own

    def beat(self) -> None:
        try:
            if not queue.beat(self.job, self.progress.done, self.progress.total):
                self.progress.lost = True
        except DatabaseError as exc:  # e.g. SQLite busy with the job's own transaction
            logger.debug("Heartbeat of job %s not written: %s", self.job.pk, exc)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def execute(job: Job, *, heartbeat: float = HEARTBEAT) -> None:
    """Run a claimed job to its end: done, failed, or (interrupted) back in the queue."""
    progress = Progress()
    beating = Heartbeat(job, progress, heartbeat)
    beating.start()
    try:
        with translation.override(job.language):
            ok, value = _run(job, progress)
    except queue.JobLost:
        beating.stop()
        logger.warning("Job %s (%s) was taken over by another worker; this attempt stopped.",
                       job.pk, job.kind)
        return
    except BaseException:  # KeyboardInterrupt, SystemExit: the worker is being stopped
        beating.stop()
        queue.give_back(job)
        logger.warning("Job %s (%s) interrupted; back in the queue.", job.pk, job.kind)
        raise
    beating.stop()
    queue.beat(job, progress.done, progress.total)  # the last figures
    try:
        if queue.is_done(job):  # a kind that stores completes inside its transaction
            pass
        elif ok:
            queue.complete(job, value)
        else:
            queue.fail(job, value)
    except queue.JobLost:
        logger.warning("Job %s was taken over; this attempt's outcome is dropped.", job.pk)
        return
    uploads.delete(job.upload)


def _run(job: Job, progress: Progress) -> tuple[bool, object]:
    """(True, result) or (False, message for the asker)."""
    kind = registry.get(job.kind)
    if kind is None:
        logger.error("Job %s has an unknown kind %r.", job.pk, job.kind)
        return False, _("Jobbet är av en okänd sort och kan inte köras.")
    try:
        return True, kind.run(job, progress)
    except JobFailed as exc:
        return False, str(exc)
    except queue.JobLost:
        raise
    except Exception:
        logger.exception("Job %s (%s) failed.", job.pk, job.kind)
        return False, _("Jobbet avbröts av ett oväntat fel. Försök igen; kontakta "
                        "administratören om felet består.")
