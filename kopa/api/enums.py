"""Choice sets given fixed names in the OpenAPI document (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]):
several models have a `type` or `status`, and each set keeps one stable name."""

from kopa.directory.models import Organisation
from kopa.events.models import Event, Registration
from kopa.library.models import Resource, ResourceVersion
from kopa.matchmaking.models import ProjectIdea
from kopa.outreach.models import Interaction, Stage

ORGANISATION_TYPES = Organisation.Type.choices
EVENT_TYPES = Event.Type.choices
EVENT_STATUSES = Event.Status.choices
REGISTRATION_STATUSES = Registration.Status.choices
INTERACTION_KINDS = Interaction.Kind.choices
FUNNEL_STAGES = Stage.choices
LIBRARY_KINDS = Resource.Kind.choices
LIBRARY_FORMATS = ResourceVersion.Format.choices
EVENT_FORMATS = Event.Format.choices
IDEA_STATUSES = ProjectIdea.Status.choices
