"""API v1: background jobs (kopa.core.jobs) — the caller's own jobs, one job with its progress,
cancelling it, and its result file.

The same gate as the job's page on the website (`kopa.core.jobs.job_for`, which asks the gate of the
job's object at every look): the person who started a job, and for a job of an agency the people
that gate lets in; anyone else, and anyone who lost access to the object, gets 404. Only the person
who started a job cancels it. Jobs are started on the website (a POST on a document's or an
export's button); the API follows them.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django.http import FileResponse
from django.urls import reverse as site_reverse

from kopa.api.base import V1View
from kopa.api.errors import ErrorSerializer
from kopa.api.schema import errors
from kopa.api.serializers_jobs import JobSerializer
from kopa.core import jobs
from kopa.core.errors import NotFound
from kopa.core.models import Job
from kopa.core.spreadsheets import XLSX_CONTENT_TYPE

# The content types of job results (kopa.core.jobs: pdf_result, csv_result, xlsx_result, and any other).
RESULT_TYPES = ("application/pdf", "text/csv", XLSX_CONTENT_TYPE, "application/octet-stream")


def _row(request, job: Job) -> dict:
    done = job.status == Job.Status.DONE
    link = job.result_link or {}
    return {
        "id": job.public_id,
        "url": reverse("api-v1:job-detail", kwargs={"id": job.public_id}, request=request),
        "page_url": request.build_absolute_uri(site_reverse("core:job", args=[job.public_id])),
        "title": jobs.job_title(job),
        "status": job.status,
        "progress": {"done": job.progress_done, "total": job.progress_total, "percent": job.percent},
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "message": job.message,
        "filename": job.filename if done else "",
        "result_url": (reverse("api-v1:job-result", kwargs={"id": job.public_id}, request=request)
                       if done and job.result else None),
        "link_url": (request.build_absolute_uri(site_reverse(link["name"], args=link.get("args", ())))
                     if done and link.get("name") else None),
        "mine": job.requested_by_id == request.user.pk,
    }


@extend_schema(
    tags=["jobs"],
    summary="Your background jobs",
    responses={200: JobSerializer(many=True), **errors(401, 429)},
)
class JobList(V1View, generics.ListAPIView):
    """The documents, exports and merges you started that have not expired and whose object you may
    still see, newest first."""

    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return jobs.own_jobs(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            JobSerializer([_row(request, job) for job in page], many=True).data)


@extend_schema(
    tags=["jobs"],
    summary="One background job",
    responses={200: JobSerializer, **errors(401, 404, 429)},
)
class JobDetail(V1View):
    """A job's status, progress, message and, once it is done, where its result downloads. Ask again
    while `status` is `queued` or `running`."""

    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, id):
        return Response(JobSerializer(_row(request, jobs.job_for(user=request.user, public_id=id))).data)


@extend_schema(
    tags=["jobs"],
    summary="Cancel a background job",
    request=None,
    responses={
        200: JobSerializer,
        **errors(401, 404, 429),
        409: OpenApiResponse(ErrorSerializer, description="conflict (the job has already finished)"),
    },
)
class JobCancel(V1View):
    """Cancel a job that waits or runs, as its page's Cancel button does. Only the person who
    started it may (anyone else: 404); a job that already finished answers 409."""

    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated]

    def post(self, request, id):
        job = jobs.job_for(user=request.user, public_id=id)
        job = jobs.job_cancel(actor=request.user, job=job)
        return Response(JobSerializer(_row(request, job)).data)


class AnyAccept(DefaultContentNegotiation):
    """The result is a file of its own type, whatever the client accepts; errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(
    tags=["jobs"],
    summary="The result file of a background job",
    responses={
        **{(200, media_type): OpenApiResponse(
            OpenApiTypes.BINARY,
            description="The file (a PDF, CSV or XLSX) with its own content type, as an attachment; "
            "never stored by a cache (`Cache-Control: no-store`).") for media_type in RESULT_TYPES},
        **errors(401, 404, 429),
    },
)
class JobResult(V1View):
    """The file a job made, once it is done; 404 while it waits or runs, when it failed or was
    cancelled, and for a job whose result is a page rather than a file."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = AnyAccept

    def get(self, request, id):
        job = jobs.job_for(user=request.user, public_id=id)
        if job.status != Job.Status.DONE or not job.result:
            raise NotFound()
        response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.filename,
                                content_type=job.content_type or "application/octet-stream")
        response["Cache-Control"] = "no-store"
        return response
