"""The kinds of background job: a name, the function that runs it, and how its result is
shown.

Apps add their kinds in a module named ``jobs`` (``reports/jobs.py``…), which the jobs app
imports at start-up (``JobsConfig.ready``), so every process (web worker, job worker) knows
the same kinds::

    @register("reports.import", title=gettext_lazy("Import av avvikelser"),
              result_template="reports/_import_result.html")
    def import_reports(job, progress):
        ...
        return {"created": 12}          # JSON: stored as job.result

A kind's function gets the Job and a ``progress(done, total)`` callable; it returns the
result (JSON-serialisable) or raises ``JobFailed(message)`` with a message for the asker.
Any other exception fails the job with a general message; the traceback goes to the log.
A function that stores in a transaction calls ``jobs.queue.complete(job, result)`` inside
it, so that the job is marked done together with what it stored, and a job taken over by
another worker (its heartbeat stopped) cannot store twice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Progress = Callable[..., None]


class JobFailed(Exception):
    """The job cannot be done; the message (already translated) is shown to its asker."""


@dataclass(frozen=True)
class Kind:
    name: str
    run: Callable[[Any, Progress], Any]
    title: str  # what the job's page is headed with
    result_template: str  # renders a done job's ``result`` (with ``job`` in the context)


KINDS: dict[str, Kind] = {}


def register(name: str, *, title, result_template: str):
    """Decorator: make a function the runner of jobs of this kind."""

    def decorate(function):
        if name in KINDS and KINDS[name].run is not function:
            raise ValueError(f"Job kind {name!r} is registered twice.")
        KINDS[name] = Kind(name, function, title, result_template)
        return function

    return decorate


def get(name: str) -> Kind | None:
    return KINDS.get(name)
