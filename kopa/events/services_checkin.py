"""Writes for check-in, learning outcomes and certificates. Keyword-only, one transaction each."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.i18n import pick
from kopa.core.models import AuditEntry
from kopa.core.tasks import enqueue
from kopa.events.models import (
    HELD_STATUSES,
    TRANSITIONS,
    Attendance,
    Event,
    LearningRecord,
    Registration,
)
from kopa.events.models.checkin import FRAMEWORK_COMPETENCES
from kopa.events.selectors import is_host_staff
from kopa.events.selectors_checkin import attendees, event_days
from kopa.events.services import _lock, _transition
from kopa.events.signals import attendance_recorded

S = Registration.Status
OUTCOME_MAX_LENGTH = 2000
# Participants write what they learned while they hold a place or once they attended.
LEARNING_STATUSES = frozenset({S.CONFIRMED, S.ATTENDED})


class NotHoldingPlace(Conflict):
    code = "not_holding_place"
    default_message = gettext_lazy("This person does not hold a place at the event.")


@transaction.atomic
def attendance_record(
    *, actor, registration: Registration, day: date, now: datetime | None = None
) -> tuple[Attendance, bool]:
    """Check `registration` in for `day`; a second check-in the same day changes nothing.
    The first check-in marks the registration attended when the transition table allows it.
    Returns (attendance, created). Raises PermissionDenied, ValidationFailed, NotHoldingPlace."""
    now = now or timezone.now()
    registration = _lock(registration)
    event = registration.event
    if not is_host_staff(actor, event):
        raise PermissionDenied()
    if day not in event_days(event):
        raise ValidationFailed(field="day", message=_("Choose a day of the event."))
    if registration.status not in HELD_STATUSES:
        raise NotHoldingPlace()
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
        changes={"attendance": [None, day.isoformat()]},
    )
    if S.ATTENDED in TRANSITIONS.get(registration.status, frozenset()):
        _transition(registration, S.ATTENDED, actor=actor, now=now)
    attendance_recorded.send(sender=Registration, registration=registration, day=day, actor=actor)
    return attendance, True


@transaction.atomic
def learning_record_save(
    *, actor, registration: Registration, framework: str, outcomes: dict[str, str]
) -> LearningRecord:
    """Save what the participant learned, per competence of one framework (at least one).
    Raises PermissionDenied, ValidationFailed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not (getattr(actor, "is_authenticated", False) and actor.pk == registration.user_id):
        raise PermissionDenied()
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


def _certificate_email(registration: Registration, base_url: str) -> None:
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with override(language):
        title = pick(event.title, language)
        path = reverse("events:certificate", kwargs={"registration_pk": registration.pk})
        context = {
            "registration": registration,
            "title": title,
            "link": f"{base_url.rstrip('/')}{path}" if base_url else path,
        }
        subject = _("Your certificate for %(title)s is ready") % {"title": title}
        body = render_to_string("events/email/certificate_ready.txt", context)
    enqueue("kopa.core.tasks:send_email", to=[registration.email], subject=subject, body=body)


@transaction.atomic
def certificates_release(*, actor, event: Event, base_url: str = "") -> int:
    """Tell every attendee, in their language, that their certificate is ready to download.
    Returns how many were told. Raises PermissionDenied, Conflict (nobody attended)."""
    if not is_host_staff(actor, event):
        raise PermissionDenied()
    people = list(attendees(event).select_related("event"))
    if not people:
        raise Conflict(_("Nobody is marked as attended yet: check people in first."))
    for registration in people:
        _certificate_email(registration, base_url)
    audit.record(
        actor=actor,
        obj=event,
        action=AuditEntry.Action.UPDATE,
        changes={"certificates_released": [None, len(people)]},
    )
    return len(people)
