"""The worker loop: recover abandoned jobs, claim one job, run it, again; sleep when idle.

It survives what goes wrong around it: a job that raises is failed (runner), and a
database that is away for a while (restarting, locked) is retried with a growing pause.
Stopping: ``stop()`` (the first SIGTERM/SIGINT) lets the running job finish; a second
signal interrupts it, and the job goes back to the queue to start over.
"""

import logging
import os
import threading
import time

from django.db import DatabaseError, close_old_connections, connections

from jobs import liveness, queue, runner

logger = logging.getLogger("tryggve.jobs")

POLL = 1.0  # seconds between looks at an empty queue
RECOVER_EVERY = 30.0  # seconds between looks for abandoned jobs
MAX_PAUSE = 30.0  # the longest pause after database errors
MAX_ERRORS_UNTIL_IDLE = 5  # `--until-idle` gives up after this many errors in a row


class Worker:
    def __init__(self, *, poll: float = POLL, parent_pid: int | None = None,
                 heartbeat: float = runner.HEARTBEAT):
        self.name = liveness.worker_name()
        self.poll = poll
        self.parent_pid = parent_pid
        self.heartbeat = heartbeat
        self.stopping = False
        self.wakeup = threading.Event()
        self.next_recovery = 0.0
        self.ran = 0

    def stop(self) -> None:
        self.stopping = True
        self.wakeup.set()

    def run(self, *, until_idle: bool = False) -> int:
        """Run jobs until stopped (or, with until_idle, until the queue is empty); the
        number of jobs run."""
        pause, errors = self.poll, 0
        while not self.stopping and not self.orphaned():
            try:
                ran = self.run_one()
            except DatabaseError as exc:
                errors += 1
                if until_idle and errors >= MAX_ERRORS_UNTIL_IDLE:
                    raise
                logger.warning("Job worker %s: database error, retrying in %.1f s: %s",
                               self.name, pause, exc)
                connections.close_all()
                self.wakeup.wait(pause)
                pause = min(pause * 2, MAX_PAUSE)
                continue
            pause, errors = self.poll, 0
            if not ran:
                if until_idle:
                    break
                self.wakeup.wait(self.poll)
        connections.close_all()
        return self.ran

    def run_one(self) -> bool:
        """Claim and run the oldest queued job; False if there was none."""
        close_old_connections()
        if time.monotonic() >= self.next_recovery:
            for job in queue.recover_stale():
                logger.warning("Job %s (%s) was abandoned by its worker; %s.", job.pk,
                               job.kind, "given up" if job.attempts >= queue.MAX_ATTEMPTS
                               else "back in the queue")
            self.next_recovery = time.monotonic() + RECOVER_EVERY
        job = queue.claim_next(self.name)
        if job is None:
            return False
        logger.info("Job %s (%s) started by %s.", job.pk, job.kind, self.name)
        runner.execute(job, heartbeat=self.heartbeat)
        self.ran += 1
        return True

    def orphaned(self) -> bool:
        """Started by `tryggve serve` (parent_pid) and the server is gone."""
        return self.parent_pid is not None and os.getppid() != self.parent_pid
