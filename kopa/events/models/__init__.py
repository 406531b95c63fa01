"""The events app's data, one module per part; import from here."""

from kopa.events.models.checkin import Attendance, LearningRecord  # noqa: F401
from kopa.events.models.event import Event  # noqa: F401
from kopa.events.models.participation import Barrier, ParticipationDetails, PrivacyCounts  # noqa: F401
from kopa.events.models.questions import Answer, Question  # noqa: F401
from kopa.events.models.registration import (  # noqa: F401
    ENDED_STATUSES,
    HELD_STATUSES,
    INITIAL_STATUSES,
    PARTICIPANT_STATUSES,
    TRANSITIONS,
    UNCONFIRMED_HOURS,
    IllegalTransition,
    Registration,
    WaitingListOffer,
    check_transition,
)
from kopa.events.models.rooms import Room, RoomAllocation, RoomRequest, RoomType  # noqa: F401
from kopa.events.models.travel import (  # noqa: F401
    BandTable,
    DistanceBand,
    Place,
    RideOffer,
    RideRequest,
    TransportMode,
    TravelDetails,
)
