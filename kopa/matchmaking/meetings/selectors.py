"""Reads of a matchmaking event: the profiles and requests a participant sees (with suggested
partners among the participants), agendas, the organiser's table plan, the figures, and the
scheduler's instance made of the event's data."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from kopa.events.models import PARTICIPANT_STATUSES
from kopa.matchmaking.models import (
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    MeetingSession,
    Profile,
    Slot,
)
from kopa.matchmaking.optimise import Instance, Participant, Request, Session, Table
from kopa.matchmaking.rules import score
from kopa.matchmaking.suggestions.selectors import organisation_profiles

R = MeetingRequest.Status


def meeting_events_of(user):
    """The matchmaking events `user` has a place at (by their account), soonest first."""
    if not getattr(user, "is_authenticated", False):
        return MatchmakingSetup.objects.none()
    return (MatchmakingSetup.objects.filter(event__registrations__user=user,
                                            event__registrations__status__in=PARTICIPANT_STATUSES)
            .select_related("event").distinct().order_by("event__start"))


def setup_of(event) -> MatchmakingSetup | None:
    return MatchmakingSetup.objects.filter(event=event).first()


def profile_of(registration) -> Profile | None:
    return Profile.objects.filter(registration=registration).select_related("organisation").first()


def sessions_of(setup: MatchmakingSetup):
    return MeetingSession.objects.filter(setup=setup).annotate(slot_count=Count("slots")).order_by("start")


def tables_of(setup: MatchmakingSetup):
    return setup.tables.order_by("number")


def participant_profiles(setup: MatchmakingSetup):
    return (Profile.objects.filter(setup=setup, registration__status__in=PARTICIPANT_STATUSES)
            .select_related("registration", "organisation").order_by("registration__last_name", "id"))


@dataclass
class OtherParticipant:
    profile: Profile
    total: int
    reasons: list


def participants_for(profile: Profile) -> list[OtherParticipant]:
    """The other participants, those suggested for `profile`'s organisation first (§2's reasons)."""
    others = list(participant_profiles(profile.setup).exclude(pk=profile.pk))
    ids = {p.organisation_id for p in others if p.organisation_id}
    if profile.organisation_id:
        ids.add(profile.organisation_id)
    scored = organisation_profiles(sorted(ids)) if ids else {}
    reader = scored.get(profile.organisation_id)
    out = []
    for other in others:
        candidate = scored.get(other.organisation_id)
        if reader is not None and candidate is not None and other.organisation_id != profile.organisation_id:
            total, reasons = score(reader, candidate)
        else:
            total, reasons = 0, []
        out.append(OtherParticipant(other, total, reasons))
    out.sort(key=lambda o: (-o.total, o.profile.registration.last_name, o.profile.pk))
    return out


def requests_of(profile: Profile):
    qs = MeetingRequest.objects.filter(setup_id=profile.setup_id).select_related(
        "sender__registration", "recipient__registration", "sender__organisation", "recipient__organisation")
    return (list(qs.filter(recipient=profile).order_by("-created_at")),
            list(qs.filter(sender=profile).order_by("-created_at")))


def request_with(profile: Profile, other: Profile) -> MeetingRequest | None:
    return MeetingRequest.objects.filter(status__in=[R.REQUESTED, R.ACCEPTED]).filter(
        Q(sender=profile, recipient=other) | Q(sender=other, recipient=profile)).first()


def agenda_of(profile: Profile):
    """`profile`'s meetings in time order, each with the other participant."""
    meetings = list(Meeting.objects.filter(Q(request__sender=profile) | Q(request__recipient=profile))
                    .select_related("slot__session", "table", "request__sender__registration",
                                    "request__recipient__registration", "request__sender__organisation",
                                    "request__recipient__organisation")
                    .order_by("slot__start", "table__number"))
    for meeting in meetings:
        request = meeting.request
        meeting.other = request.recipient if request.sender_id == profile.pk else request.sender
    return meetings


def free_slots(profile: Profile, other: Profile | None = None):
    """Slots of sessions `profile` (and `other`) attend in which neither has a meeting."""
    people = [p for p in (profile, other) if p is not None]
    sessions = None
    for p in people:
        ids = set(p.attendances.values_list("session_id", flat=True))
        sessions = ids if sessions is None else sessions & ids
    busy = Meeting.objects.filter(Q(request__sender__in=people) | Q(request__recipient__in=people)).values("slot_id")
    return Slot.objects.filter(session_id__in=sessions or []).exclude(pk__in=busy).select_related(
        "session").order_by("start")


def free_participants(profile: Profile, slot: Slot):
    """Participants attending `slot`'s session with no meeting in it (not `profile`)."""
    busy_requests = Meeting.objects.filter(slot=slot).values_list("request__sender_id", "request__recipient_id")
    busy = {pk for pair in busy_requests for pk in pair}
    return [p for p in participant_profiles(profile.setup).filter(attendances__session_id=slot.session_id)
            if p.pk not in busy and p.pk != profile.pk]


def accepted_requests(setup: MatchmakingSetup):
    return (MeetingRequest.objects.filter(setup=setup, status=R.ACCEPTED)
            .select_related("sender__registration", "recipient__registration", "meeting__slot",
                            "meeting__table").order_by("id"))


def staff_requests(setup: MatchmakingSetup, status: str = ""):
    qs = MeetingRequest.objects.filter(setup=setup).select_related(
        "sender__registration", "recipient__registration", "sender__organisation", "recipient__organisation")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def table_plan(setup: MatchmakingSetup):
    """[(slot, [(table, meeting or None)])] for every slot in time order."""
    tables = list(tables_of(setup))
    meetings = defaultdict(dict)
    for m in Meeting.objects.filter(request__setup=setup).select_related(
            "request__sender__registration", "request__recipient__registration",
            "request__sender__organisation", "request__recipient__organisation"):
        meetings[m.slot_id][m.table_id] = m
    slots = Slot.objects.filter(session__setup=setup).select_related("session").order_by("start")
    return tables, [(slot, [(t, meetings[slot.pk].get(t.pk)) for t in tables]) for slot in slots]


@dataclass
class Figures:
    requested: int
    accepted: int
    scheduled: int
    held: int
    participants: int
    countries: int


def figures(setup: MatchmakingSetup) -> Figures:
    requests = MeetingRequest.objects.filter(setup=setup)
    profiles = participant_profiles(setup)
    countries = set(profiles.exclude(registration__sending_country="").values_list(
        "registration__sending_country", flat=True))
    return Figures(
        requested=requests.count(),
        accepted=requests.filter(status=R.ACCEPTED).count(),
        scheduled=Meeting.objects.filter(request__setup=setup, request__status=R.ACCEPTED).count(),
        held=Meeting.objects.filter(request__setup=setup, outcome=Meeting.Outcome.HELD).count(),
        participants=profiles.count(),
        countries=len(countries),
    )


def schedule_instance(setup: MatchmakingSetup, *, time_limit: float = 10.0) -> Instance:
    """The scheduler's instance: participants with their sessions, caps and table needs, the sessions'
    slots, the tables, every accepted request (pinned meetings as pins) and where published
    meetings were announced (so rescheduling keeps them where it can)."""
    profiles = list(Profile.objects.filter(setup=setup, registration__status__in=PARTICIPANT_STATUSES)
                    .prefetch_related("attendances"))
    present = {p.pk for p in profiles}
    participants = [Participant(p.pk, frozenset(a.session_id for a in p.attendances.all()),
                                caps={a.session_id: a.cap for a in p.attendances.all() if a.cap},
                                step_free=p.needs_step_free, quiet=p.needs_quiet) for p in profiles]
    sessions = [Session(s.pk, tuple(s.slots.order_by("position").values_list("pk", flat=True)))
                for s in MeetingSession.objects.filter(setup=setup).order_by("start")]
    tables = [Table(t.pk, step_free=t.step_free, quiet=t.quiet) for t in tables_of(setup)]
    requests, previous = [], {}
    for r in MeetingRequest.objects.filter(setup=setup, status=R.ACCEPTED).select_related("meeting"):
        if r.sender_id not in present or r.recipient_id not in present:
            continue
        meeting = getattr(r, "meeting", None)
        pin = (meeting.slot_id, meeting.table_id) if meeting is not None and meeting.pinned else None
        requests.append(Request(r.pk, r.sender_id, r.recipient_id, pin=pin))
        if meeting is not None and meeting.announced_slot_id and meeting.announced_table_id and pin is None:
            previous[r.pk] = (meeting.announced_slot_id, meeting.announced_table_id)
    return Instance(participants=participants, sessions=sessions, tables=tables, requests=requests,
                    max_in_a_row=setup.max_in_a_row, previous=previous, time_limit=time_limit)


def schedule_meetings(setup: MatchmakingSetup):
    return (Meeting.objects.filter(request__setup=setup).select_related("slot", "table", "request")
            .order_by("slot__start", "table__number"))
