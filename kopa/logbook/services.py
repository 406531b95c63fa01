"""Writing the Logbook: activities, invitations, entries (idempotent by the client's UUID, locked
after EDIT_DAYS for their author, corrected by the mentor with an audit entry), and the kiosk's
check-ins by alias and PIN."""

import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry, UserPreference
from kopa.core.tasks import enqueue
from kopa.logbook.access import is_mentor, require_coordinator, require_mentor, require_recorder
from kopa.logbook.models import (
    Activity,
    Alias,
    Entry,
    Municipality,
    Owner,
    ReflectionQuestion,
    Role,
    SharedAim,
    Unit,
    Visit,
)
from kopa.logbook.rules import EDIT_DAYS, alias_digest
from kopa.logbook.selectors import alias_for

ENTRY_FIELDS = ("date", "hours", "visits", "youth_led_hours", "youth_led_people", "note", "reflections")


@transaction.atomic
def activity_create(*, actor, unit: Unit, name: str, kind: str, aims: str = "", shared_aims=()) -> Activity:
    """A new activity of `unit` (its mentor or the owner's coordinator). Raises PermissionDenied."""
    require_mentor(actor, unit)
    activity = Activity.objects.create(unit=unit, name=name.strip(), kind=kind, aims=aims.strip())
    activity.shared_aims.set([a for a in shared_aims if a.owner_id == unit.owner_id])
    audit.record(actor=actor, obj=activity, action=AuditEntry.Action.CREATE,
                 changes=audit.diff({}, audit.snapshot(activity, ["unit", "name", "kind"])))
    return activity


@transaction.atomic
def question_add(*, actor, owner: Owner, kind: str, text: str) -> ReflectionQuestion:
    """A reflection question the owner's units answer after every activity of `kind` (coordinators)."""
    require_coordinator(actor, owner)
    order = ReflectionQuestion.objects.filter(owner=owner, kind=kind).count()
    question = ReflectionQuestion.objects.create(owner=owner, kind=kind, text=text.strip(), order=order)
    audit.record(actor=actor, obj=owner, action=AuditEntry.Action.UPDATE,
                 changes={"reflection_question_added": [None, f"{kind}: {question.text}"]})
    return question


@transaction.atomic
def aim_add(*, actor, owner: Owner, text: str) -> SharedAim:
    """A shared aim the owner's units measure their activities against (coordinators)."""
    require_coordinator(actor, owner)
    aim = SharedAim.objects.create(owner=owner, text=text.strip())
    audit.record(actor=actor, obj=owner, action=AuditEntry.Action.UPDATE, changes={"aim_added": [None, aim.text]})
    return aim


def _password_link(user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("core:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def youth_worker_invite(*, actor, unit: Unit, email: str, first_name: str = "", last_name: str = "",
                        language: str, base_url: str) -> tuple[Role, bool]:
    """Give the person with `email` the youth-worker role in `unit`, creating their account (without a
    password, with a link to choose one) if Kopa does not know the address, and e-mail them. Returns
    (role, account_created). Raises PermissionDenied, ValidationFailed."""
    require_mentor(actor, unit)
    email = (email or "").strip().lower()
    User = get_user_model()
    user = User.objects.filter(username__iexact=email).first() or User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(username=email, email=email, first_name=first_name.strip(),
                                        last_name=last_name.strip())
        user.set_unusable_password()
        user.save(update_fields=["password"])
        UserPreference.objects.create(user=user, language=language)
    already = _("This person already records for the unit.")
    if Role.objects.filter(user=user, unit=unit, kind__in=[Role.Kind.YOUTH_WORKER, Role.Kind.MENTOR]).exists():
        raise ValidationFailed(fields={"email": [already]})
    try:
        with transaction.atomic():
            role = Role.objects.create(user=user, owner=unit.owner, unit=unit, kind=Role.Kind.YOUTH_WORKER)
    except IntegrityError as exc:
        raise ValidationFailed(fields={"email": [already]}) from exc
    audit.record(actor=actor, obj=unit, action=AuditEntry.Action.UPDATE,
                 changes={"youth_worker_added": [None, email]})
    link = _password_link(user, base_url) if created else base_url.rstrip("/") + reverse("logbook:home")
    body = render_to_string("logbook/email/invited.txt", {"unit": unit, "inviter": actor, "link": link,
                                                          "created": created})
    subject = _("You can now record youth work for %(unit)s in Kopa") % {"unit": unit}
    enqueue("kopa.core.tasks:send_email", to=[email], subject=subject, body=body)
    return role, created


def _clean_entry(activity: Activity, data: dict) -> dict:
    values = {name: data[name] for name in ENTRY_FIELDS if name in data}
    if Decimal(values.get("youth_led_hours") or 0) > Decimal(values.get("hours") or 0):
        raise ValidationFailed(fields={"youth_led_hours": [_("Youth-led hours cannot be more than the hours.")]})
    if values.get("date") and values["date"] > timezone.localdate():
        raise ValidationFailed(fields={"date": [_("The date cannot be in the future.")]})
    return values


def _aliases_present(owner, aliases) -> list[Alias]:
    found, unknown = [], []
    for text in aliases:
        alias = alias_for(owner, alias_digest(owner.alias_secret, text))
        (found if alias else unknown).append(alias or text)
    if unknown:
        raise ValidationFailed(fields={"aliases": [_("Unknown aliases: %(aliases)s. A young person first "
                                                     "checks in at the kiosk.") % {"aliases": ", ".join(unknown)}]})
    return found


def _record_visits(unit: Unit, day: date, aliases: list[Alias]) -> None:
    seen = set(Visit.objects.filter(unit=unit, date=day, alias__in=aliases).values_list("alias_id", flat=True))
    Visit.objects.bulk_create([Visit(unit=unit, alias=a, date=day, age_band=a.age_band, gender=a.gender)
                               for a in aliases if a.pk not in seen])
    Alias.objects.filter(pk__in=[a.pk for a in aliases], last_seen__lt=day).update(last_seen=day)
    Alias.objects.filter(pk__in=[a.pk for a in aliases], last_seen__isnull=True).update(last_seen=day)


@transaction.atomic
def entry_record(*, actor, activity: Activity, uuid, data: dict, aliases=()) -> tuple[Entry, bool]:
    """Record a session of `activity`. `uuid` is made by the client: an entry sent again (a resend after
    a lost connection, a form posted twice) is recognised and returned as it is. Returns (entry,
    created). Raises PermissionDenied, ValidationFailed, Conflict (the UUID is another's entry)."""
    unit = activity.unit
    require_recorder(actor, unit)
    existing = Entry.objects.filter(uuid=uuid).first()
    if existing is not None:
        if existing.author_id != actor.pk or existing.activity_id != activity.pk:
            raise Conflict(_("This entry identifier is already used."))
        return existing, False
    values = _clean_entry(activity, data)
    present = _aliases_present(unit.owner, aliases)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(uuid=uuid, unit=unit, activity=activity, author=actor, **values)
    except IntegrityError:  # the same entry sent twice at once: the first one stands
        entry = Entry.objects.get(uuid=uuid)
        if entry.author_id != actor.pk:
            raise Conflict(_("This entry identifier is already used.")) from None
        return entry, False
    _record_visits(unit, entry.date, present)
    return entry, True


def may_edit(user, entry: Entry, *, today: date | None = None) -> bool:
    """The author within EDIT_DAYS of the entry's day; the unit's mentor (and the coordinator) always."""
    today = today or timezone.localdate()
    if entry.author_id == user.pk and entry.created_at.date() + timedelta(days=EDIT_DAYS) >= today:
        return True
    return is_mentor(user, entry.unit)


@transaction.atomic
def entry_update(*, actor, entry: Entry, data: dict) -> Entry:
    """Change an entry: its author for EDIT_DAYS, then only the mentor, whose correction is audited.
    Raises PermissionDenied, ValidationFailed."""
    entry = Entry.objects.select_for_update().select_related("unit__owner", "activity").get(pk=entry.pk)
    if not may_edit(actor, entry):
        raise PermissionDenied(_("The entry is locked: ask the unit's mentor to correct it."))
    values = _clean_entry(entry.activity, {**{f: getattr(entry, f) for f in ENTRY_FIELDS}, **data})
    before = audit.snapshot(entry, ENTRY_FIELDS)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    changes = audit.diff(before, audit.snapshot(entry, ENTRY_FIELDS))
    if changes:
        audit.record(actor=actor, obj=entry, action=AuditEntry.Action.UPDATE, changes=changes)
    return entry


# --- the kiosk ------------------------------------------------------------------------------------

@transaction.atomic
def kiosk_check_in(*, unit: Unit, alias: str, pin: str, age_band: str = "", gender: str = "",
                   day: date | None = None) -> tuple[Visit | None, bool]:
    """A young person checks in at `unit` with their alias and PIN. A new alias (valid in every unit
    of the owner) needs the age band and gender, asked once. Returns (visit, alias_created); visit is
    None when they had already checked in there today. Raises ValidationFailed."""
    day = day or timezone.localdate()
    owner = unit.owner
    if not alias.strip():
        raise ValidationFailed(fields={"alias": [_("Type your alias.")]})
    digest = alias_digest(owner.alias_secret, alias)
    found = Alias.objects.select_for_update().filter(owner=owner, alias_hash=digest).first()
    created = found is None
    if created:
        errors = {}
        if not age_band:
            errors["age_band"] = [_("First time here? Choose your age.")]
        if not gender:
            errors["gender"] = [_("First time here? Choose an answer.")]
        if errors:
            raise ValidationFailed(fields=errors)
        try:
            with transaction.atomic():
                found = Alias.objects.create(owner=owner, alias_hash=digest, pin_hash=make_password(pin),
                                             age_band=age_band, gender=gender, last_seen=day)
        except IntegrityError:
            raise ValidationFailed(fields={"alias": [_("Try again, please.")]}) from None
    elif not check_password(pin, found.pin_hash):
        raise ValidationFailed(fields={"pin": [_("The alias and the PIN do not match. Try again or ask a "
                                                 "youth worker.")]})
    if Visit.objects.filter(alias=found, unit=unit, date=day).exists():
        return None, created
    visit = Visit.objects.create(unit=unit, alias=found, date=day, age_band=found.age_band, gender=found.gender)
    if found.last_seen is None or found.last_seen < day:
        Alias.objects.filter(pk=found.pk).update(last_seen=day)
    return visit, created


@transaction.atomic
def alias_delete(*, actor, unit: Unit, alias: str) -> int:
    """Delete a young person's alias at their request, told to a youth worker of a unit of the owner.
    Their visits stay counted as visits, no longer as a visitor. Returns the number of their visits.
    Raises PermissionDenied, ValidationFailed (no such alias)."""
    require_recorder(actor, unit)
    found = alias_for(unit.owner, alias_digest(unit.owner.alias_secret, alias))
    if found is None:
        raise ValidationFailed(fields={"alias": [_("There is no such alias in this Logbook.")]})
    audit.record(actor=actor, obj=unit.owner, action=AuditEntry.Action.DELETE,
                 changes={"alias_deleted": [f"alias {found.pk}", None]})
    visits = found.visits.count()
    found.delete()
    return visits


# --- the structure: municipalities, units, activities (coordinators and mentors) ------------------

@transaction.atomic
def municipality_add(*, actor, owner: Owner, name: str) -> Municipality:
    """A municipality where the owner's units work (coordinators); the same name in the owner's
    country is the same municipality. Raises PermissionDenied, ValidationFailed."""
    require_coordinator(actor, owner)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(fields={"name": [_("Type the municipality's name.")]})
    municipality, created = Municipality.objects.get_or_create(country=owner.country, name=name)
    if not created and Unit.objects.filter(owner=owner, municipality=municipality).exists():
        raise ValidationFailed(fields={"name": [_("The network already has units in this municipality.")]})
    audit.record(actor=actor, obj=owner, action=AuditEntry.Action.UPDATE,
                 changes={"municipality_added": [None, municipality.name]})
    return municipality


@transaction.atomic
def unit_create(*, actor, owner: Owner, name: str, municipality: Municipality, organisation) -> Unit:
    """A new unit of the owner (coordinators). Raises PermissionDenied, ValidationFailed."""
    require_coordinator(actor, owner)
    name = " ".join((name or "").split())
    if Unit.objects.filter(owner=owner, name__iexact=name).exists():
        raise ValidationFailed(fields={"name": [_("The network already has a unit with this name.")]})
    unit = Unit.objects.create(owner=owner, name=name, municipality=municipality, organisation=organisation)
    audit.record(actor=actor, obj=unit, action=AuditEntry.Action.CREATE,
                 changes=audit.diff({}, audit.snapshot(unit, ["name", "municipality", "organisation"])))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, name: str, municipality: Municipality) -> Unit:
    """Rename a unit or move it to another municipality (coordinators). Raises PermissionDenied,
    ValidationFailed."""
    require_coordinator(actor, unit.owner)
    name = " ".join((name or "").split())
    if Unit.objects.filter(owner=unit.owner, name__iexact=name).exclude(pk=unit.pk).exists():
        raise ValidationFailed(fields={"name": [_("The network already has a unit with this name.")]})
    before = audit.snapshot(unit, ["name", "municipality"])
    unit.name, unit.municipality = name, municipality
    unit.save(update_fields=["name", "municipality"])
    changes = audit.diff(before, audit.snapshot(unit, ["name", "municipality"]))
    if changes:
        audit.record(actor=actor, obj=unit, action=AuditEntry.Action.UPDATE, changes=changes)
    return unit


@transaction.atomic
def activity_update(*, actor, activity: Activity, name: str, kind: str, aims: str = "", shared_aims=(),
                    active: bool = True) -> Activity:
    """Change an activity of a unit, or retire it (`active=False`: it leaves the entry page, its entries
    stay). The unit's mentor or the owner's coordinator. Raises PermissionDenied."""
    require_mentor(actor, activity.unit)
    fields = ["name", "kind", "aims", "active"]
    before = audit.snapshot(activity, fields)
    activity.name, activity.kind, activity.aims, activity.active = name.strip(), kind, aims.strip(), active
    activity.save(update_fields=fields)
    activity.shared_aims.set([a for a in shared_aims if a.owner_id == activity.unit.owner_id])
    changes = audit.diff(before, audit.snapshot(activity, fields))
    if changes:
        audit.record(actor=actor, obj=activity, action=AuditEntry.Action.UPDATE, changes=changes)
    return activity


@transaction.atomic
def question_remove(*, actor, question: ReflectionQuestion) -> None:
    """Stop asking a reflection question (coordinators); the answers already given stay with the entries."""
    require_coordinator(actor, question.owner)
    audit.record(actor=actor, obj=question.owner, action=AuditEntry.Action.UPDATE,
                 changes={"reflection_question_removed": [f"{question.kind}: {question.text}", None]})
    question.delete()


# --- entries on paper: a week's grid and a CSV file of earlier records -------------------------------

BULK_NAMESPACE = uuid_module.UUID("6f1d1c1e-8c4b-4bd3-9a57-2b1f0f5d7a10")


def bulk_uuid(*parts) -> uuid_module.UUID:
    """The identifier of an entry recorded from paper: the same cell or CSV line sent again is the same
    entry, so a week's grid or a file saved twice records each session once."""
    return uuid_module.uuid5(BULK_NAMESPACE, ":".join(str(p) for p in parts))


@dataclass
class BulkRow:
    """One session to record from paper: where it came from (`key`: a grid cell or a CSV line, named
    in the errors), what it is (`identity`: the same cell of the same day, the same line's text) and
    the entry's values."""

    key: str
    identity: str
    activity: Activity
    values: dict = field(default_factory=dict)


@transaction.atomic
def entries_record_bulk(*, actor, unit: Unit, rows: list[BulkRow], source: str) -> tuple[int, int]:
    """Record every row of a week's grid or a CSV file for `unit`, all or nothing: when one row is
    refused, nothing is saved and ValidationFailed names every refused row by its key. A row recorded
    before (the same cell or line) is kept as it is. Returns (recorded, already recorded). Raises
    PermissionDenied, ValidationFailed."""
    require_recorder(actor, unit)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for row in rows:
        if row.activity.unit_id != unit.pk:
            errors.setdefault(row.key, []).append(_("Choose one of the unit's activities."))
            continue
        values = row.values
        if values["date"] > today:
            errors.setdefault(row.key, []).append(_("The date cannot be in the future."))
        if Decimal(values.get("youth_led_hours") or 0) > Decimal(values.get("hours") or 0):
            errors.setdefault(row.key, []).append(_("Youth-led hours cannot be more than the hours."))
    if errors:
        raise ValidationFailed(fields=errors)
    uuids = {row.key: bulk_uuid(source, unit.pk, row.identity) for row in rows}
    existing = set(Entry.objects.filter(uuid__in=uuids.values()).values_list("uuid", flat=True))
    new = [Entry(uuid=uuids[row.key], unit=unit, activity=row.activity, author=actor, **row.values)
           for row in rows if uuids[row.key] not in existing]
    Entry.objects.bulk_create(new)
    if new:
        audit.record(actor=actor, obj=unit, action=AuditEntry.Action.UPDATE,
                     changes={"entries_recorded_from_paper": [None, f"{source}: {len(new)}"]})
    return len(new), len(rows) - len(new)
