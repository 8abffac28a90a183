"""The job worker that `tryggve serve` runs beside its web workers.

A fresh Python process (``python -m tryggve.cli worker``), started by gunicorn's master
after it has closed its database connections and never a fork of it, so it shares nothing
with the master or the web workers. It is restarted if it dies (at most once every
RESTART_DELAY seconds) and stopped with the server: SIGTERM lets a running job finish
within the grace period, after which SIGINT sends the job back to the queue, and SIGKILL
ends a worker that still does not stop. It also stops by itself when the server is gone
(``--parent-pid``).
"""

import os
import signal
import subprocess
import sys
import time

from tryggve.forking import close_before_fork

RESTART_DELAY = 5.0
INTERRUPT_GRACE = 5.0


class JobWorkerProcess:
    def __init__(self, log):
        self.log = log  # gunicorn's logger: the lines go where the server's go
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.stopping = False

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def running(self) -> bool:
        """Also reaps it: called before gunicorn's own reaping, which takes any child."""
        return self.process is not None and self.process.poll() is None

    def keep_running(self) -> None:
        if self.stopping or self.running():
            return
        if self.process is not None:
            if time.monotonic() - self.started_at < RESTART_DELAY:
                return
            self.log.error("Job worker (pid:%s) exited with %s; starting a new one.",
                           self.process.pid, self.process.returncode)
        self.start()

    def start(self) -> None:
        close_before_fork()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tryggve.cli", "worker", "--parent-pid", str(os.getpid())])
        self.started_at = time.monotonic()
        self.log.info("Booting job worker with pid: %s", self.process.pid)

    def begin_stop(self, graceful: bool) -> None:
        """SIGTERM: stop after the running job; SIGINT (a quick shutdown, Ctrl+C): the same
        as a first signal, and the next one (finish_stop) interrupts the job."""
        self.stopping = True
        if self.running():
            self.process.send_signal(signal.SIGTERM if graceful else signal.SIGINT)

    def finish_stop(self, grace: float) -> None:
        """Wait ``grace`` seconds; then interrupt the running job (back to the queue), and
        kill a worker that still does not stop."""
        if not self.running():
            return
        for sig in (signal.SIGINT, signal.SIGKILL):
            try:
                self.process.wait(grace)
                return
            except subprocess.TimeoutExpired:
                self.log.warning("Job worker (pid:%s) still running after %.0f s; sending %s.",
                                 self.process.pid, grace, sig.name)
                self.process.send_signal(sig)
                grace = INTERRUPT_GRACE
        self.process.wait()
