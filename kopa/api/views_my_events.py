"""API v1: a participant's own registrations (list, retrieve, cancel, accept or decline an offer, the
participation form) and the organisers' rooms and travel summaries.

The participant acts on their own registrations only (anyone else's id answers 404); the summaries are
for admins and staff of the organising agency, never observers (need-to-know data). Both call the same
selectors, forms and services as the web pages.
"""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.utils.translation import gettext as _

from kopa.api.base import V1View, form_errors
from kopa.api.errors import ErrorSerializer
from kopa.api.schema import errors
from kopa.api.serializers_events import (
    MyRegistrationSerializer,
    ParticipationSerializer,
    RoomsSummarySerializer,
    TravelSummarySerializer,
)
from kopa.core.errors import Conflict, ValidationFailed
from kopa.events.access import (
    organised_event_with_needs,
    own_registration,
)
from kopa.events.models import (
    HELD_STATUSES,
    PARTICIPANT_STATUSES,
    ParticipationDetails,
    Registration,
)
from kopa.events.registration.forms import ParticipationForm
from kopa.events.registration.participation import participation_save
from kopa.events.registration.selectors import (
    is_purged,
    my_registrations,
    open_offer,
    own_answers,
    participation_details,
)
from kopa.events.registration.services import (
    registration_cancel,
)
from kopa.events.registration.waitinglist import offer_accept, offer_decline
from kopa.events.rooms.selectors import allocation_list, participants_for_rooms, room_types
from kopa.events.rules import CANCELLABLE_STATUSES
from kopa.events.travel.selectors import grant_summary, travel_list

S = Registration.Status
# Statuses whose holder gets a check-in code (the QR code of My events).
QR_STATUSES = frozenset({S.CONFIRMED, S.ATTENDED, S.NO_SHOW})

CONFLICT = {
    409: OpenApiResponse(
        response=ErrorSerializer,
        description="illegal_transition, event_full, registration_closed, not_holding_place, conflict",
    )
}


# --- the participant's own registrations ---------------------------------------------------------


def _my_row(registration: Registration) -> dict:
    """A registration as My events shows it: its open offer, whether it holds a place, whether it
    can be cancelled, and the check-in code once the place is confirmed."""
    offers = getattr(registration, "open_offers", None)
    offer = offers[0] if offers else (open_offer(registration) if offers is None else None)
    return {
        "id": registration.pk,
        "event": registration.event,
        "status": registration.status,
        "created_at": registration.created_at,
        "decided_at": registration.decided_at,
        "offer": offer,
        "holds_place": registration.status in HELD_STATUSES,
        "can_cancel": registration.status in CANCELLABLE_STATUSES,
        "checkin_code": registration.checkin_code if registration.status in QR_STATUSES else None,
    }


def _my_registration(request, pk) -> Registration:
    """The caller's own registration `pk`. Raises NotFound, also for anyone else's."""
    return own_registration(user=request.user, pk=pk)


def _my_response(request, pk) -> Response:
    registration = _my_registration(request, pk)
    return Response(MyRegistrationSerializer(_my_row(registration)).data)


@extend_schema_view(
    get=extend_schema(
        summary="Your registrations (My events)",
        responses={200: MyRegistrationSerializer(many=True), **errors(401, 429)},
    )
)
@extend_schema(tags=["my events"])
class MyRegistrationList(V1View, generics.ListAPIView):
    """Your own registrations and applications, the next events first, each with its open offer of
    a place (if any) and what you can do with it. Anyone logged in; only your own."""

    serializer_class = MyRegistrationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return my_registrations(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            MyRegistrationSerializer([_my_row(r) for r in page], many=True).data
        )


@extend_schema(
    tags=["my events"],
    summary="One of your registrations",
    responses={200: MyRegistrationSerializer, **errors(401, 404, 429)},
)
class MyRegistrationDetail(V1View):
    """One of your own registrations. Anyone else's answers 404."""

    serializer_class = MyRegistrationSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        return _my_response(request, pk)


MY_ACTION_RESPONSES = {200: MyRegistrationSerializer, **errors(401, 404, 429), **CONFLICT}


@extend_schema(
    tags=["my events"],
    summary="Withdraw your registration",
    request=None,
    responses=MY_ACTION_RESPONSES,
)
class MyRegistrationCancel(V1View):
    """Withdraw, as the button on My events does: a held place goes to the next person; a
    place offered or selected is declined. A registration that is already over (cancelled,
    declined, rejected, attended) answers 409."""

    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        registration = _my_registration(request, pk)
        if registration.status not in CANCELLABLE_STATUSES:
            raise Conflict(_("This registration can no longer be cancelled."))
        registration_cancel(registration=registration, actor=request.user)
        return _my_response(request, pk)


def _offer_of(registration: Registration):
    offer = open_offer(registration)
    if offer is None:
        raise Conflict(_("There is no open offer for this registration."))
    return offer


@extend_schema(
    tags=["my events"],
    summary="Accept the place offered to you",
    request=None,
    responses=MY_ACTION_RESPONSES,
)
class MyOfferAccept(V1View):
    """Take the place offered from the waiting list: your registration is confirmed. No open offer,
    or one that has lapsed, answers 409."""

    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        registration = _my_registration(request, pk)
        offer_accept(offer=_offer_of(registration), actor=request.user)
        return _my_response(request, pk)


@extend_schema(
    tags=["my events"],
    summary="Decline the place offered to you",
    request=None,
    responses=MY_ACTION_RESPONSES,
)
class MyOfferDecline(V1View):
    """Turn the offered place down; it goes to the next person waiting. No open offer answers 409."""

    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        registration = _my_registration(request, pk)
        offer_decline(offer=_offer_of(registration), actor=request.user)
        return _my_response(request, pk)


PARTICIPATION_FIELDS = (
    "has_access_needs",
    "access_needs",
    "diet",
    "diet_notes",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def _participation_body(registration: Registration) -> dict:
    if registration.status not in PARTICIPANT_STATUSES:
        raise Conflict(_("Please accept your place first: the participation form is for participants."))
    if is_purged(registration.event):
        raise Conflict(_("The private data of this event has already been deleted."))
    details = participation_details(registration)
    body = {
        name: getattr(details, name) if details is not None else ParticipationDetails._meta.get_field(
            name).get_default()
        for name in PARTICIPATION_FIELDS
    }
    body["answers"] = [
        {
            "question": answer.question_id,
            "label": answer.question.label_text,
            "kind": answer.question.kind,
            "value": answer.value,
        }
        for answer in own_answers(registration)
    ]
    return body


@extend_schema_view(
    get=extend_schema(
        summary="Your participation form",
        responses={200: ParticipationSerializer, **errors(401, 404, 429), **CONFLICT},
    ),
    put=extend_schema(
        summary="Fill in your participation form",
        request=ParticipationSerializer,
        responses={200: ParticipationSerializer, **errors(400, 401, 404, 415, 429), **CONFLICT},
    ),
)
@extend_schema(tags=["my events"])
class MyParticipation(V1View):
    """Access needs, diet and an emergency contact, for participants (people who accepted their
    place), as on the participation page, with the same checks and messages. Only the event's
    organisers read them, and they are deleted after the event (409 once they are). Your answers to
    the event's questions come with it, read only; questions that need a file are left out.
    A registration without a place answers 404; an offer not yet accepted, 409."""

    serializer_class = ParticipationSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        registration = own_registration(user=request.user, pk=pk, held=True)
        return Response(ParticipationSerializer(_participation_body(registration)).data)

    def put(self, request, pk: int):
        registration = own_registration(user=request.user, pk=pk, held=True)
        serializer = ParticipationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        # The web page's form, so the checks and their messages are the page's. The optional
        # fewer-opportunities answer is asked on the page only: a PUT keeps it as it is.
        details = participation_details(registration)
        barriers = details.fewer_opportunities if details is not None else []
        form = ParticipationForm(
            {
                **{name: values.get(name, "") for name in PARTICIPATION_FIELDS},
                "has_access_needs": "yes" if values["has_access_needs"] else "no",
                "fewer_opportunities": barriers if isinstance(barriers, list) else [],
                "fewer_opportunities_consent": bool(details and details.fewer_opportunities_consent),
            }
        )
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        participation_save(actor=request.user, registration=registration, data=form.to_service_data())
        return Response(ParticipationSerializer(_participation_body(registration)).data)


# --- organisers' summaries: rooms and travel -----------------------------------------------------


def _nights(request) -> tuple:
    return (request.first_night, request.last_night) if request is not None else (None, None)


@extend_schema(
    tags=["events"],
    summary="Rooms of an event (its organisers)",
    responses={200: RoomsSummarySerializer, **errors(401, 404, 429)},
)
class EventRooms(V1View):
    """The organisers' rooms page as data: room types with their rooms and who sleeps in each,
    what each participant asked for (room type, nights, whom they would like to share with) and
    who sleeps where for which nights. Only for admins and staff of the organising agency (not its
    observers); anyone else gets 404."""

    serializer_class = RoomsSummarySerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        event = organised_event_with_needs(user=request.user, pk=pk)
        types = [
            {
                "id": room_type.pk,
                "name": room_type.name,
                "beds_per_room": room_type.places,
                "covered": room_type.covered,
                "rooms": [
                    {
                        "id": room.pk,
                        "label": room.label,
                        "beds": room_type.places,
                        "taken": room.occupied,
                        "people": [
                            {"registration": a.registration_id, "name": a.registration.full_name}
                            for a in room.allocations.all()
                        ],
                    }
                    for room in room_type.rooms.all()
                ],
            }
            for room_type in room_types(event)
        ]
        requests = []
        for person in participants_for_rooms(event):
            wish = getattr(person, "room_request", None)
            allocation = getattr(person, "room_allocation", None)
            first, last = _nights(wish)
            requests.append({
                "registration": person.pk,
                "name": person.full_name,
                "room_type": wish.room_type_id if wish else None,
                "first_night": first,
                "last_night": last,
                "share_with": wish.share_with if wish else "",
                "room": allocation.room.label if allocation else None,
            })
        stays = [
            {
                "room": stay.room.label,
                "room_type": stay.room.room_type_id,
                "registration": stay.registration.pk,
                "name": stay.registration.full_name,
                "first_night": stay.first_night,
                "last_night": stay.last_night,
            }
            for stay in allocation_list(event)
        ]
        body = {"event": event.pk, "room_types": types, "requests": requests, "stays": stays}
        return Response(RoomsSummarySerializer(body).data)


@extend_schema(
    tags=["events"],
    summary="Travel of an event's participants (its organisers)",
    responses={200: TravelSummarySerializer, **errors(401, 404, 429)},
)
class EventTravel(V1View):
    """The organisers' travel page as data: travel grants per sending country (people, total in
    EUR, green travel, grants not confirmed) with the totals, and every participant holding a place
    with their travel details. Only for admins and staff of the organising agency (not its observers); anyone else gets 404."""

    serializer_class = TravelSummarySerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        event = organised_event_with_needs(user=request.user, pk=pk)
        summary = grant_summary(event)
        totals = {
            "country": None,
            "people": sum(row.people for row in summary),
            "total_eur": sum((row.total_eur for row in summary), 0),
            "green": sum(row.green for row in summary),
            "unconfirmed": sum(row.unconfirmed for row in summary),
        }
        participants = []
        for person in travel_list(event):
            travel = getattr(person, "travel", None)
            participants.append({
                "registration": person.pk,
                "name": person.full_name,
                "sending_country": person.sending_country,
                "travel": None if travel is None else {
                    "origin": travel.origin.name if travel.origin_id else "",
                    "mode": travel.mode,
                    "green": travel.green,
                    "distance_km": travel.distance_km,
                    "band": str(travel.band) if travel.band_id else None,
                    "grant_eur": travel.grant_eur if travel.distance_km is not None else None,
                    "arrival": travel.arrival,
                    "departure": travel.departure,
                },
            })
        body = {
            "event": event.pk,
            "grant_call_year": event.grant_call_year,
            "venue_located": event.latitude is not None and event.longitude is not None,
            "countries": [vars(row) for row in summary],
            "totals": totals,
            "participants": participants,
        }
        return Response(TravelSummarySerializer(body).data)
