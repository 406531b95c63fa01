"""The events' private data and when it goes.

Rule "event participation": what a participant tells the organisers about themselves for one event
is kept until `KOPA_PRIVATE_DATA_RETENTION_DAYS` (30 by default) after the event ends, then deleted.
Before it goes, the anonymous counts (participants, how many declared access needs, diets) are kept
in `PrivacyCounts`, and the event's history records how many rows went.

- participation details (access needs, diet, emergency contact): deleted;
- travel details (origin, times, mode, grant): deleted;
- ride sharing: offers (a driver's home town and notes) and requests (a passenger's town) are
  deleted — after the event nobody needs to find a ride;
- rooms: requests (nights, whom to share with) and allocations (who slept in which room) are
  deleted; the room types and rooms stay, so the venue's layout is kept for next time;
- answers to the event's own questions, and their uploaded files (deleted from storage): deleted.
"""

from kopa.core import privacy
from kopa.events.models import (
    Answer,
    ParticipationDetails,
    RideOffer,
    RideRequest,
    RoomAllocation,
    RoomRequest,
    TravelDetails,
)
from kopa.events.registration.participation import (
    PARTICIPATION_RULE,
    events_due_for_purge,
    privacy_counts_keep,
    purge_audit,
)

privacy.rule(
    PARTICIPATION_RULE,
    description="What a participant tells the organisers, until the retention period after the event.",
    due=events_due_for_purge,
    keep=privacy_counts_keep,
    after=purge_audit,
)

for model, owner in [
    (ParticipationDetails, "registration__event"),
    (TravelDetails, "registration__event"),
    (RideRequest, "event"),  # before the offers they may point to
    (RideOffer, "event"),
    (RoomAllocation, "registration__event"),
    (RoomRequest, "registration__event"),
    (Answer, "registration__event"),
]:
    privacy.declare(model, rule=PARTICIPATION_RULE, owner=owner)
