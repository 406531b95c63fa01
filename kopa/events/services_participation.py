"""Writes for the registration form, the participation form and the purge of private data.

Answers to an event's questions are stored as JSON: text, choice, country and date (ISO) as
strings, yes/no as "yes" or "no", several choices as a list of values, numbers as numbers, and a
file as its original name (the file itself in `Answer.file`). A question with a condition is shown
only when the question it depends on is shown and has the answer `show_if_value` (for several
choices: includes it); a hidden question is never required and its answer is discarded.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit, privacy
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.events import services
from kopa.events.models import (
    ENDED_STATUSES,
    HELD_STATUSES,
    Answer,
    Event,
    ParticipationDetails,
    PrivacyCounts,
    Question,
    Registration,
)

DEFAULT_EXTENSIONS = "pdf,jpg,jpeg,png,docx"
DEFAULT_RETENTION_DAYS = 30
PARTICIPATION_RULE = "event participation"
Kind = Question.Kind


def question_field_name(question: Question) -> str:
    return f"question_{question.pk}"


def allowed_extensions(question: Question) -> list[str]:
    """The file types a file question accepts, lower case without dots."""
    text = question.allowed_extensions or DEFAULT_EXTENSIONS
    return [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]


def file_problem(question: Question, upload) -> str | None:
    """Why `upload` is not acceptable for `question`, or None."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    allowed = allowed_extensions(question)
    if extension not in allowed:
        return _("This type of file is not accepted. Accepted types: %(types)s.") % {
            "types": ", ".join(allowed)
        }
    if upload.size > question.max_file_mb * 1024 * 1024:
        return _("The file is too large: the largest accepted size is %(size)d MB.") % {
            "size": question.max_file_mb
        }
    return None


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _stored(question: Question, value):
    """The JSON form of a cleaned answer."""
    if question.kind == Kind.FILE:
        return PurePath(value.name).name
    if question.kind == Kind.MULTIPLE_CHOICE:
        return [str(v) for v in value]
    if question.kind == Kind.YES_NO:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)
    if question.kind == Kind.NUMBER:
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if question.kind == Kind.DATE and isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _matches(question: Question, stored) -> bool:
    """Whether `stored` (an answer to `question.show_if_question`) shows `question`."""
    expected = (question.show_if_value or "").strip().lower()
    if isinstance(stored, list):
        return expected in {str(v).lower() for v in stored}
    return stored is not None and str(stored).strip().lower() == expected


def visible_questions(questions: list[Question], stored: dict[int, object]) -> set[int]:
    """Ids of the questions shown, given the stored answers by question id (conditions chain)."""
    by_id = {q.pk: q for q in questions}
    visible: dict[int, bool] = {}

    def shown(question: Question, depth: int = 0) -> bool:
        if question.pk in visible:
            return visible[question.pk]
        parent = by_id.get(question.show_if_question_id)
        if question.show_if_question_id is None or parent is None:
            result = True
        elif depth > len(by_id):  # a loop of conditions: show rather than hide
            result = True
        else:
            result = shown(parent, depth + 1) and _matches(question, stored.get(parent.pk))
        visible[question.pk] = result
        return result

    return {q.pk for q in questions if shown(q)}


def answers_check(*, questions: list[Question], answers: dict[int, object]) -> dict[int, object]:
    """The answers to keep, by question id, in stored form (hidden questions dropped).
    Raises ValidationFailed naming `question_<id>` fields."""
    stored = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        value = answers.get(question.pk)
        if _is_empty(value):
            continue
        if question.kind == Kind.FILE:
            problem = file_problem(question, value)
            if problem:
                errors[question_field_name(question)] = [problem]
                continue
        if question.kind in (Kind.CHOICE, Kind.MULTIPLE_CHOICE):
            allowed = {v for v, _label in question.choice_options()}
            given = value if isinstance(value, (list, tuple)) else [value]
            if not set(map(str, given)) <= allowed:
                errors[question_field_name(question)] = [_("Choose one of the options given.")]
                continue
        stored[question.pk] = _stored(question, value)
    shown = visible_questions(questions, stored)
    for question in questions:
        name = question_field_name(question)
        if question.pk not in shown:
            stored.pop(question.pk, None)
            errors.pop(name, None)
        elif question.required and question.pk not in stored and name not in errors:
            errors[name] = [_("Please answer this question.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return {pk: value for pk, value in stored.items()}


@dataclass
class Submission:
    registration: Registration
    created: bool


@transaction.atomic
def registration_submit(
    *, event: Event, data: dict, answers: dict[int, object], user=None, now: datetime | None = None
) -> Submission:
    """Register or apply for `event` with the answers to its questions, all or nothing. The same
    e-mail again returns the existing registration unchanged. Raises ValidationFailed,
    RegistrationClosed."""
    now = now or timezone.now()
    questions = list(Question.objects.filter(event=event))
    kept = answers_check(questions=questions, answers=answers)
    # The lock registration_create takes, taken first so the duplicate check sees what it sees.
    Event.objects.select_for_update().get(pk=event.pk)
    email = (data.get("email") or "").strip()
    before = (
        Registration.objects.filter(event=event, email__iexact=email)
        .exclude(status__in=ENDED_STATUSES)
        .values_list("pk", flat=True)
        .first()
    )
    registration = services.registration_create(event=event, data=data, user=user, now=now)
    if registration.pk == before:
        return Submission(registration=registration, created=False)
    saved_files = []
    try:
        for question in questions:
            if question.pk not in kept:
                continue
            answer = Answer(registration=registration, question=question, value=kept[question.pk])
            if question.kind == Kind.FILE:
                upload = answers[question.pk]
                answer.file.save(PurePath(upload.name).name, upload, save=False)
                saved_files.append(answer.file)
            answer.save()
    except Exception:
        for stored_file in saved_files:
            stored_file.delete(save=False)
        raise
    return Submission(registration=registration, created=True)


# --- the participation form ----------------------------------------------------------------------

PARTICIPATION_FIELDS = (
    "has_access_needs",
    "access_needs",
    "diet",
    "diet_notes",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def _check_participation_open(actor, registration: Registration) -> None:
    if not (
        registration.user_id is not None
        and getattr(actor, "is_authenticated", False)
        and actor.pk == registration.user_id
    ):
        raise PermissionDenied()
    if registration.status not in HELD_STATUSES:
        raise Conflict(_("The participation form is for people who hold a place."))
    if PrivacyCounts.objects.filter(event_id=registration.event_id).exists():
        raise Conflict(_("The private data of this event has already been deleted."))


def _participation_errors(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if values["has_access_needs"] and not values["access_needs"]:
        errors["access_needs"] = [_("Please tell us what support you need.")]
    if values["diet"] not in ParticipationDetails.Diet.values:
        errors["diet"] = [_("Choose one of the options given.")]
    elif values["diet"] == ParticipationDetails.Diet.OTHER and not values["diet_notes"]:
        errors["diet_notes"] = [_("Please describe your diet.")]
    name, phone = values["emergency_contact_name"], values["emergency_contact_phone"]
    if name and not phone:
        errors["emergency_contact_phone"] = [_("Please give the emergency contact's phone number.")]
    if phone and not name:
        errors["emergency_contact_name"] = [_("Please give the emergency contact's name.")]
    limits = {
        f.name: f.max_length
        for f in ParticipationDetails._meta.get_fields()
        if getattr(f, "max_length", None)
    }
    for field, limit in limits.items():
        if field in values and isinstance(values[field], str) and len(values[field]) > limit:
            errors.setdefault(field, []).append(
                _("At most %(limit)d characters, please.") % {"limit": limit}
            )
    return errors


@transaction.atomic
def participation_save(*, actor, registration: Registration, data: dict) -> ParticipationDetails:
    """Save the participant's own access needs, diet and emergency contact. Raises
    PermissionDenied, Conflict (no place held, data purged), ValidationFailed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _check_participation_open(actor, registration)
    values = {
        name: (data.get(name) or "").strip() if name != "has_access_needs" else bool(data.get(name))
        for name in PARTICIPATION_FIELDS
    }
    values["diet"] = values["diet"] or ParticipationDetails.Diet.NONE
    if not values["has_access_needs"]:
        values["access_needs"] = ""  # never keep support details someone withdrew
    errors = _participation_errors(values)
    if errors:
        raise ValidationFailed(fields=errors)
    details, created = ParticipationDetails.objects.update_or_create(
        registration=registration, defaults=values
    )
    # The audit says that the form was saved, never what it says.
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={"participation_details": [None if created else "saved", "saved"]},
    )
    return details


# --- purging private data -------------------------------------------------------------------------


def retention_days() -> int:
    return int(getattr(settings, "KOPA_PRIVATE_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def purge_due_at(event: Event) -> datetime:
    return event.end + timedelta(days=retention_days())


def privacy_counts_keep(event: Event, now: datetime) -> PrivacyCounts:
    """Keep the anonymous figures of `event` (participants, access needs, diets) before its private
    data goes; from then on the event counts as purged."""
    details = ParticipationDetails.objects.filter(registration__event=event)
    diets: dict[str, int] = {}
    for diet in details.values_list("diet", flat=True):
        diets[diet] = diets.get(diet, 0) + 1
    return PrivacyCounts.objects.create(
        event=event,
        participants=Registration.objects.filter(event=event, status__in=HELD_STATUSES).count(),
        with_access_needs=details.filter(has_access_needs=True).count(),
        diets=diets,
        purged_at=now,
    )


def purge_audit(event: Event, now: datetime, touched: dict[str, int]) -> None:
    """Record in the event's history how many private rows each model lost (never the values)."""
    audit.record(
        actor=None,
        obj=event,
        action=AuditEntry.Action.UPDATE,
        changes={"private_data_purged": [None, touched]},
    )


@transaction.atomic
def participation_purge(*, event: Event, now: datetime | None = None) -> PrivacyCounts:
    """Delete the private participation data of `event` as `kopa/events/privacy.py` declares it,
    keeping anonymous counts. Running it again changes nothing.
    Raises Conflict before the retention period has passed."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = PrivacyCounts.objects.filter(event=event).first()
    if existing is not None:
        return existing
    if now < purge_due_at(event):
        raise Conflict(_("The private data of this event is kept until the retention period ends."))
    privacy.purge(PARTICIPATION_RULE, event, now=now)
    return PrivacyCounts.objects.get(event=event)


def events_due_for_purge(now: datetime):
    """Events whose retention period has ended and whose private data is not purged yet."""
    return Event.objects.filter(
        end__lte=now - timedelta(days=retention_days()), privacy_counts__isnull=True
    ).order_by("end", "pk")


def purge_private_data(*, now: datetime | None = None) -> int:
    """Purge every event that is due, one transaction each. Returns how many were purged."""
    return privacy.purge_due(now=now).get(PARTICIPATION_RULE, 0)
