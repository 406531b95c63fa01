"""Writes about people: contact people, their roles at organisations and their consents.

Each a keyword-only function in one transaction, audited. Who may change a person is the same as who
may see their contact details (`kopa.directory.access`); a system load passes `system=True`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.access import require_organisation_manager, require_person_manager
from kopa.directory.models import Affiliation, ConsentRecord, Organisation, Person
from kopa.directory.organisations.services import validation_failed


@transaction.atomic
def person_create(*, actor, first_name: str, last_name: str, email: str = "", phone: str = "",
                  languages=(), user=None, country: str = "") -> Person:
    """Create a person. Raises ValidationFailed."""
    person = Person(first_name=first_name.strip(), last_name=last_name.strip(), email=email.strip(),
                    phone=phone.strip(), user=user, country=country)
    try:
        person.full_clean(exclude=["languages"])
    except ValidationError as exc:
        raise validation_failed(exc) from exc
    person.save()
    person.languages.set(languages)
    audit.record(actor=actor, obj=person, action="create", changes=audit.diff({}, audit.snapshot(person)))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict, system: bool = False) -> Person:
    """Change a person's details, as someone allowed to see them (or a system load).
    Raises PermissionDenied, ValidationFailed."""
    require_person_manager(actor, person, system=system)
    before = audit.snapshot(person)
    for name in ("first_name", "last_name", "email", "phone"):
        if name in data:
            setattr(person, name, (data[name] or "").strip())
    try:
        person.full_clean(exclude=["languages"])
    except ValidationError as exc:
        raise validation_failed(exc) from exc
    person.save()
    if "languages" in data:
        person.languages.set(data["languages"])
    changes = audit.diff(before, audit.snapshot(person))
    if changes:
        audit.record(actor=actor, obj=person, action="update", changes=changes)
    return person


@transaction.atomic
def affiliation_add(*, actor, person: Person, organisation: Organisation, role: str, title: str = "") -> Affiliation:
    """Give `person` a role at `organisation`. Raises PermissionDenied, ValidationFailed."""
    require_organisation_manager(actor, organisation)
    if Affiliation.objects.filter(person=person, organisation=organisation, role=role).exists():
        raise ValidationFailed(fields={"role": [_("This person already has this role here.")]})
    affiliation = Affiliation.objects.create(person=person, organisation=organisation, role=role, title=title.strip())
    audit.record(actor=actor, obj=person, action="update",
                 changes={"affiliation": [None, str(affiliation)]})
    return affiliation


@transaction.atomic
def consent_record(*, actor, person: Person, purpose: str, given: bool, source: str = "",
                   system: bool = False) -> ConsentRecord:
    """Record that `person` gave or withdrew consent for `purpose`, as someone allowed to see them
    (or a system load). Raises PermissionDenied, ValidationFailed."""
    require_person_manager(actor, person, system=system)
    if purpose not in ConsentRecord.Purpose.values:
        raise ValidationFailed(fields={"purpose": [_("Choose a purpose from the list.")]})
    record = ConsentRecord.objects.create(
        person=person, purpose=purpose, given=given, source=source.strip()[:200],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, obj=person, action="update", changes={f"consent:{purpose}": [None, given]})
    return record


@transaction.atomic
def contact_person_add(*, actor, organisation: Organisation, role: str, title: str = "", first_name: str,
                       last_name: str, email: str = "", phone: str = "", languages=()) -> Person:
    """Create a person together with their first role at `organisation`.
    Raises PermissionDenied, ValidationFailed."""
    require_organisation_manager(actor, organisation)
    if role not in Affiliation.Role.values:
        raise ValidationFailed(fields={"role": [_("Choose a role from the list.")]})
    person = person_create(actor=actor, first_name=first_name, last_name=last_name, email=email, phone=phone,
                           languages=languages)
    affiliation_add(actor=actor, person=person, organisation=organisation, role=role, title=title)
    return person


@transaction.atomic
def affiliation_remove(*, actor, affiliation: Affiliation) -> None:
    """End a person's role at an organisation. Raises PermissionDenied."""
    require_organisation_manager(actor, affiliation.organisation)
    person, label = affiliation.person, str(affiliation)
    affiliation.delete()
    audit.record(actor=actor, obj=person, action="update", changes={"affiliation": [label, None]})


@transaction.atomic
def person_of_account(*, user) -> Person:
    """The person record of a signed-in account, made from the account's name when it has none yet."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    first_name = user.first_name or user.get_username().split("@")[0]
    return person_create(actor=user, first_name=first_name[:100], last_name=user.last_name[:100],
                         email=user.email, user=user)


@transaction.atomic
def affiliation_claim(*, actor, organisation: Organisation, role: str, title: str = "") -> Affiliation:
    """`actor` says they work or volunteer at `organisation`: a claimed role, shown as such, which
    makes them no representative. Raises ValidationFailed."""
    if role not in Affiliation.Role.values:
        raise ValidationFailed(fields={"role": [_("Choose a role from the list.")]})
    person = person_of_account(user=actor)
    if Affiliation.objects.filter(person=person, organisation=organisation, role=role).exists():
        raise ValidationFailed(fields={"role": [_("You already have this role here.")]})
    affiliation = Affiliation(person=person, organisation=organisation, role=role, title=(title or "").strip(),
                              claimed=True)
    try:
        affiliation.full_clean()
    except ValidationError as exc:
        raise validation_failed(exc) from exc
    affiliation.save()
    audit.record(actor=actor, obj=person, action="update",
                 changes={"affiliation": [None, f"{affiliation} (claimed)"]})
    return affiliation


@transaction.atomic
def person_erase(*, actor, person: Person, system: bool = False) -> None:
    """Delete `person` with their roles, consents and working-group memberships; their history keeps
    only "person #<id>" (audit.forget). `system=True` when the person deletes their own account or
    an agency grants an erasure request (the caller has checked who may); else the actor must be
    allowed to manage the person. Raises PermissionDenied."""
    require_person_manager(actor, person, system=system)
    names = {person.first_name, person.last_name, str(person), person.email, person.phone}
    for affiliation in Affiliation.objects.filter(person=person).select_related("organisation"):
        names.add(str(affiliation))
    audit.record(actor=actor, obj=person, action=AuditEntry.Action.DELETE)
    audit.forget(Person, {person.pk: names})  # the entry just written too
    person.delete()
