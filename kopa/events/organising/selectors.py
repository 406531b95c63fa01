"""Reads for the organisers' event management: their agency's events and each event's questions.

The event itself is looked up through the gate `kopa.events.access.organised_event`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from kopa.agencies.models import Agency
from kopa.agencies.selectors import can_manage_agency
from kopa.core.errors import NotFound
from kopa.core.models import AuditEntry
from kopa.events.calendar.selectors import with_places_held
from kopa.events.models import Event, Question

HISTORY_LENGTH = 50


def staff_events(*, user, agency: Agency | None) -> QuerySet[Event]:
    """Every event of `agency` (any status), newest start first, if `user` works for it."""
    if not can_manage_agency(user, agency):
        return Event.objects.none()
    qs = Event.objects.filter(organiser_agency=agency).select_related("organiser_agency")
    return with_places_held(qs).order_by("-start", "-id")


def questions_for(event: Event) -> QuerySet[Question]:
    return Question.objects.filter(event=event).select_related("show_if_question")


def event_question(*, event: Event, pk: int) -> Question:
    """The question `pk` of `event` (an event the caller organises). Raises NotFound."""
    question = Question.objects.filter(event=event, pk=pk).first()
    if question is None:
        raise NotFound()
    return question


def questions_history(event: Event) -> QuerySet[AuditEntry]:
    """The audit entries of the event's current questions, newest first (the last 50)."""
    ids = [str(pk) for pk in Question.objects.filter(event=event).values_list("pk", flat=True)]
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id__in=ids
    ).select_related("actor")[:HISTORY_LENGTH]
