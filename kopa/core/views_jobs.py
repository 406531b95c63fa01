"""The person's background jobs (My downloads), the progress page of one, its cancel button and its
download (see kopa.core.jobs)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kopa.core import jobs
from kopa.core.errors import Conflict, NotFound
from kopa.core.models import Job

# While a job waits or runs its page looks again this often.
REFRESH_SECONDS = 2


def start_redirect(job: Job):
    """Where a request that started a job sends the person: the job's progress page."""
    return redirect("core:job", public_id=job.public_id)


@login_required
def job_list(request):
    """The documents, exports and merges the person started and may still see, newest first, until
    they expire: where to find a download again after leaving its page."""
    return render(request, "core/job_list.html", {
        "jobs": [(job, jobs.job_title(job)) for job in jobs.own_jobs(request.user)],
        "keep_days": settings.KOPA_JOB_RESULT_DAYS,
    })


@login_required
def job_detail(request, public_id):
    job = jobs.job_for(user=request.user, public_id=public_id)
    link = job.result_link or {}
    return render(request, "core/job.html", {
        "job": job,
        "title": jobs.job_title(job),
        "lost": jobs.is_lost(job),
        "mine": job.requested_by_id == request.user.pk,
        "link_url": reverse(link["name"], args=link.get("args", ())) if link.get("name") else "",
        "link_label": link.get("label", ""),
        "refresh_seconds": REFRESH_SECONDS,
    })


@login_required
@require_POST
def job_cancel(request, public_id):
    job = jobs.job_for(user=request.user, public_id=public_id)
    try:
        jobs.job_cancel(actor=request.user, job=job)
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("core:job", public_id=job.public_id)


@login_required
def job_download(request, public_id):
    job = jobs.job_for(user=request.user, public_id=public_id)
    if job.status != Job.Status.DONE or not job.result:
        raise NotFound()
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.filename,
                            content_type=job.content_type or "application/octet-stream")
    response["Cache-Control"] = "no-store"
    return response
