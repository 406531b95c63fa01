"""What the reports hold about people.

Activity reports: the photos of an event (faces) and their alternative texts are private data of the
event's participants. They are purged with the event's participation data (rule "event
participation", `kopa.events.privacy`): files and rows deleted; the reports, their figures and a PDF
already published in the library stay. Who created, finalised or uploaded is staff at work.
"""

from kopa.core import privacy
from kopa.events.registration.participation import PARTICIPATION_RULE
from kopa.reports.models import ActivityPhoto, ActivityReport, CycleNarrative

# --- activity reports -----------------------------------------------------------------------------

privacy.declare(ActivityPhoto, rule=PARTICIPATION_RULE, owner="report__event")
privacy.subject_exempt(ActivityReport, fields=("created_by", "finalised_by"),
                       why="staff at work: who wrote and finalised a report")
privacy.subject_exempt(ActivityPhoto, fields=("uploaded_by",), why="staff at work: who added a photo")

# --- cycle reports --------------------------------------------------------------------------------

privacy.subject_exempt(CycleNarrative, fields=("updated_by",), why="staff at work: who wrote a narrative")
