"""Serve Tryggve with gunicorn: a production-grade WSGI server, not runserver.

The access log is privacy-safe: no client address, user agent or referer in any line
(ACCESS_LOG_FORMAT), no query string, and no line at all for the residents' survey pages
under /enkat/ (PrivateAccessLogger), whose URLs may hold a single-use code: a log tying a
code to a time would tie an answer to a door.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn import glogging

# Time, method, path without query string, status, bytes, duration. Deliberately without
# %(h)s (address), %(a)s (user agent), %(f)s (referer), %(r)s / %(q)s (query string).
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)s'
UNLOGGED_PREFIX = "/enkat"


def unlogged(path: str | None) -> bool:
    """Whether a request path is one of the residents' survey pages (/enkat, /enkat/…)."""
    path = "/" + (path or "").lstrip("/")
    return path == UNLOGGED_PREFIX or path.startswith(UNLOGGED_PREFIX + "/")


class PrivateAccessLogger(glogging.Logger):
    """gunicorn's logger, minus every access line for /enkat/."""

    def access(self, resp, req, environ, request_time):
        paths = (environ.get("PATH_INFO"), environ.get("RAW_URI"), getattr(req, "path", None))
        if any(unlogged(str(p).split("?", 1)[0]) for p in paths if p):
            return
        super().access(resp, req, environ, request_time)

    # gunicorn's own errors name the request ("Error handling request /enkat/<CODE>/"):
    # the same pages are named without their path there.
    def _redacted(self, args):
        return tuple("/enkat/…" if isinstance(a, str) and unlogged(a.split("?", 1)[0])
                     else a for a in args)

    def error(self, msg, *args, **kwargs):
        super().error(msg, *self._redacted(args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(msg, *self._redacted(args), **kwargs)


class Command(BaseCommand):
    help = "Migrate, collect static files and serve with gunicorn on 127.0.0.1:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, port, host, workers, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        serve(host, port, workers)


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

        def load(self):
            return application

    return Server()


def serve(host: str, port: int, workers: int) -> None:
    build_server(host, port, workers).run()
