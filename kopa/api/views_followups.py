"""API v1: follow-up tasks (list, create, change, mark done), with the web pages' form and rules.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.access import require_some_agency_writer
from kopa.agencies.selectors import (
    current_agency,
    staff_agency_ids,
    staff_members,
)
from kopa.api.base import V1View, form_errors
from kopa.api.errors import ErrorSerializer
from kopa.api.schema import errors
from kopa.api.serializers_outreach import (
    FollowUpSerializer,
    FollowUpWriteSerializer,
)
from kopa.core.errors import ValidationFailed
from kopa.outreach.access import (
    followup_for_staff,
    require_outreach_staff,
)
from kopa.outreach.campaigns.selectors import (
    campaigns_for_staff,
)
from kopa.outreach.followups.forms import TaskFilterForm, TaskForm
from kopa.outreach.followups.selectors import (
    ALL,
    DONE,
    OPEN,
    agency_followup_list,
    drop_off_label,
    followup_state,
)
from kopa.outreach.followups.services import followup_create, followup_done, followup_update

# --- follow-up tasks -----------------------------------------------------------------------------


class FollowUpFilterForm(TaskFilterForm):
    """The filters of "My tasks", and whom a task is assigned to."""

    assignee = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["assignee"].queryset = staff_members(staff_agency_ids(user))


FOLLOWUP_FILTERS = [
    OpenApiParameter(
        "status", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=[OPEN, DONE, ALL],
        description="Open tasks (the default), done tasks or all of them.",
    ),
    OpenApiParameter("campaign", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Campaign id."),
    OpenApiParameter(
        "assignee", OpenApiTypes.INT, OpenApiParameter.QUERY,
        description="User id of the person the task is assigned to.",
    ),
]


def _followup_row(task) -> dict:
    return {
        "id": task.pk,
        "agency": task.agency,
        "title": task.title,
        "notes": task.notes,
        "assignee": task.assignee,
        "due_on": task.due_on,
        "campaign": task.campaign,
        "organisation": task.organisation,
        "state": followup_state(task, today=timezone.localdate()),
        "done_at": task.done_at,
        "drop_off": drop_off_label(task.drop_off),
    }


def _followup_body(request, pk) -> dict:
    return FollowUpSerializer(_followup_row(followup_for_staff(user=request.user, pk=pk))).data


def _task_form(request, values: dict, *, task=None) -> TaskForm:
    """The website's task form, filled from the API's values. Raises ValidationFailed."""
    data = {
        name: "" if value is None else value
        for name, value in values.items()
        if name in ("title", "notes", "assignee", "due_on", "campaign", "organisation")
    }
    if "due_on" in values and values["due_on"] is not None:
        data["due_on"] = values["due_on"].isoformat()
    if task is None:
        agency = values.get("agency")
        if agency is None and values.get("campaign"):
            found = campaigns_for_staff(request.user).filter(pk=values["campaign"]).first()
            agency = found.agency if found is not None else None
        agency = agency or current_agency(request.user)
        data["agency"] = agency.pk if agency is not None else ""
    form = TaskForm(data, user=request.user, task=task)
    if not form.is_valid():
        raise ValidationFailed(fields=form_errors(form))
    return form


@extend_schema_view(
    get=extend_schema(
        summary="Follow-up tasks of your agencies",
        parameters=FOLLOWUP_FILTERS,
        responses={200: FollowUpSerializer(many=True), **errors(400, 401, 403, 429)},
    ),
    post=extend_schema(
        summary="Create a follow-up task",
        request=FollowUpWriteSerializer,
        responses={201: FollowUpSerializer, **errors(400, 401, 403, 415, 429)},
    ),
)
@extend_schema(tags=["outreach"])
class FollowUpList(V1View, generics.ListCreateAPIView):
    """The follow-up tasks of the agencies you work for, whoever they are assigned to: open ones
    first, by due date. POST creates one with the checks of the task form on the website. Agency
    staff only (others: 403)."""

    serializer_class = FollowUpSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        require_outreach_staff(self.request.user)
        form = FollowUpFilterForm(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        data = form.cleaned_data
        return agency_followup_list(
            user=self.request.user,
            status=data["status"] or OPEN,
            campaign=data["campaign"],
            assignee=data["assignee"],
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            FollowUpSerializer([_followup_row(task) for task in page], many=True).data
        )

    def create(self, request, *args, **kwargs):
        require_some_agency_writer(request.user)  # before the body is read: observers change nothing
        serializer = FollowUpWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = _task_form(request, serializer.validated_data)
        task = followup_create(actor=request.user, agency=form.task_agency(), **form.to_service_data())
        url = reverse("api-v1:follow-up-detail", kwargs={"pk": task.pk}, request=request)
        return Response(
            _followup_body(request, task.pk), status=status.HTTP_201_CREATED, headers={"Location": url}
        )


@extend_schema_view(
    get=extend_schema(
        summary="One follow-up task", responses={200: FollowUpSerializer, **errors(401, 404, 429)}
    ),
    patch=extend_schema(
        summary="Change a follow-up task",
        request=FollowUpWriteSerializer,
        responses={200: FollowUpSerializer, **errors(400, 401, 403, 404, 415, 429)},
    ),
)
@extend_schema(tags=["outreach"])
class FollowUpDetail(V1View):
    """A follow-up task of one of your agencies; any other answers 404. PATCH changes the fields
    sent and keeps the others, with the task form's checks (a due date may stay in the past but not
    move into it); the agency never changes."""

    serializer_class = FollowUpSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, pk):
        return Response(_followup_body(request, pk))

    def patch(self, request, pk):
        task = followup_for_staff(user=request.user, pk=pk)
        sent = request.data if isinstance(request.data, dict) else {}
        if "agency" in sent:
            raise ValidationFailed(fields={"agency": [_("The agency of a task does not change.")]})
        serializer = FollowUpWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {
            "title": task.title,
            "notes": task.notes,
            "assignee": task.assignee_id,
            "due_on": task.due_on,
            "campaign": task.campaign_id,
            "organisation": task.organisation_id,
            **serializer.validated_data,
        }
        form = _task_form(request, values, task=task)
        followup_update(actor=request.user, task=task, **form.to_service_data())
        return Response(_followup_body(request, pk))


@extend_schema(
    tags=["outreach"],
    summary="Mark a follow-up task done",
    request=None,
    responses={
        200: FollowUpSerializer,
        **errors(401, 403, 404, 429),
        409: OpenApiResponse(ErrorSerializer, description="task_already_done"),
    },
)
class FollowUpDone(V1View):
    """Mark a task of one of your agencies done, as the button on the website does. A task already
    done answers 409 `task_already_done`."""

    permission_classes = [IsAuthenticated]

    def post(self, request, pk):
        task = followup_for_staff(user=request.user, pk=pk)
        followup_done(actor=request.user, task=task)
        return Response(_followup_body(request, pk))
