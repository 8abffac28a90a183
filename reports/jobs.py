"""The report import as a background job: the web page stores the upload and queues it,
a job worker runs it (all or nothing, as the command line does), its page shows the result.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import queue, uploads
from jobs.registry import JobFailed, register
from orgs.permissions import can_import
from reports import csvio

IMPORT = "reports.import"


@register(IMPORT, title=gettext_lazy("Import av avvikelser"),
          result_template="reports/_import_result.html")
def import_reports(job, progress) -> dict:
    user = job.requested_by
    if user is None or not user.is_active or not can_import(user):
        raise JobFailed(_("Din roll får inte importera avvikelser."))
    if not job.upload or not uploads.exists(job.upload):
        raise JobFailed(_("Den uppladdade filen finns inte längre. Ladda upp den igen."))
    result = csvio.import_reports(
        user, uploads.read(job.upload), progress=progress,
        on_stored=lambda stored: queue.complete(job, stored.summary()))
    return result.summary()
