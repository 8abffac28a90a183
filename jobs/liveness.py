"""Whether the worker that holds a running job is still there.

A claim names the worker's process: its host, its pid, and the machine its pid means
something on (the kernel's boot and the pid namespace, so that containers on one host are
told apart). A worker on the same machine asks the kernel whether that process lives: a
job whose worker is gone (killed, crashed, the server stopped hard) is recovered at once,
and one whose worker lives is left alone however long its heartbeat is held off (on
SQLite, a job's own long write transaction holds off its heartbeat). The jobs of workers
elsewhere are judged by their heartbeat alone.
"""

import functools
import hashlib
import os
import socket
from datetime import timedelta
from pathlib import Path

# A worker elsewhere whose heartbeat (every few seconds) is this old is taken to be gone.
STALE_AFTER = timedelta(minutes=3)
# A worker on this machine that lives but has not beaten for this long is hung (or its
# pid was reused by another process).
HUNG_AFTER = timedelta(hours=1)
UNKNOWN = "unknown"


@functools.cache
def machine() -> str:
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:  # not Linux: pids cannot be compared, heartbeats can
        return UNKNOWN
    return hashlib.sha256(f"{boot}/{namespace}".encode()).hexdigest()[:12]


def worker_name() -> str:
    """This process as a claim names it: host:pid:machine."""
    return f"{socket.gethostname()}:{os.getpid()}:{machine()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def abandoned(claim: str, heartbeat_at, now) -> bool:
    """Whether the worker holding a running job (by its claim, host:pid:machine:nonce) is
    gone. Asked by a worker between jobs, so a claim of its own process is abandoned too
    (an attempt whose outcome could not be written)."""
    parts = claim.split(":")
    if len(parts) == 4 and parts[1].isdigit() and parts[2] == machine() != UNKNOWN:
        pid = int(parts[1])
        if pid == os.getpid() or not _alive(pid):
            return True
        return heartbeat_at is None or heartbeat_at < now - HUNG_AFTER
    return heartbeat_at is None or heartbeat_at < now - STALE_AFTER
