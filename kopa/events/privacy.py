"""The events' private data and when it goes.

Rule "event participation": what a participant tells the organisers about themselves for one event
is kept until `KOPA_PRIVATE_DATA_RETENTION_DAYS` (30 by default) after the event ends, then deleted.
Before it goes, the anonymous counts (participants, how many declared access needs, diets) and the
date are kept in `PrivacyCounts`, and the event's history records how many rows went.

- participation details (access needs, diet, emergency contact): deleted;
- travel details: where from, arrival and departure are emptied; the means of transport, green
  travel, distance, band and grant stay for the grant report;
- check-in codes: emptied (nobody checks in any more);
- ride sharing: offers (a driver's home town and notes) and requests (a passenger's town) are
  deleted — after the event nobody needs to find a ride;
- rooms: requests (nights, whom to share with) and allocations (who slept in which room) are
  deleted; the room types and rooms stay, so the venue's layout is kept for next time;
- answers to the event's own questions, and their uploaded files (deleted from storage): deleted.

Rule "event registration": `KOPA_REGISTRATION_RETENTION_DAYS` (365 by default, never before the rule
above) after the event ends, the registrations are pseudonymised: first and last name, e-mail
address, the organisation name the person typed and their role are emptied (pages then say
"Participant <number>"), and so is the participant's own text about what they learned (kept this
long for the certificate); the registrations' history forgets the same values. The registration
itself stays with its status, sending country, country of residence, the organisation of the
directory it is linked to, its check-ins and its travel grant line.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.core.i18n import pick
from kopa.events.models import (
    Answer,
    Attendance,
    LearningRecord,
    ParticipationDetails,
    Registration,
    RideOffer,
    RideRequest,
    RoomAllocation,
    RoomRequest,
    TravelDetails,
)
from kopa.events.registration.participation import (
    PARTICIPATION_RULE,
    REGISTRATION_PRIVATE_FIELDS,
    REGISTRATION_RULE,
    events_due_for_purge,
    privacy_counts_keep,
    purge_audit,
    registrations_due_for_purge,
    registrations_purge_audit,
    registrations_purged_keep,
)

privacy.rule(
    PARTICIPATION_RULE,
    description="What a participant tells the organisers, until the retention period after the event.",
    due=events_due_for_purge,
    keep=privacy_counts_keep,
    after=purge_audit,
)

# Registered after "event participation": one run of purge_due() past both periods does both.
privacy.rule(
    REGISTRATION_RULE,
    description="Who registered (names, e-mail, typed organisation, free text), for the longer "
    "retention period after the event.",
    due=registrations_due_for_purge,
    keep=registrations_purged_keep,
    after=registrations_purge_audit,
)

privacy.declare(TravelDetails, rule=PARTICIPATION_RULE, owner="registration__event",
                blank=("origin", "arrival", "departure"),
                why="the grant figures (mode, green, distance, band, grant) stay for the report")
privacy.declare(Registration, rule=PARTICIPATION_RULE, owner="event", blank=("checkin_code",))
privacy.declare(Registration, rule=REGISTRATION_RULE, owner="event",
                blank=REGISTRATION_PRIVATE_FIELDS,
                why="the registration stays, pseudonymised, for the counts and the grant report")
privacy.declare(LearningRecord, rule=REGISTRATION_RULE, owner="registration__event",
                blank=("outcomes",), why="kept as long as the name for the certificate")

for model, owner in [
    (ParticipationDetails, "registration__event"),
    (RideRequest, "event"),  # before the offers they may point to
    (RideOffer, "event"),
    (RoomAllocation, "registration__event"),
    (RoomRequest, "registration__event"),
    (Answer, "registration__event"),
]:
    privacy.declare(model, rule=PARTICIPATION_RULE, owner=owner)


# --- a person's registrations, for "My data" and access requests -----------------------------------


def subject_registrations(subject: privacy.Subject):
    """The registrations of `subject`: made with their account or with their address."""
    match = Q(pk__in=[])
    for address in subject.emails:
        match |= Q(email__iexact=address)
    if subject.user is not None:
        match |= Q(user=subject.user)
    return Registration.objects.filter(match).select_related("event").order_by("created_at", "pk")


def _registration_record(registration: Registration) -> list[tuple[str, str]]:
    record = [(str(_("Event")), str(registration.event))]
    record += privacy.values(registration, (
        "first_name", "last_name", "email", "country_of_residence", "organisation_name", "role",
        "language", "sending_country", "status", "created_at"))
    details = ParticipationDetails.objects.filter(registration=registration).first()
    if details is not None:
        record += privacy.values(details, (
            "has_access_needs", "access_needs", "diet", "diet_notes", "emergency_contact_name",
            "emergency_contact_phone"))
    travel = TravelDetails.objects.filter(registration=registration).select_related("origin").first()
    if travel is not None:
        record += privacy.values(travel, ("origin", "mode", "arrival", "departure", "grant_eur"))
    room = RoomRequest.objects.filter(registration=registration).select_related("room_type").first()
    if room is not None:
        record += privacy.values(room, ("room_type", "first_night", "last_night", "share_with"))
    allocation = RoomAllocation.objects.filter(registration=registration).select_related("room").first()
    if allocation is not None:
        record += privacy.values(allocation, ("room",))
    for offer in RideOffer.objects.filter(driver=registration).select_related("origin"):
        record += [(str(_("Ride offered")), str(offer.origin))] + privacy.values(offer, ("notes",))
    for request in RideRequest.objects.filter(passenger=registration).select_related("origin"):
        record.append((str(_("Ride asked for")), str(request.origin)))
    for answer in Answer.objects.filter(registration=registration).select_related("question"):
        value = answer.value
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        shown = answer.file.name.rsplit("/", 1)[-1] if answer.file else ("" if value is None else str(value))
        record.append((pick(answer.question.label), shown))
    learning = LearningRecord.objects.filter(registration=registration).first()
    if learning is not None:
        record.append((str(_("Learning outcomes")),
                       "; ".join(str(v) for v in (learning.outcomes or {}).values() if v)))
    days = Attendance.objects.filter(registration=registration).values_list("day", flat=True)
    if days:
        record.append((str(_("Attendance")), ", ".join(d.isoformat() for d in days)))
    return record


def _registrations(subject):
    return [_registration_record(r) for r in subject_registrations(subject)]


privacy.subject(
    "registrations", title=_("Registrations for events"), collect=_registrations, order=40,
    links={Registration: ("user", "email")},
)
privacy.subject_exempt(Attendance, fields=("checked_in_by",), why="staff at work: who checked someone in")
