"""The matchmaking app's data, one module per part; import from here."""

from kopa.matchmaking.models.alerts import SavedSearch  # noqa: F401
from kopa.matchmaking.models.ideas import IdeaPartner, ProjectIdea  # noqa: F401
from kopa.matchmaking.models.meetings import (  # noqa: F401
    Attendance,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    MeetingSession,
    MeetingTable,
    Profile,
    Slot,
)
from kopa.matchmaking.models.pairing import MentorPairing  # noqa: F401
from kopa.matchmaking.models.requests import (  # noqa: F401
    ACTIONS,
    Interest,
    PartnerRequest,
    round_choices,
    round_label,
)
from kopa.matchmaking.models.suggestions import DismissedSuggestion  # noqa: F401
