"""The one set of limits for every file import: reports (CSV) and survey results (CSV or
Excel), on the web and on the command line.

A file at these limits never times out a web request: the pages store the upload and run
the import as a background job (jobs/), whose page shows its progress.
"""

from django.utils.translation import gettext as _

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000


def too_big_message() -> str:
    return _("Filen är för stor (högst %(max)d MB).") % {"max": MAX_BYTES // 1024 // 1024}


def upload_problem(upload) -> str | None:
    """Why an uploaded file cannot be imported at all (none was sent, it is too big), before
    it is stored and queued; None if it can be tried."""
    if upload is None:
        return _("Välj en fil.")
    if upload.size > MAX_BYTES:
        return too_big_message()
    return None
