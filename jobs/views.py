"""A job's page and the status fragment it polls: parse, authorise, render.

Only the user who asked for a job, and superusers, see it; to anyone else its URLs are
404, as if it did not exist.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from jobs import registry
from jobs.models import Job


def visible_jobs(user):
    jobs = Job.objects.select_related("requested_by")
    return jobs if user.is_superuser else jobs.filter(requested_by=user)


def _context(request, job_id) -> dict:
    job = visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("Jobbet finns inte eller så får du inte se det."))
    return {"job": job, "kind": registry.get(job.kind)}


@login_required
def job_detail(request, job_id):
    return render(request, "jobs/detail.html", _context(request, job_id))


@login_required
def job_status(request, job_id):
    """The status fragment alone: htmx swaps it in every second until the job has ended."""
    return render(request, "jobs/_status.html", _context(request, job_id))
