"""Writes by organisers to their events and the events' extra questions; each one transaction,
audited."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.i18n import clean_texts
from kopa.events.access import require_organiser
from kopa.events.models import Answer, Event, Question
from kopa.events.registration.selectors import places_held

EVENT_SCALARS = (
    "type", "organiser_organisation", "partnership", "strand", "cycle", "project", "format",
    "start", "end", "time_zone", "venue_name", "address", "town", "latitude", "longitude",
    "country", "capacity", "registration_opens", "registration_closes", "registration_mode",
    "application_deadline", "applicants_told", "confirmation_days", "offer_hours", "fee",
    "call_year", "status",
)
EVENT_TEXTS = (
    "title", "description", "accessibility_description", "accessibility_limitations",
    "eligibility", "costs_covered", "learning_outcomes",
)
QUESTION_SCALARS = (
    "kind", "required", "position", "show_if_question", "show_if_value", "allowed_extensions",
    "max_file_mb",
)
QUESTION_TEXTS = ("label", "help_text")
CHOICE_KINDS = (Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE)


def _add(problems: dict, name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _model_problems(obj, problems: dict, *, exclude: tuple[str, ...] = ()) -> None:
    """The model's own field validation (lengths, choices, validators), after our checks."""
    try:
        obj.full_clean(
            exclude=[*exclude, *problems], validate_constraints=False, validate_unique=False
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        for name, messages in errors.items():
            for message in messages:
                _add(problems, name, str(message))


def _set(obj, data: dict, scalars: tuple[str, ...], texts: tuple[str, ...]) -> None:
    for name in scalars:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)
    for name in texts:
        if name in data:
            setattr(obj, name, clean_texts(data[name]))


def _event_problems(event: Event, *, held: int = 0) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not event.title:
        _add(problems, "title", _("Give the title in at least one language."))
    if event.start and event.end and event.end <= event.start:
        _add(problems, "end", _("The event must end after it starts."))
    if event.capacity is not None and event.capacity < 1:
        _add(problems, "capacity", _("An event has at least one place."))
    elif event.capacity is not None and event.capacity < held:
        _add(
            problems,
            "capacity",
            _("%(held)d places are already taken; the event cannot have fewer places.")
            % {"held": held},
        )
    opens, closes = event.registration_opens, event.registration_closes
    if opens and closes and closes <= opens:
        _add(problems, "registration_closes", _("Registration must close after it opens."))
    if closes and event.end and closes >= event.end:
        _add(problems, "registration_closes", _("Registration must close before the event ends."))
    if opens and event.end and opens >= event.end:
        _add(problems, "registration_opens", _("Registration must open before the event ends."))
    if event.is_selection:
        if not event.application_deadline:
            _add(
                problems,
                "application_deadline",
                _("An event with application and selection needs an application deadline."),
            )
        elif event.start and event.application_deadline >= event.start:
            _add(
                problems,
                "application_deadline",
                _("The application deadline must be before the event starts."),
            )
    if event.latitude is not None and not -90 <= event.latitude <= 90:
        _add(problems, "latitude", _("A latitude is between -90 and 90."))
    if event.longitude is not None and not -180 <= event.longitude <= 180:
        _add(problems, "longitude", _("A longitude is between -180 and 180."))
    if (event.latitude is None) != (event.longitude is None):
        _add(problems, "longitude", _("Give both the latitude and the longitude, or neither."))
    try:
        ZoneInfo(event.time_zone or "")
    except (ZoneInfoNotFoundError, ValueError):
        _add(problems, "time_zone", _("Choose a time zone from the list, e.g. Europe/Riga."))
    if event.strand and event.partnership and event.strand.partnership_id != event.partnership_id:
        _add(problems, "strand", _("Choose a strand of the event's partnership."))
    if event.cycle and event.partnership and event.cycle.partnership_id != event.partnership_id:
        _add(problems, "cycle", _("Choose a cycle of the event's partnership."))
    if event.project and event.project.agency_id != event.organiser_agency_id:
        _add(problems, "project", _("Choose a project your agency follows."))
    _model_problems(event, problems, exclude=("organiser_agency", *EVENT_TEXTS))
    return problems


@transaction.atomic
def event_create(*, actor, agency: Agency, data: dict) -> Event:
    """Create an event organised by `agency`. Raises PermissionDenied, ValidationFailed.

    `data`: the fields in EVENT_SCALARS, the texts in EVENT_TEXTS as {language: text}, and
    working_languages (Language objects).
    """
    require_agency_staff(actor, agency)
    event = Event(organiser_agency=agency)
    _set(event, data, EVENT_SCALARS, EVENT_TEXTS)
    problems = _event_problems(event)
    if problems:
        raise ValidationFailed(fields=problems)
    event.save()
    event.working_languages.set(data.get("working_languages") or [])
    audit.record(
        actor=actor, obj=event, action="create", changes=audit.diff({}, audit.snapshot(event))
    )
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict) -> Event:
    """Change an event's details. Raises PermissionDenied, ValidationFailed."""
    # Locked like a registration locks it, so places cannot be taken while capacity shrinks.
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_organiser(actor, event)
    before = audit.snapshot(event)
    _set(event, data, EVENT_SCALARS, EVENT_TEXTS)
    held = places_held(event)
    problems = _event_problems(event, held=held)
    if problems:
        raise ValidationFailed(fields=problems)
    event.save()
    if "working_languages" in data:
        event.working_languages.set(data["working_languages"] or [])
    changes = audit.diff(before, audit.snapshot(event, fields=list(before)))
    if changes:
        audit.record(actor=actor, obj=event, action="update", changes=changes)
    return event


# --- questions ----------------------------------------------------------------------------------


def _question_labels(event: Event) -> list[str]:
    return [str(q) for q in Question.objects.filter(event=event)]


def _depends_on(question: Question, other: Question) -> bool:
    """Whether `other`'s display already depends, directly or not, on `question`."""
    seen = set()
    current = other
    while current is not None and current.pk not in seen:
        if current.pk == question.pk:
            return True
        seen.add(current.pk)
        current = current.show_if_question
    return False


def _question_problems(question: Question) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not question.label:
        _add(problems, "label", _("Write the question in at least one language."))
    choices = question.choices or []
    if question.kind in CHOICE_KINDS:
        values = [c.get("value") for c in choices]
        if len(choices) < 2:
            _add(problems, "choices", _("Give at least two choices."))
        if len(set(values)) != len(values):
            _add(problems, "choices", _("Each choice needs its own value."))
        if any(not c.get("value") or not c.get("label") for c in choices):
            _add(problems, "choices", _("Each choice needs a value and a label."))
    elif choices:
        _add(problems, "choices", _("Only questions with choices have choices."))
    parent = question.show_if_question
    if parent is not None:
        if parent.event_id != question.event_id:
            _add(problems, "show_if_question", _("Choose a question of the same event."))
        elif question.pk and (parent.pk == question.pk or _depends_on(question, parent)):
            _add(problems, "show_if_question", _("A question cannot depend on itself."))
        elif not question.show_if_value:
            _add(problems, "show_if_value", _("Give the answer that shows this question."))
        elif parent.kind in CHOICE_KINDS and question.show_if_value not in {
            c["value"] for c in parent.choices or []
        }:
            _add(problems, "show_if_value", _("Use one of the values of that question's choices."))
        elif parent.kind == Question.Kind.YES_NO and question.show_if_value not in ("yes", "no"):
            _add(problems, "show_if_value", _("Use “yes” or “no”."))
    elif question.show_if_value:
        _add(problems, "show_if_question", _("Choose the question this answer belongs to."))
    if question.kind == Question.Kind.FILE:
        extensions = [e.strip().lstrip(".") for e in question.allowed_extensions.split(",")]
        if not all(e.isalnum() for e in extensions):
            _add(
                problems,
                "allowed_extensions",
                _("List file extensions separated by commas, e.g. pdf,jpg."),
            )
        if not 1 <= (question.max_file_mb or 0) <= 50:
            _add(problems, "max_file_mb", _("Allow between 1 and 50 MB."))
    _model_problems(question, problems, exclude=("event", "choices", *QUESTION_TEXTS))
    return problems


def _clean_choices(choices) -> list[dict]:
    return [
        {"value": str(c.get("value", "")).strip(), "label": clean_texts(c.get("label"))}
        for c in choices or []
    ]


def _record_question_list(actor, event: Event, before: list[str]) -> None:
    audit.record(
        actor=actor,
        obj=event,
        action="update",
        changes={"questions": [before, _question_labels(event)]},
    )


@transaction.atomic
def question_create(*, actor, event: Event, data: dict) -> Question:
    """Add a question to the event's form. Raises PermissionDenied, ValidationFailed.

    `data`: QUESTION_SCALARS, label and help_text ({language: text}), choices
    ([{"value": …, "label": {language: text}}]).
    """
    require_organiser(actor, event)
    before = _question_labels(event)
    question = Question(event=event)
    _set(question, data, QUESTION_SCALARS, QUESTION_TEXTS)
    question.choices = _clean_choices(data.get("choices"))
    if "position" not in data or data["position"] is None:
        question.position = (Question.objects.filter(event=event).count() + 1) * 10
    problems = _question_problems(question)
    if problems:
        raise ValidationFailed(fields=problems)
    question.save()
    audit.record(
        actor=actor, obj=question, action="create",
        changes=audit.diff({}, audit.snapshot(question)),
    )
    _record_question_list(actor, event, before)
    return question


@transaction.atomic
def question_update(*, actor, question: Question, data: dict) -> Question:
    """Change a question. Raises PermissionDenied, ValidationFailed."""
    question = Question.objects.select_related("event").get(pk=question.pk)
    require_organiser(actor, question.event)
    before = audit.snapshot(question)
    _set(question, data, QUESTION_SCALARS, QUESTION_TEXTS)
    if "choices" in data:
        question.choices = _clean_choices(data["choices"])
    if question.position is None:
        question.position = 0
    problems = _question_problems(question)
    if problems:
        raise ValidationFailed(fields=problems)
    question.save()
    changes = audit.diff(before, audit.snapshot(question, fields=list(before)))
    if changes:
        audit.record(actor=actor, obj=question, action="update", changes=changes)
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    """Remove a question nobody has answered yet. Raises PermissionDenied, ValidationFailed."""
    question = Question.objects.select_related("event").get(pk=question.pk)
    event = question.event
    require_organiser(actor, event)
    if Answer.objects.filter(question=question).exists():
        raise ValidationFailed(
            _("People have already answered this question; it can be changed but not removed.")
        )
    before = _question_labels(event)
    audit.record(
        actor=actor, obj=question, action="delete",
        changes=audit.diff(audit.snapshot(question), {}),
    )
    question.delete()
    _record_question_list(actor, event, before)
