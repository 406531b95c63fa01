"""The participation form (access needs, diet, emergency contact) and the purge of private data.

Only people holding a place are asked; only the event's organisers read the answers
(`kopa.events.registration.selectors`). The answers, with every other private participation
datum the events app declares in `kopa/events/privacy.py`, are deleted when the retention period
after the event ends; anonymous counts are kept.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit, privacy
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.events.access import require_registrant
from kopa.events.models import (
    PARTICIPANT_STATUSES,
    Barrier,
    Event,
    ParticipationDetails,
    PrivacyCounts,
    Registration,
)
from kopa.events.registration.links import PARTICIPATION, RegistrationLink
from kopa.events.rules import barrier_counts

DEFAULT_RETENTION_DAYS = 30
DEFAULT_REGISTRATION_RETENTION_DAYS = 365
PARTICIPATION_RULE = "event participation"
REGISTRATION_RULE = "event registration"

# --- the participation form ----------------------------------------------------------------------

PARTICIPATION_FIELDS = (
    "has_access_needs",
    "access_needs",
    "diet",
    "diet_notes",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def _check_participation_open(
    actor, registration: Registration, link: RegistrationLink | None = None
) -> None:
    require_registrant(actor, registration, link=link, actions=(PARTICIPATION,))
    if registration.status not in PARTICIPANT_STATUSES:
        raise Conflict(_("Please accept your place first: the participation form is for participants."))
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
    barriers = values["fewer_opportunities"]
    if any(code not in Barrier.values for code in barriers):
        errors["fewer_opportunities"] = [_("Choose one of the options given.")]
    elif barriers and not values["fewer_opportunities_consent"]:
        errors["fewer_opportunities_consent"] = [
            _("Please give your consent, or leave the barriers unticked.")]
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
def participation_save(
    *, actor, registration: Registration, data: dict, link: RegistrationLink | None = None
) -> ParticipationDetails:
    """Save the participant's own access needs, diet, emergency contact and, optionally and with
    consent, the barriers they face (fewer opportunities). Raises
    PermissionDenied, Conflict (no place held, data purged), ValidationFailed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _check_participation_open(actor, registration, link)
    values = {
        name: (data.get(name) or "").strip() if name != "has_access_needs" else bool(data.get(name))
        for name in PARTICIPATION_FIELDS
    }
    values["diet"] = values["diet"] or ParticipationDetails.Diet.NONE
    barriers = data.get("fewer_opportunities") or []
    values["fewer_opportunities"] = sorted({str(code) for code in barriers})
    values["fewer_opportunities_consent"] = bool(data.get("fewer_opportunities_consent"))
    if not values["fewer_opportunities"]:
        values["fewer_opportunities_consent"] = False  # consent to nothing is kept as no consent
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
    """Keep the anonymous figures of `event` (participants, access needs, diets, barriers declared
    with consent) before its private data goes; from then on the event counts as purged."""
    details = ParticipationDetails.objects.filter(registration__event=event)
    with_barriers, barriers = barrier_counts(
        details.filter(fewer_opportunities_consent=True, registration__status__in=PARTICIPANT_STATUSES)
        .values_list("fewer_opportunities", flat=True))
    diets: dict[str, int] = {}
    for diet in details.values_list("diet", flat=True):
        # Only the named diets are counted by name: whatever else is there is someone's own words.
        if diet not in ParticipationDetails.Diet.values:
            diet = ParticipationDetails.Diet.OTHER
        diets[diet] = diets.get(diet, 0) + 1
    return PrivacyCounts.objects.create(
        event=event,
        participants=Registration.objects.filter(
            event=event, status__in=PARTICIPANT_STATUSES
        ).count(),
        with_access_needs=details.filter(has_access_needs=True).count(),
        diets=diets,
        with_fewer_opportunities=with_barriers,
        fewer_opportunities=barriers,
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


def registration_retention_days() -> int:
    return int(
        getattr(settings, "KOPA_REGISTRATION_RETENTION_DAYS", DEFAULT_REGISTRATION_RETENTION_DAYS)
    )


def registration_purge_due_at(event: Event) -> datetime:
    """When `event`'s registrations lose their personal details: never before the participation
    data has gone."""
    return event.end + timedelta(days=max(registration_retention_days(), retention_days()))


def registrations_due_for_purge(now: datetime):
    """Events whose participation data is purged and whose registrations' personal details are due
    to go now."""
    return Event.objects.filter(
        end__lte=now - timedelta(days=registration_retention_days()),
        privacy_counts__isnull=False,
        privacy_counts__registrations_purged_at__isnull=True,
    ).order_by("end", "pk")


REGISTRATION_PRIVATE_FIELDS = ("first_name", "last_name", "email", "organisation_name", "role")


def registrations_purged_keep(event: Event, now: datetime) -> None:
    """Before the registrations' personal details go: take them out of the registrations' history
    too, and note when they went. The counts, countries, statuses, check-ins and grant lines stay."""
    values: dict[int, set[str]] = {}
    rows = Registration.objects.filter(event=event).values_list("pk", *REGISTRATION_PRIVATE_FIELDS)
    for pk, first, last, *rest in rows.iterator(chunk_size=1000):
        values[pk] = {first, last, f"{first} {last}", f"{first} {last} – {event}", *rest}
    audit.forget(Registration, values)
    PrivacyCounts.objects.filter(event=event).update(registrations_purged_at=now)


def registrations_purge_audit(event: Event, now: datetime, touched: dict[str, int]) -> None:
    audit.record(
        actor=None,
        obj=event,
        action=AuditEntry.Action.UPDATE,
        changes={"registrations_pseudonymised": [None, touched]},
    )


def purge_private_data(*, now: datetime | None = None) -> int:
    """Purge every event that is due, one transaction each. Returns how many were purged."""
    return privacy.purge_due(now=now).get(PARTICIPATION_RULE, 0)
