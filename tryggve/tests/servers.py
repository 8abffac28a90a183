"""`tryggve serve` as a real process for the tests that need gunicorn itself: its forked
workers, its control socket, its log lines.

A server runs from the worktree's own Python (`python -m tryggve.cli serve`) with its own
TRYGGVE_DATA_DIR, on a free port of 127.0.0.1, and its output goes to files the test reads.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_test_url() -> str:
    """The URL of the PostgreSQL test database this test process uses."""
    s = connection.settings_dict
    user, password = quote(s["USER"] or "", safe=""), quote(s["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT']}/{s['NAME']}"


def server_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ, TRYGGVE_DATA_DIR=str(data_dir), LOG_LEVEL="INFO",
               DJANGO_SETTINGS_MODULE="tryggve.settings", PYTHONUNBUFFERED="1")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def migrate_sqlite(data_dir: Path) -> None:
    """Create and migrate the SQLite database in data_dir (a few seconds)."""
    subprocess.run([sys.executable, "-m", "tryggve.cli", "migrate", "-v0"], cwd=ROOT,
                   env=server_env(data_dir, None), check=True, capture_output=True)


class Server:
    """One `tryggve serve` process. Use as a context manager; it is stopped on exit."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None, workers: int = 2,
                 port: int | None = None):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out_path = data_dir / f"serve-{self.port}.out"
        self.err_path = data_dir / f"serve-{self.port}.err"
        args = [sys.executable, "-m", "tryggve.cli", "serve", "--port", str(self.port),
                "--workers", str(workers)]
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err,
                                            env=server_env(data_dir, database_url))

    def __enter__(self) -> Server:
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"tryggve serve exited ({self.process.returncode}):\n"
                                     + self.log())
            try:
                with urllib.request.urlopen(self.url + "/login/", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise AssertionError("tryggve serve did not answer in time:\n" + self.log())

    def stop(self, timeout: float = 40) -> int:
        """SIGTERM, as a service manager stops it; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("tryggve serve did not stop on SIGTERM:\n"
                                     + self.log()) from None
        return self.process.returncode

    def log(self) -> str:
        """What the server wrote to stderr (gunicorn's error log and Django's)."""
        return self.err_path.read_text(errors="replace")

    def get(self, path: str, *, headers: dict | None = None,
            timeout: float = 10) -> tuple[int, bytes]:
        """(status, body); status 0 and the error when no answer came (refused, cut off,
        timed out)."""
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except OSError as exc:  # URLError, ConnectionError, TimeoutError, RemoteDisconnected
            return 0, repr(exc).encode()
