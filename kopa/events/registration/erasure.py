"""Erasing one person's registrations when they delete their account (or an agency grants an
erasure request).

An event that has begun keeps the registration, counted: its status, countries, check-ins, the
organisation of the directory it is linked to and its travel grant line stay; the personal fields are
emptied exactly as the retention rules of `kopa/events/privacy.py` would empty them later (the
participation details, answers and their files, rooms and rides are deleted; the travel details keep
only what the grant report needs), and the history forgets the same values. A registration for an
event still to come is first cancelled through the ordinary cancellation (`registration_cancel`), so a
held place goes to the next person on the waiting list; then it is emptied the same way. An
unconfirmed registration (its address was never confirmed) is deleted.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from kopa.core import audit, privacy
from kopa.core.models import AuditEntry
from kopa.events.models import (
    Answer,
    LearningRecord,
    ParticipationDetails,
    Registration,
    RideOffer,
    RideRequest,
    RoomAllocation,
    RoomRequest,
    TravelDetails,
)
from kopa.events.models.registration import TRANSITIONS
from kopa.events.registration.participation import REGISTRATION_PRIVATE_FIELDS
from kopa.events.registration.services import registration_cancel

S = Registration.Status


def registration_erase(*, registration: Registration, actor, now: datetime | None = None) -> str:
    """Cancel (if the event is still to come) and empty `registration`'s personal data.
    Returns what happened: "deleted", "cancelled" or "anonymised". Raises PermissionDenied."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status == S.UNCONFIRMED:
            audit.forget(Registration, {registration.pk: _private_values(registration)})
            registration.delete()
            return "deleted"
        outcome = "anonymised"
        if registration.event.start > now and (
            {S.CANCELLED, S.DECLINED} & TRANSITIONS.get(registration.status, frozenset())
        ):
            # Cancelled on the person's behalf: as themself when the registration is theirs by account.
            registration = registration_cancel(registration=registration,
                                               actor=registration.user or actor, now=now)
            outcome = "cancelled"
        registration_anonymise(registration=registration)
    return outcome


@transaction.atomic
def registration_anonymise(*, registration: Registration) -> Registration:
    """Empty `registration`'s personal data as the retention rules would (see the module)."""
    audit.forget(Registration, {registration.pk: _private_values(registration)})
    RideRequest.objects.filter(passenger=registration).delete()
    RideOffer.objects.filter(driver=registration).delete()
    answers = Answer.objects.filter(registration=registration)
    stored = [(a.file.storage, a.file.name) for a in answers if a.file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
    answers.delete()
    for model in (ParticipationDetails, RoomAllocation, RoomRequest):
        model.objects.filter(registration=registration).delete()
    TravelDetails.objects.filter(registration=registration).update(
        **privacy.blank_values(TravelDetails, ("origin", "arrival", "departure")))
    LearningRecord.objects.filter(registration=registration).update(outcomes={})
    Registration.objects.filter(pk=registration.pk).update(
        user=None, checkin_code=None,
        **privacy.blank_values(Registration, REGISTRATION_PRIVATE_FIELDS))
    registration.refresh_from_db()
    audit.record(actor=None, obj=registration, action=AuditEntry.Action.UPDATE,
                 changes={"private_data_purged": [None, "erasure"]})
    return registration


def _private_values(registration: Registration) -> set[str]:
    first, last = registration.first_name, registration.last_name
    return {first, last, f"{first} {last}", str(registration), registration.email,
            registration.organisation_name, registration.role}
