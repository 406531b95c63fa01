"""Writes for check-in, learning outcomes and certificates. Keyword-only, one transaction each."""

from datetime import date, datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.events.access import require_organiser, require_registrant
from kopa.events.checkin.selectors import attendees
from kopa.events.models import (
    PARTICIPANT_STATUSES,
    TRANSITIONS,
    Attendance,
    Event,
    LearningRecord,
    Registration,
)
from kopa.events.models.checkin import FRAMEWORK_COMPETENCES
from kopa.events.notifications import certificate_ready
from kopa.events.registration.states import lock, transition
from kopa.events.rules import event_days, event_zone
from kopa.events.signals import attendance_recorded

S = Registration.Status
OUTCOME_MAX_LENGTH = 2000
OVERRIDE_REASON_MAX_LENGTH = 300
# Participants write what they learned while they hold a place or once they attended.
LEARNING_STATUSES = frozenset({S.CONFIRMED, S.ATTENDED})


class NotHoldingPlace(Conflict):
    code = "not_holding_place"
    default_message = gettext_lazy(
        "This person is not a participant of the event (a place on offer must be accepted first)."
    )


@transaction.atomic
def attendance_record(
    *,
    actor,
    registration: Registration,
    day: date,
    now: datetime | None = None,
    reason: str = "",
) -> tuple[Attendance, bool]:
    """Check `registration` in for `day`; a second check-in the same day changes nothing.
    The first check-in marks the registration attended when the transition table allows it.
    A day that has not come yet (in the event's time zone) needs the organiser's `reason`, which
    the audit entry keeps; earlier days of the event may be filled in from the paper sheet.
    Returns (attendance, created). Raises PermissionDenied, ValidationFailed, NotHoldingPlace."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    registration = lock(registration)
    event = registration.event
    require_organiser(actor, event)
    if day not in event_days(event):
        raise ValidationFailed(field="day", message=_("Choose a day of the event."))
    if registration.status not in PARTICIPANT_STATUSES:
        raise NotHoldingPlace()
    if len(reason) > OVERRIDE_REASON_MAX_LENGTH:
        raise ValidationFailed(
            field="reason",
            message=_("Write at most %(max)d characters.") % {"max": OVERRIDE_REASON_MAX_LENGTH},
        )
    ahead = day > timezone.localtime(now, event_zone(event)).date()
    if ahead and not reason:
        raise ValidationFailed(
            field="reason",
            message=_(
                "%(day)s has not come yet. To check someone in ahead, say why; the reason is "
                "kept in the event's history."
            )
            % {"day": formats.date_format(day, "DATE_FORMAT")},
        )
    attendance, created = Attendance.objects.get_or_create(
        registration=registration,
        day=day,
        defaults={"checked_in_at": now, "checked_in_by": actor if actor.is_authenticated else None},
    )
    if not created:
        return attendance, False
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={
            "attendance": [None, day.isoformat()],
            **({"checked_in_ahead": [None, reason]} if ahead else {}),
        },
    )
    if S.ATTENDED in TRANSITIONS.get(registration.status, frozenset()):
        transition(registration, S.ATTENDED, actor=actor, now=now)
    attendance_recorded.send(sender=Registration, registration=registration, day=day, actor=actor)
    return attendance, True


@transaction.atomic
def learning_record_save(
    *, actor, registration: Registration, framework: str, outcomes: dict[str, str]
) -> LearningRecord:
    """Save what the participant learned, per competence of one framework (at least one).
    Raises PermissionDenied, ValidationFailed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    require_registrant(actor, registration)
    if registration.status not in LEARNING_STATUSES:
        raise PermissionDenied(_("Learning outcomes can be written once you hold a place."))
    competences = FRAMEWORK_COMPETENCES.get(framework)
    if competences is None:
        raise ValidationFailed(field="framework", message=_("Choose a competence framework."))
    codes = {code for code, _label in competences}
    cleaned = {}
    for code, text in (outcomes or {}).items():
        text = (text or "").strip()
        if code not in codes or not text:
            continue
        if len(text) > OUTCOME_MAX_LENGTH:
            raise ValidationFailed(
                field=code,
                message=_("Write at most %(max)d characters.") % {"max": OUTCOME_MAX_LENGTH},
            )
        cleaned[code] = text
    if not cleaned:
        raise ValidationFailed(
            field="outcomes",
            message=_("Describe what you learned for at least one competence."),
        )
    record = LearningRecord.objects.filter(registration=registration).first()
    before = (
        {"framework": record.framework, "competences": sorted(record.outcomes)} if record else {}
    )
    if record is None:
        record = LearningRecord(registration=registration)
    record.framework = framework
    record.outcomes = cleaned
    record.save()
    after = {"framework": framework, "competences": sorted(cleaned)}
    # The participant's own words are theirs: the audit log keeps which competences, not the text.
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={"learning": [before or None, after]},
    )
    return record


@transaction.atomic
def certificates_release(*, actor, event: Event, base_url: str = "") -> int:
    """Release the certificates: from now on attendees download them. Tell every attendee, in their
    language, that their certificate is ready (again, when released before). Returns how many were
    told. Raises PermissionDenied, Conflict (nobody attended)."""
    require_organiser(actor, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    people = list(attendees(event).select_related("event"))
    if not people:
        raise Conflict(_("Nobody is marked as attended yet: check people in first."))
    if event.certificates_released_at is None:
        event.certificates_released_at = timezone.now()
        event.save(update_fields=["certificates_released_at"])
    for registration in people:
        certificate_ready(registration, base_url)
    audit.record(
        actor=actor,
        obj=event,
        action=AuditEntry.Action.UPDATE,
        changes={"certificates_released": [None, len(people)]},
    )
    return len(people)
