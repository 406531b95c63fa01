"""Writes of a matchmaking event: the organiser's setup (sessions cut into slots, tables, rules),
profiles and sessions of participants, meeting requests and answers, the scheduler's result, pins,
publishing agendas, and on the day marking meetings and booking an empty slot. Each in one
transaction, audited; the setup row is locked first by every write that takes a slot or a table.
The scheduler also reminds recipients of requests left unanswered (`request_reminders_send`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.events.access import require_organiser
from kopa.events.models import PARTICIPANT_STATUSES, Event, Registration
from kopa.events.registration.selectors import participation_details
from kopa.matchmaking import notifications
from kopa.matchmaking.access import (
    require_meeting_marker,
    require_meetings_organiser,
    require_profile_owner,
    require_request_party,
)
from kopa.matchmaking.models import (
    Attendance,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    MeetingSession,
    MeetingTable,
    Profile,
    Slot,
)
from kopa.matchmaking.rules import table_needs

R = MeetingRequest.Status
REASON_MAX = 1000
TEXT_MAX = 3000
TABLES_MAX = 500


def _locked(setup: MatchmakingSetup) -> MatchmakingSetup:
    return MatchmakingSetup.objects.select_for_update().select_related("event").get(pk=setup.pk)


# --- the organiser's setup ---------------------------------------------------------------------------


def setup_save(*, actor, event: Event, auto_accept: bool, participants_pick_slots: bool,
               requests_open: bool, max_in_a_row: int) -> MatchmakingSetup:
    """Turn meetings on for `event`, or change their rules."""
    require_organiser(actor, event)
    if not 1 <= int(max_in_a_row) <= 20:
        raise ValidationFailed(fields={"max_in_a_row": [_("Choose a number from 1 to 20.")]})
    with transaction.atomic():
        setup, created = MatchmakingSetup.objects.select_for_update().get_or_create(event=event)
        setup.auto_accept, setup.participants_pick_slots = auto_accept, participants_pick_slots
        setup.requests_open, setup.max_in_a_row = requests_open, max_in_a_row
        setup.save()
        audit.record(actor=actor, obj=setup, action="created" if created else "updated", changes={
            "auto_accept": auto_accept, "participants_pick_slots": participants_pick_slots,
            "requests_open": requests_open, "max_in_a_row": max_in_a_row})
    return setup


def session_add(*, actor, setup: MatchmakingSetup, name: str, start, end, slot_minutes: int) -> MeetingSession:
    """A session from `start` to `end`, cut into slots of `slot_minutes` (15–30); a remainder
    shorter than a slot is left free."""
    require_meetings_organiser(actor, setup)
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the session a name.")]
    if not 15 <= int(slot_minutes) <= 30:
        errors["slot_minutes"] = [_("A meeting lasts from 15 to 30 minutes.")]
    elif end <= start:
        errors["end"] = [_("The session must end after it starts.")]
    elif (end - start) < timedelta(minutes=slot_minutes):
        errors["end"] = [_("The session is shorter than one meeting.")]
    elif (end - start) > timedelta(hours=12):
        errors["end"] = [_("A session lasts at most 12 hours.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        setup = _locked(setup)
        overlapping = setup.sessions.filter(start__lt=end, end__gt=start).exists()
        if overlapping:
            raise ValidationFailed(fields={"start": [_("This session overlaps another session.")]})
        session = MeetingSession.objects.create(setup=setup, name=name.strip(), start=start, end=end,
                                                slot_minutes=slot_minutes)
        length, at, slots = timedelta(minutes=slot_minutes), start, []
        while at + length <= end:
            slots.append(Slot(session=session, position=len(slots), start=at, end=at + length))
            at += length
        Slot.objects.bulk_create(slots)
        audit.record(actor=actor, obj=session, action="created",
                     changes={"name": session.name, "slots": len(slots)})
    return session


def session_delete(*, actor, session: MeetingSession) -> None:
    require_meetings_organiser(actor, session.setup)
    with transaction.atomic():
        _locked(session.setup)
        if Meeting.objects.filter(slot__session=session).exists():
            raise Conflict(_("Meetings are scheduled in this session: clear the schedule first."))
        audit.record(actor=actor, obj=session.setup, action="delete", changes={"session": session.name})
        session.delete()


def tables_add(*, actor, setup: MatchmakingSetup, count: int, step_free: bool, quiet: bool) -> list:
    """`count` more tables, numbered after the last one."""
    require_meetings_organiser(actor, setup)
    if not 1 <= int(count) <= TABLES_MAX:
        raise ValidationFailed(fields={"count": [_("Add from 1 to %(n)s tables at a time.") % {"n": TABLES_MAX}]})
    with transaction.atomic():
        setup = _locked(setup)
        last = setup.tables.order_by("-number").values_list("number", flat=True).first() or 0
        if last + count > 32000:
            raise ValidationFailed(fields={"count": [_("That is too many tables.")]})
        tables = MeetingTable.objects.bulk_create([
            MeetingTable(setup=setup, number=last + i + 1, step_free=step_free, quiet=quiet)
            for i in range(count)])
        audit.record(actor=actor, obj=setup, action="tables",
                     changes={"count": count, "step_free": step_free, "quiet": quiet})
    return tables


def table_needs_set(*, actor, profile: Profile, step_free: bool, quiet: bool) -> None:
    """The organiser decides which table a participant needs (from their declared access needs)."""
    require_organiser(actor, profile.setup.event)
    with transaction.atomic():
        Profile.objects.filter(pk=profile.pk).update(needs_step_free=step_free, needs_quiet=quiet)
        audit.record(actor=actor, obj=profile, action="update")  # never what they are


# --- participants ------------------------------------------------------------------------------------


def profile_save(*, actor, setup: MatchmakingSetup, registration: Registration, offers: str, seeks: str,
                 ideas: str, caps: dict) -> Profile:
    """Create or change `actor`'s profile; `caps` is {session: cap or None} for the sessions attended."""
    if registration.user_id != getattr(actor, "pk", None) or registration.status not in PARTICIPANT_STATUSES \
            or registration.event_id != setup.event_id:
        raise ValidationFailed(_("Only a confirmed participant has a matchmaking profile."))
    errors = {}
    for name, value in (("offers", offers), ("seeks", seeks), ("ideas", ideas)):
        if len(value or "") > TEXT_MAX:
            errors[name] = [_("Write at most %(n)s characters.") % {"n": TEXT_MAX}]
    if any(s.setup_id != setup.pk for s in caps):
        errors["sessions"] = [_("Choose sessions of this event.")]
    if any(c is not None and not 1 <= c <= 50 for c in caps.values()):
        errors["sessions"] = [_("A cap is a number from 1 to 50.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(registration=registration).first()
        created = profile is None
        if created:
            details = participation_details(registration)
            step_free, quiet = table_needs(details.access_needs if details and details.has_access_needs else "")
            profile = Profile(setup=setup, registration=registration, needs_step_free=step_free,
                              needs_quiet=quiet, organisation_id=registration.organisation_id)
        profile.offers, profile.seeks, profile.ideas = offers.strip(), seeks.strip(), ideas.strip()
        profile.save()
        profile.attendances.exclude(session__in=list(caps)).delete()
        for session, cap in caps.items():
            Attendance.objects.update_or_create(profile=profile, session=session, defaults={"cap": cap})
        audit.record(actor=actor, obj=profile, action="created" if created else "updated",
                     changes={"sessions": sorted(s.pk for s in caps)})
    return profile


def request_send(*, actor, sender: Profile, recipient: Profile, reason: str) -> MeetingRequest:
    require_profile_owner(actor, sender)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": [_("Say why you would like to meet.")]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(fields={"reason": [_("Write at most %(n)s characters.") % {"n": REASON_MAX}]})
    if recipient.setup_id != sender.setup_id or recipient.pk == sender.pk:
        raise ValidationFailed(_("Choose another participant of this event."))
    setup = sender.setup
    if not setup.requests_open:
        raise Conflict(_("Meeting requests are closed for this event."))
    if MeetingRequest.objects.filter(status__in=[R.REQUESTED, R.ACCEPTED]).filter(
            Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender)).exists():
        raise Conflict(_("You already have a meeting request with this participant."))
    try:
        with transaction.atomic():
            status = R.ACCEPTED if setup.auto_accept else R.REQUESTED
            request = MeetingRequest.objects.create(
                setup=setup, sender=sender, recipient=recipient, reason=reason, status=status,
                answered_at=timezone.now() if status == R.ACCEPTED else None)
            audit.record(actor=actor, obj=request, action="sent", changes={"status": status})
            transaction.on_commit(lambda: notifications.meeting_requested(request))
    except IntegrityError as exc:
        raise Conflict(_("You already have a meeting request with this participant.")) from exc
    return request


def _free_table(setup: MatchmakingSetup, slot: Slot, needs_step_free: bool, needs_quiet: bool):
    tables = setup.tables.exclude(meetings__slot=slot)
    if needs_step_free:
        tables = tables.filter(step_free=True)
    if needs_quiet:
        tables = tables.filter(quiet=True)
    return tables.order_by("step_free", "quiet", "number").first()


def _busy(profile: Profile, slot: Slot) -> bool:
    return Meeting.objects.filter(slot=slot).filter(
        Q(request__sender=profile) | Q(request__recipient=profile)).exists()


def _place(setup, request: MeetingRequest, slot: Slot) -> Meeting:
    """Put an accepted request in `slot` at a free fitting table (the setup is locked)."""
    a, b = request.sender, request.recipient
    sessions = set(a.attendances.values_list("session_id", flat=True)) & set(
        b.attendances.values_list("session_id", flat=True))
    if slot.session.setup_id != setup.pk or slot.session_id not in sessions:
        raise ValidationFailed(fields={"slot": [_("Choose a slot of a session you both attend.")]})
    if _busy(a, slot) or _busy(b, slot):
        raise ValidationFailed(fields={"slot": [_("One of you already has a meeting in this slot.")]})
    for profile in (a, b):
        cap = profile.attendances.filter(session_id=slot.session_id).values_list("cap", flat=True).first()
        if cap is not None and Meeting.objects.filter(slot__session_id=slot.session_id).filter(
                Q(request__sender=profile) | Q(request__recipient=profile)).count() >= cap:
            raise ValidationFailed(fields={"slot": [_("The session is full for one of you.")]})
    table = _free_table(setup, slot, a.needs_step_free or b.needs_step_free, a.needs_quiet or b.needs_quiet)
    if table is None:
        raise ValidationFailed(fields={"slot": [_("No table is free in this slot.")]})
    return Meeting.objects.create(request=request, slot=slot, table=table)


def request_answer(*, actor, request: MeetingRequest, accept: bool, slot: Slot | None = None) -> MeetingRequest:
    """The recipient accepts or declines; when the organiser lets participants pick, an accepted
    request may take a free slot at once."""
    require_request_party(actor, request, side="recipient")
    with transaction.atomic():
        setup = _locked(request.setup)
        request = MeetingRequest.objects.select_for_update().select_related(
            "sender", "recipient").get(pk=request.pk)
        if request.status != R.REQUESTED:
            raise Conflict(_("This request has already been answered."))
        request.status = R.ACCEPTED if accept else R.DECLINED
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "answered_at"])
        if accept and slot is not None:
            if not setup.participants_pick_slots:
                raise ValidationFailed(fields={"slot": [_("The organisers schedule the meetings of this event.")]})
            _place(setup, request, slot)
        audit.record(actor=actor, obj=request, action="answered", changes={"status": request.status})
        transaction.on_commit(lambda: notifications.meeting_answered(request))
    return request


def request_cancel(*, actor, request: MeetingRequest) -> None:
    """The sender withdraws a request (and its meeting, if it had one)."""
    require_request_party(actor, request, side="sender")
    with transaction.atomic():
        _locked(request.setup)
        request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in (R.REQUESTED, R.ACCEPTED):
            raise Conflict(_("This request is no longer open."))
        request.status = R.CANCELLED
        request.save(update_fields=["status"])
        Meeting.objects.filter(request=request).delete()
        audit.record(actor=actor, obj=request, action="cancelled")


def request_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail the recipient of every meeting request still unanswered after
    `KOPA_MEETING_REMINDER_HOURS` (48), or after `KOPA_MEETING_REMINDER_SOON_HOURS` (12) when the
    event starts within `KOPA_MEETING_REMINDER_SOON_DAYS` (3) days; once per request, and never once
    the event has started or was cancelled, the request was answered or withdrawn, or either person no
    longer has a place. Returns how many were reminded."""
    now = now or timezone.now()
    late = now - timedelta(hours=settings.KOPA_MEETING_REMINDER_HOURS)
    soon_late = now - timedelta(hours=settings.KOPA_MEETING_REMINDER_SOON_HOURS)
    soon = now + timedelta(days=settings.KOPA_MEETING_REMINDER_SOON_DAYS)
    due = (MeetingRequest.objects
           .filter(status=R.REQUESTED, reminded_at__isnull=True, setup__event__status=Event.Status.PUBLISHED,
                   setup__event__start__gt=now, sender__registration__status__in=PARTICIPANT_STATUSES,
                   recipient__registration__status__in=PARTICIPANT_STATUSES)
           .filter(Q(created_at__lte=late) | Q(created_at__lte=soon_late, setup__event__start__lte=soon))
           .exclude(recipient__registration__email="")
           .select_related("setup__event", "sender__registration", "recipient__registration")
           .order_by("created_at", "id"))
    sent = 0
    for request in due:
        with transaction.atomic():
            # Claimed first: two runs at once remind once, and an answer given meanwhile stops it.
            claimed = MeetingRequest.objects.filter(pk=request.pk, status=R.REQUESTED,
                                                    reminded_at__isnull=True).update(reminded_at=now)
            if claimed:
                notifications.meeting_request_reminder(request)
                sent += 1
    return sent


# --- scheduling and agendas ---------------------------------------------------------------------------


def schedule_store(*, actor, setup: MatchmakingSetup, result, instance_requests: set) -> int:
    """Replace the meetings of the scheduled requests by `result` (pinned meetings stay). Returns
    how many meetings moved from where they were announced."""
    require_meetings_organiser(actor, setup)
    with transaction.atomic():
        setup = _locked(setup)
        current = {m.request_id: m for m in Meeting.objects.filter(request__setup=setup)}
        chosen = {a.request: a for a in result.assignments}
        replaced = [rid for rid, m in current.items() if not m.pinned and (rid in chosen or rid in instance_requests)]
        Meeting.objects.filter(request_id__in=replaced).delete()  # frees every (slot, table) first
        moved = 0
        for rid in replaced:
            old, new = current[rid], chosen.get(rid)
            if old.announced_slot_id and (new is None or (old.announced_slot_id, old.announced_table_id)
                                          != (new.slot, new.table)):
                moved += 1
        Meeting.objects.bulk_create([
            Meeting(request_id=rid, slot_id=a.slot, table_id=a.table,
                    announced_slot_id=current[rid].announced_slot_id if rid in current else None,
                    announced_table_id=current[rid].announced_table_id if rid in current else None,
                    outcome=current[rid].outcome if rid in current else Meeting.Outcome.PLANNED)
            for rid, a in chosen.items() if not (rid in current and current[rid].pinned)])
        setup.scheduled_at = timezone.now()
        setup.scheduled_count, setup.scheduled_bound = result.objective, result.bound
        setup.scheduled_status, setup.scheduled_moved = result.status, moved
        setup.save(update_fields=["scheduled_at", "scheduled_count", "scheduled_bound", "scheduled_status",
                                  "scheduled_moved"])
        audit.record(actor=actor, obj=setup, action="scheduled", changes={
            "scheduled": result.objective, "bound": result.bound, "status": result.status, "moved": moved})
    return moved


def meeting_pin(*, actor, meeting: Meeting, pinned: bool) -> None:
    require_meetings_organiser(actor, meeting.request.setup)
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(pinned=pinned)
        audit.record(actor=actor, obj=meeting, action="pinned" if pinned else "unpinned")


def agenda_publish(*, actor, setup: MatchmakingSetup, stage: str) -> int:
    """Publish the preliminary or final agenda: each participant with a profile gets theirs by
    e-mail in their language. Returns how many were told."""
    require_meetings_organiser(actor, setup)
    P = MatchmakingSetup.Published
    if stage not in (P.PRELIMINARY, P.FINAL):
        raise ValidationFailed(_("Choose the preliminary or the final agenda."))
    with transaction.atomic():
        setup = _locked(setup)
        if setup.published == P.FINAL and stage == P.PRELIMINARY:
            raise Conflict(_("The final agenda is already published."))
        meetings = Meeting.objects.filter(request__setup=setup)
        for meeting in meetings:
            meeting.announced_slot_id, meeting.announced_table_id = meeting.slot_id, meeting.table_id
        Meeting.objects.bulk_update(meetings, ["announced_slot", "announced_table"])
        setup.published, setup.published_at = stage, timezone.now()
        setup.save(update_fields=["published", "published_at"])
        profiles = list(Profile.objects.filter(setup=setup, registration__status__in=PARTICIPANT_STATUSES)
                        .select_related("registration"))
        audit.record(actor=actor, obj=setup, action="publish",
                     changes={"stage": stage, "participants": len(profiles)})
        transaction.on_commit(lambda: notifications.agenda_published(setup, profiles))
    return len(profiles)


def meeting_mark(*, actor, meeting: Meeting, outcome: str) -> None:
    require_meeting_marker(actor, meeting)
    if outcome not in Meeting.Outcome.values:
        raise ValidationFailed(_("Choose held or no-show."))
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(outcome=outcome)
        audit.record(actor=actor, obj=meeting, action="marked", changes={"outcome": outcome})


def meeting_book(*, actor, profile: Profile, other: Profile, slot: Slot) -> Meeting:
    """On the day: meet someone who is also free in an empty slot, at a free table (the request is
    accepted by both at once, since both are there)."""
    require_profile_owner(actor, profile)
    if other.setup_id != profile.setup_id or other.pk == profile.pk:
        raise ValidationFailed(_("Choose another participant of this event."))
    with transaction.atomic():
        setup = _locked(profile.setup)
        if MeetingRequest.objects.filter(status__in=[R.REQUESTED, R.ACCEPTED]).filter(
                Q(sender=profile, recipient=other) | Q(sender=other, recipient=profile)).exists():
            raise Conflict(_("You already have a meeting request with this participant."))
        request = MeetingRequest.objects.create(setup=setup, sender=profile, recipient=other,
                                                reason=_("Booked on the day."), status=R.ACCEPTED,
                                                answered_at=timezone.now())
        meeting = _place(setup, request, slot)
        audit.record(actor=actor, obj=meeting, action="booked")
        transaction.on_commit(lambda: notifications.meeting_booked(meeting))
    return meeting
