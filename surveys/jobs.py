"""The survey-results import as a background job: the web page stores the upload and
queues it, a job worker runs it (all or nothing), its page shows the result."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import queue, uploads
from jobs.registry import JobFailed, register
from orgs.permissions import visible_surveys
from surveys.importing import import_survey

IMPORT = "surveys.import"


@register(IMPORT, title=gettext_lazy("Import av mätresultat"),
          result_template="surveys/_import_result.html")
def import_survey_results(job, progress) -> dict:
    user = job.requested_by
    survey = (visible_surveys(user).filter(pk=job.payload.get("survey")).first()
              if user is not None and user.is_active else None)
    if survey is None:
        raise JobFailed(_("Mätningen finns inte eller så får du inte se den."))
    if not job.upload or not uploads.exists(job.upload):
        raise JobFailed(_("Den uppladdade filen finns inte längre. Ladda upp den igen."))
    result = import_survey(
        user, survey, uploads.read(job.upload), job.payload.get("filename", ""),
        progress=progress, on_stored=lambda stored: queue.complete(job, stored.summary()))
    return result.summary()
