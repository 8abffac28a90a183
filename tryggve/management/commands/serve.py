"""Serve Tryggve with gunicorn: a production-grade WSGI server, not runserver, and one job
worker beside it.

- **No database connection crosses a fork** (tryggve/forking.py): the master migrates and
  collects static files, then closes its connections before every fork; each web worker
  checks it inherited none. The job worker (jobs/process.py) is a fresh process.
- **A control socket per instance**: gunicorn's control socket (``gunicornc``) lives in
  TRYGGVE_DATA_DIR and is named by the address served, so two servers on one host never
  share one, and stopping one never removes the other's.
- **Privacy-safe logs**: the access log has no client address, user agent or referer
  (ACCESS_LOG_FORMAT), no query string, and no line at all for the residents' survey pages
  under /enkat/ (PrivateAccessLogger), whose URLs may hold a single-use code: a log tying a
  code to a time would tie an answer to a door. gunicorn's own error lines name no client
  address either ("Invalid request from ip=…") and no /enkat/ path.
"""

import logging
import os
import re
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn import glogging
from gunicorn.arbiter import Arbiter

from jobs.process import JobWorkerProcess
from tryggve.forking import close_before_fork, close_inherited
from tryggve.logfilters import is_secret_path, redact, redact_paths

# Time, method, path without query string, status, bytes, duration. Deliberately without
# %(h)s (address), %(a)s (user agent), %(f)s (referer), %(r)s / %(q)s (query string).
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)s'
# gunicorn's line for a malformed request: "Invalid request from ip=203.0.113.9: <error>".
INVALID_REQUEST = re.compile(r"^Invalid request from ip=\S*?: ")
MAX_SOCKET_PATH = 100  # a Unix socket path is at most 107 bytes on Linux

logger = logging.getLogger("tryggve.serve")


def scrub(text):
    """A log message or argument without secret-carrying paths (survey codes, invitation and
    reset links) and, in the lines about a client's malformed request, without addresses
    (the server's own lines, such as the address it listens on, stay)."""
    if not isinstance(text, str):
        return text
    if INVALID_REQUEST.match(text):
        return redact(INVALID_REQUEST.sub("Invalid request: ", text))
    return redact_paths(text)


class PrivateAccessLogger(glogging.Logger):
    """gunicorn's logger, minus every access line for a secret-carrying path, and with every
    error line scrubbed (``scrub``)."""

    def access(self, resp, req, environ, request_time):
        paths = (environ.get("PATH_INFO"), environ.get("RAW_URI"), getattr(req, "path", None))
        if any(is_secret_path(str(p)) for p in paths if p):
            return
        super().access(resp, req, environ, request_time)

    def critical(self, msg, *args, **kwargs):
        super().critical(scrub(msg), *map(scrub, args), **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(scrub(msg), *map(scrub, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(scrub(msg), *map(scrub, args), **kwargs)

    def info(self, msg, *args, **kwargs):
        super().info(scrub(msg), *map(scrub, args), **kwargs)

    def debug(self, msg, *args, **kwargs):
        super().debug(scrub(msg), *map(scrub, args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(scrub(msg), *map(scrub, args), **kwargs)

    def log(self, lvl, msg, *args, **kwargs):
        super().log(lvl, scrub(msg), *map(scrub, args), **kwargs)


class Command(BaseCommand):
    help = ("Migrate, collect static files and serve with gunicorn on 127.0.0.1:PORT, with "
            "one background job worker.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, port, host, workers, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        serve(host, port, workers)


def control_socket(host: str, port: int) -> Path | None:
    """This instance's control socket: TRYGGVE_DATA_DIR/gunicorn-HOST-PORT.ctl (None, no
    socket, when that path is too long for a Unix socket)."""
    name = re.sub(r"[^A-Za-z0-9.-]", "_", host) or "_"
    path = Path(settings.DATA_DIR) / f"gunicorn-{name}-{port}.ctl"
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        logger.warning("No control socket: %s is too long for a Unix socket.", path)
        return None
    return path


def pre_fork(server, worker) -> None:
    close_before_fork()


def post_fork(server, worker) -> None:
    close_inherited()


class TryggveArbiter(Arbiter):
    """gunicorn's arbiter, which also keeps the job worker running and stops it with the
    web workers."""

    def __init__(self, app):
        super().__init__(app)
        self.job_worker = JobWorkerProcess(self.log)

    def manage_workers(self):
        super().manage_workers()
        self.job_worker.keep_running()

    def handle_chld(self):
        # Reap the job worker first: gunicorn's own reaping (waitpid(-1)) takes any child.
        self.job_worker.running()
        super().handle_chld()

    handle_cld = handle_chld

    def stop(self, graceful=True):
        self.job_worker.begin_stop(graceful)
        super().stop(graceful)
        self.job_worker.finish_stop(self.cfg.graceful_timeout if graceful else 1.0)


def build_server(host: str, port: int, workers: int):
    """The gunicorn application, configured but not running."""
    from gunicorn.app.base import BaseApplication

    from tryggve.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("access_log_format", ACCESS_LOG_FORMAT)
            self.cfg.set("logger_class", PrivateAccessLogger)
            self.cfg.set("timeout", 60)
            self.cfg.set("pre_fork", pre_fork)
            self.cfg.set("post_fork", post_fork)
            # gunicorn believes X-Forwarded-Proto/-For from these peers only: the same
            # proxies Django believes (tryggve/clientaddr.py), by default none.
            self.cfg.set("forwarded_allow_ips", ",".join(settings.TRUSTED_PROXIES))
            path = control_socket(host, port)
            if path is None:
                self.cfg.set("control_socket_disable", True)
            else:
                self.cfg.set("control_socket", str(path))

        def load(self):
            return application

        def run(self):  # BaseApplication.run, with our arbiter
            try:
                TryggveArbiter(self).run()
            except RuntimeError as exc:
                sys.stderr.write(f"\nError: {exc}\n\n")
                sys.exit(1)

    return Server()


def serve(host: str, port: int, workers: int) -> None:
    close_before_fork()  # what migrate, collectstatic or the demo data opened
    build_server(host, port, workers).run()
