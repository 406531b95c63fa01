"""API v1: events, registrations, status changes and check-in.

Who sees what is the web interface's rule, because both call the same selectors and services:
everyone sees the public calendar (published events, and cancelled ones, marked); agency staff also
see their own agencies' drafts. Organisers (staff of the organising agency) list registrations,
change their status through the same transition table, and check people in. Private participation
data (access needs, diet, contacts, travel, rooms) is never exposed: check-in only says whether
access needs were declared.
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

from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.selectors import current_agency, writer_agency_ids
from kopa.api.base import V1View, form_errors
from kopa.api.errors import ErrorSerializer
from kopa.api.pagination import DeepPagination
from kopa.api.schema import errors, list_parameter
from kopa.api.serializers_events import (
    TEXT_FIELDS,
    CheckInResultSerializer,
    CheckInSerializer,
    EventCreateSerializer,
    EventSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    TransitionSerializer,
)
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.pagecache import set_last_modified
from kopa.events.access import (
    is_organiser,
    is_sending_writer,
    may_organise,
    require_organiser,
    staff_registration,
)
from kopa.events.calendar.forms import CalendarFilterForm
from kopa.events.calendar.selectors import public_event, visible_events
from kopa.events.checkin.selectors import default_checkin_day, registration_by_code
from kopa.events.checkin.services import attendance_record
from kopa.events.models import (
    Event,
    Registration,
)
from kopa.events.organising.services import event_create, event_update
from kopa.events.registration.selectors import (
    event_registrations,
    has_access_needs,
    registration_organisation_options,
)
from kopa.events.registration.services import (
    preselect,
    registration_change_status,
    registration_submit,
)

CONFLICT = {
    409: OpenApiResponse(
        response=ErrorSerializer,
        description="illegal_transition, event_full, registration_closed, not_holding_place, conflict",
    )
}

EVENT_FILTERS = [
    list_parameter("type", "Type of event.", Event.Type.values),
    list_parameter("country", "ISO 3166-1 alpha-2 country code of the venue, e.g. SI."),
    list_parameter("language", "Code of a working language (see /api/v1/languages/)."),
    list_parameter("target_group", "Target group code of the event's strand (see /api/v1/target-groups/)."),
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        description="Events running on or after this day (YYYY-MM-DD).",
    ),
    OpenApiParameter(
        "date_to",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        description="Events running on or before this day (YYYY-MM-DD).",
    ),
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description="Words in the title, in any language.",
    ),
]


def _filters(request):
    """The calendar's filters from the query string. Raises ValidationFailed."""
    form = CalendarFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationFailed(fields=form_errors(form))
    return form.to_filters()


def _event_data(validated: dict) -> dict:
    data = dict(validated)
    data.pop("agency", None)
    for name in TEXT_FIELDS:
        if name in data and data[name] is None:
            data[name] = {}
    return data


def _organised_event(request, pk: int, *, change: bool = False) -> Event:
    """An event the requester may see and organises (to `change` it: as admin or staff, not as an
    observer). Raises NotFound, PermissionDenied."""
    event = public_event(user=request.user, pk=pk)
    allowed = may_organise(request.user, event) if change else is_organiser(request.user, event)
    if not allowed:
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


@extend_schema_view(
    get=extend_schema(
        summary="Events in the calendar",
        parameters=EVENT_FILTERS,
        responses={200: EventSerializer(many=True), **errors(400, 401, 429)},
    ),
    post=extend_schema(
        summary="Create an event (agency staff)",
        request=EventCreateSerializer,
        responses={201: EventSerializer, **errors(400, 401, 403, 415, 429)},
    ),
)
@extend_schema(tags=["events"])
class EventList(V1View, generics.ListCreateAPIView):
    """Events with the calendar's filters, soonest first. Everyone sees published and cancelled
    events; agency staff also see every event of their agencies (drafts too). Agency staff create
    events for one of their agencies; a new event is a draft unless `status` says otherwise."""

    pagination_class = DeepPagination
    serializer_class = EventSerializer

    def list(self, request, *args, **kwargs):
        # An anonymous visitor's list is public data: it says when that data last changed.
        return set_last_modified(request, super().list(request, *args, **kwargs), ("events", "agencies", "programmes"))

    def get_queryset(self):
        return visible_events(user=self.request.user, filters=_filters(self.request))

    def create(self, request, *args, **kwargs):
        if not writer_agency_ids(request.user):
            raise PermissionDenied(_("Only agency staff can create events."))
        serializer = EventCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = serializer.validated_data.get("agency") or current_agency(request.user)
        event = event_create(
            actor=request.user, agency=agency, data=_event_data(serializer.validated_data)
        )
        event = public_event(user=request.user, pk=event.pk)
        url = reverse("api-v1:event-detail", kwargs={"pk": event.pk}, request=request)
        return Response(
            EventSerializer(event).data, status=status.HTTP_201_CREATED, headers={"Location": url}
        )


@extend_schema_view(
    get=extend_schema(summary="One event", responses={200: EventSerializer, **errors(401, 404)}),
    put=extend_schema(
        summary="Replace an event's details (its organisers)",
        responses={200: EventSerializer, **errors(400, 401, 403, 404, 415)},
    ),
    patch=extend_schema(
        summary="Change some of an event's details (its organisers)",
        responses={200: EventSerializer, **errors(400, 401, 403, 404, 415)},
    ),
)
@extend_schema(tags=["events"])
class EventDetail(V1View, generics.RetrieveUpdateAPIView):
    """One event you may see. Its organisers change it; every change is audited, and the number of
    places cannot drop below the places already taken. Fields left out keep their values."""

    serializer_class = EventSerializer

    def get_object(self):
        return public_event(user=self.request.user, pk=self.kwargs["pk"])

    def update(self, request, *args, partial=False, **kwargs):
        event = self.get_object()
        require_organiser(request.user, event)
        serializer = EventSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        event_update(actor=request.user, event=event, data=_event_data(serializer.validated_data))
        return Response(EventSerializer(public_event(user=request.user, pk=event.pk)).data)


@extend_schema_view(
    get=extend_schema(
        summary="Registrations of an event (its organisers)",
        responses={200: RegistrationSerializer(many=True), **errors(401, 403, 404, 429)},
    ),
    post=extend_schema(
        summary="Register yourself for an event",
        request=RegistrationCreateSerializer,
        responses={
            201: RegistrationSerializer,
            200: OpenApiResponse(RegistrationSerializer, description="Already registered."),
            **errors(400, 401, 404, 415, 429),
            **CONFLICT,
        },
    ),
)
@extend_schema(tags=["events"])
class EventRegistrations(V1View, generics.ListCreateAPIView):
    """Organisers list an event's registrations in arrival order. Anyone logged in registers
    themselves with their account's e-mail address: confirmed while places are free, else on the
    waiting list; for events with selection, as an applicant. Registering again returns the
    existing registration (200)."""

    pagination_class = DeepPagination
    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        event = _organised_event(self.request, self.kwargs["pk"])
        return event_registrations(event)

    def create(self, request, *args, **kwargs):
        event = public_event(user=request.user, pk=self.kwargs["pk"])
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        raw_answers = values.pop("answers", {})
        user = request.user
        if "organisation" not in values and not values.get("organisation_name"):
            default = registration_organisation_options(user=user).default
            values["organisation"] = default.pk if default is not None else None
        data = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            **values,
        }
        answers = {}
        for key, value in raw_answers.items():
            if not str(key).isdigit():
                raise ValidationFailed(fields={"answers": [_("Answers are keyed by question id.")]})
            answers[int(key)] = value
        registration, created = registration_submit(
            event=event, data=data, answers=answers, user=user
        )
        return Response(
            RegistrationSerializer(registration).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(
    tags=["events"],
    summary="Change a registration's status (organisers)",
    request=TransitionSerializer,
    responses={200: RegistrationSerializer, **errors(400, 401, 403, 404, 415, 429), **CONFLICT},
)
class RegistrationTransition(V1View):
    """Move a registration to another status by the transition table, as the web back office does:
    the sending agency preselects (with a rank) and rejects its applicants; the host agency selects,
    rejects and marks attendance. A change the table does not allow answers 409
    `illegal_transition`; a held place when none is free answers 409 `event_full`."""

    serializer_class = TransitionSerializer
    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        registration = staff_registration(user=request.user, pk=pk)
        if not (may_organise(request.user, registration.event)
                or is_sending_writer(request.user, registration.sending_country.code)):
            raise PermissionDenied(_("Only the event's organisers can do this."))
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        to, rank = serializer.validated_data["to"], serializer.validated_data.get("rank")
        if rank is not None and to != Registration.Status.PRESELECTED:
            raise ValidationFailed(fields={"rank": [_("A rank is given only when preselecting.")]})
        if rank is not None:
            registration = preselect(
                actor=request.user, registration=registration, rank=rank
            )
        else:
            registration = registration_change_status(
                actor=request.user, registration=registration, to=to
            )
        return Response(RegistrationSerializer(registration).data)


@extend_schema(
    tags=["events"],
    summary="Check a participant in (organisers)",
    request=CheckInSerializer,
    responses={
        201: CheckInResultSerializer,
        200: OpenApiResponse(CheckInResultSerializer, description="Already checked in that day."),
        **errors(400, 401, 403, 404, 415, 429),
        **CONFLICT,
    },
)
class EventCheckIn(V1View):
    """Check a participant in for a day of the event by the code in their QR code. Checking in
    twice the same day changes nothing (200). The first check-in marks the registration attended.
    Only people holding a place are checked in; others answer 409 `not_holding_place`."""

    serializer_class = CheckInSerializer
    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        event = _organised_event(request, pk, change=True)
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        now = timezone.now()
        day = serializer.validated_data.get("day") or default_checkin_day(event, now=now)
        try:
            registration = registration_by_code(event=event, code=serializer.validated_data["code"])
        except NotFound as exc:
            raise NotFound(_("No registration for this event has this code.")) from exc
        attendance, created = attendance_record(
            actor=request.user,
            registration=registration,
            day=day,
            now=now,
            reason=serializer.validated_data.get("reason", ""),
        )
        registration.refresh_from_db(fields=["status"])
        result = {
            "registration": registration.pk,
            "name": registration.full_name,
            "status": registration.status,
            "day": attendance.day,
            "first_check_in": created,
            "has_access_needs": has_access_needs(registration),
        }
        return Response(
            CheckInResultSerializer(result).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
