"""API v1: a matchmaking event's meetings. Its confirmed participants read the other participants
(suggested partners first), send and answer meeting requests and read their agenda; its organisers
read the whole schedule. The gates and services are the web pages' own."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.utils.translation import gettext as _

from kopa.api.base import V1View
from kopa.api.schema import errors
from kopa.api.serializers_meetings import (
    MeetingAnswerSerializer,
    MeetingRequestSerializer,
    MeetingSerializer,
    MyProfileSerializer,
    ParticipantSerializer,
    ScheduleSerializer,
)
from kopa.core.errors import Conflict, ValidationFailed
from kopa.matchmaking.access import (
    organised_meetings,
    other_profile,
    own_meeting_request,
    participating_registration,
)
from kopa.matchmaking.meetings import selectors, services
from kopa.matchmaking.suggestions.texts import ReasonWords


def _profile(request, pk):
    setup, registration = participating_registration(user=request.user, pk=pk)
    profile = selectors.profile_of(registration)
    return setup, profile


def _require_profile(profile):
    if profile is None:
        raise Conflict(_("Create your matchmaking profile first."))
    return profile


def _profile_row(setup, registration, profile) -> dict:
    caps = {a.session_id: a.cap for a in profile.attendances.all()} if profile else {}
    sessions = list(selectors.sessions_of(setup))
    return {
        "id": profile.pk if profile else None,
        "organisation": getattr(profile.organisation if profile else registration.organisation, "legal_name", ""),
        "offers": profile.offers if profile else "", "seeks": profile.seeks if profile else "",
        "ideas": profile.ideas if profile else "",
        "sessions": [{"session_id": s.pk, "cap": caps[s.pk]} for s in sessions if s.pk in caps],
        "available_sessions": sessions,
    }


def _meeting_rows(meetings):
    return [{"id": m.pk, "request_id": m.request_id, "slot": m.slot, "table": m.table,
             "participants": [m.request.sender_id, m.request.recipient_id], "pinned": m.pinned,
             "outcome": m.outcome} for m in meetings]


@extend_schema_view(
    get=extend_schema(summary="My matchmaking profile at an event, and its sessions",
                      responses={200: MyProfileSerializer, **errors(401, 404)}),
    put=extend_schema(summary="Write my matchmaking profile and choose my sessions", request=MyProfileSerializer,
                      responses={200: MyProfileSerializer, **errors(400, 401, 404, 415)}),
)
@extend_schema(tags=["matchmaking"])
class MyMeetingProfile(V1View):
    """A confirmed participant's profile: what they offer, seek and bring, and the sessions they
    attend with at most how many meetings in each. PUT replaces it whole (left out: empty)."""

    permission_classes = [IsAuthenticated]
    serializer_class = MyProfileSerializer
    pagination_class = None

    def get(self, request, pk: int):
        setup, registration = participating_registration(user=request.user, pk=pk)
        return Response(MyProfileSerializer(_profile_row(setup, registration,
                                                         selectors.profile_of(registration))).data)

    def put(self, request, pk: int):
        setup, registration = participating_registration(user=request.user, pk=pk)
        serializer = MyProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sessions = {s.pk: s for s in selectors.sessions_of(setup)}
        chosen = [row["session_id"] for row in data["sessions"]]
        if any(pk not in sessions for pk in chosen) or len(set(chosen)) != len(chosen):
            raise ValidationFailed(fields={"sessions": [_("Choose sessions of this event, each once.")]})
        profile = services.profile_save(
            actor=request.user, setup=setup, registration=registration, offers=data["offers"],
            seeks=data["seeks"], ideas=data["ideas"],
            caps={sessions[row["session_id"]]: row.get("cap") for row in data["sessions"]})
        return Response(MyProfileSerializer(_profile_row(setup, registration, profile)).data)


@extend_schema_view(get=extend_schema(summary="The other participants of a matchmaking event, suggested partners first",
                                      responses={200: ParticipantSerializer(many=True), **errors(401, 404)}))
@extend_schema(tags=["matchmaking"])
class MeetingParticipants(V1View):
    permission_classes = [IsAuthenticated]
    serializer_class = ParticipantSerializer
    pagination_class = None

    def get(self, request, pk: int):
        setup, profile = _profile(request, pk)
        if profile is None:
            return Response([])
        words = ReasonWords()
        rows = []
        for other in selectors.participants_for(profile):
            other.texts = words.texts(other.reasons)
            rows.append(other)
        return Response(ParticipantSerializer(rows, many=True).data)


@extend_schema_view(
    get=extend_schema(summary="My meeting requests at a matchmaking event, sent and received",
                      responses={200: MeetingRequestSerializer(many=True), **errors(401, 404)}),
    post=extend_schema(summary="Ask another participant for a meeting", request=MeetingRequestSerializer,
                       responses={201: MeetingRequestSerializer, **errors(400, 401, 404, 409, 415)}),
)
@extend_schema(tags=["matchmaking"])
class MeetingRequestList(V1View):
    permission_classes = [IsAuthenticated]
    serializer_class = MeetingRequestSerializer
    pagination_class = None

    def get(self, request, pk: int):
        setup, profile = _profile(request, pk)
        if profile is None:
            return Response([])
        received, sent = selectors.requests_of(profile)
        return Response(MeetingRequestSerializer(received + sent, many=True).data)

    def post(self, request, pk: int):
        setup, profile = _profile(request, pk)
        serializer = MeetingRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = _require_profile(profile)
        data = serializer.validated_data
        other = other_profile(profile=profile, pk=data["recipient_id"])
        created = services.request_send(actor=request.user, sender=profile, recipient=other, reason=data["reason"])
        return Response(MeetingRequestSerializer(created).data, status=status.HTTP_201_CREATED)


@extend_schema_view(post=extend_schema(summary="Accept or decline a meeting request sent to me",
                                       request=MeetingAnswerSerializer,
                                       responses={200: MeetingRequestSerializer, **errors(400, 401, 404, 409, 415)}))
@extend_schema(tags=["matchmaking"])
class MeetingRequestAnswer(V1View):
    permission_classes = [IsAuthenticated]
    serializer_class = MeetingAnswerSerializer

    def post(self, request, pk: int, request_pk: int):
        setup, profile = _profile(request, pk)
        serializer = MeetingAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting_request = own_meeting_request(profile=_require_profile(profile), pk=request_pk)
        if meeting_request.recipient_id != profile.pk:
            raise ValidationFailed(_("Only the participant asked answers a meeting request."))
        answered = services.request_answer(actor=request.user, request=meeting_request,
                                           accept=serializer.validated_data["decision"] == "accept")
        return Response(MeetingRequestSerializer(answered).data)


@extend_schema_view(post=extend_schema(summary="Withdraw a meeting request I sent", request=None,
                                       responses={200: MeetingRequestSerializer, **errors(400, 401, 404, 409)}))
@extend_schema(tags=["matchmaking"])
class MeetingRequestCancel(V1View):
    """The sender withdraws a request, answered or not; its meeting, if it had one, is freed."""

    permission_classes = [IsAuthenticated]
    serializer_class = MeetingRequestSerializer

    def post(self, request, pk: int, request_pk: int):
        setup, profile = _profile(request, pk)
        meeting_request = own_meeting_request(profile=_require_profile(profile), pk=request_pk)
        if meeting_request.sender_id != profile.pk:
            raise ValidationFailed(_("Only the participant who asked withdraws a meeting request."))
        services.request_cancel(actor=request.user, request=meeting_request)
        meeting_request.refresh_from_db()
        return Response(MeetingRequestSerializer(meeting_request).data)


@extend_schema_view(get=extend_schema(summary="My agenda at a matchmaking event",
                                      responses={200: MeetingSerializer(many=True), **errors(401, 404)}))
@extend_schema(tags=["matchmaking"])
class MeetingAgenda(V1View):
    permission_classes = [IsAuthenticated]
    serializer_class = MeetingSerializer
    pagination_class = None

    def get(self, request, pk: int):
        setup, profile = _profile(request, pk)
        meetings = selectors.agenda_of(profile) if profile is not None else []
        return Response(MeetingSerializer(_meeting_rows(meetings), many=True).data)


@extend_schema_view(get=extend_schema(summary="The whole meeting schedule of a matchmaking event, for its organisers",
                                      responses={200: ScheduleSerializer, **errors(401, 404)}))
@extend_schema(tags=["matchmaking"])
class MeetingSchedule(V1View):
    permission_classes = [IsAuthenticated]
    serializer_class = ScheduleSerializer
    pagination_class = None

    def get(self, request, pk: int):
        setup = organised_meetings(user=request.user, pk=pk)
        meetings = selectors.schedule_meetings(setup)
        return Response(ScheduleSerializer({
            "published": setup.published, "scheduled_count": setup.scheduled_count,
            "scheduled_bound": setup.scheduled_bound, "meetings": _meeting_rows(meetings)}).data)
