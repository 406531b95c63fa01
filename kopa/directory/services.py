"""Writes to the directory: each a keyword-only function in one transaction, audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.agencies.selectors import agencies_in_country, staff_agency_ids
from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.i18n import clean_texts
from kopa.directory.models import (
    Affiliation,
    ConsentRecord,
    Organisation,
    OrganisationTag,
    Person,
    Representative,
    StaffNote,
)
from kopa.directory.selectors import (
    can_edit_organisation,
    can_manage_person,
    normalise,
    staff_scope,
)

SCALAR_FIELDS = (
    "legal_name",
    "type",
    "country",
    "region",
    "city",
    "address",
    "postcode",
    "website",
    "email",
    "oid",
    "experience",
    "can_host",
    "can_send",
    "can_coordinate",
    "accessibility",
    "public_listing",
)
TEXT_FIELDS = ("description", "accessibility_notes")
M2M_FIELDS = ("target_groups", "themes", "working_languages")


def search_text_for(org: Organisation) -> str:
    parts = [org.legal_name, org.city, org.region, org.oid or "", org.postcode]
    parts += list((org.description or {}).values())
    return normalise(" ".join(p for p in parts if p))


def _validation_failed(exc: ValidationError) -> ValidationFailed:
    fields = {
        name: [str(m) for m in messages] for name, messages in exc.message_dict.items()
    } if hasattr(exc, "error_dict") else {"__all__": [str(m) for m in exc.messages]}
    return ValidationFailed(fields=fields)


def _apply(org: Organisation, data: dict) -> None:
    for name in SCALAR_FIELDS:
        if name in data:
            value = data[name]
            if name == "oid":
                value = (value or "").strip().upper() or None
            elif isinstance(value, str):
                value = value.strip()
            setattr(org, name, value)
    for name in TEXT_FIELDS:
        if name in data:
            setattr(org, name, clean_texts(data[name]))
    if org.public_listing and not org.public_listing_consented_at:
        org.public_listing_consented_at = timezone.now()
    if not org.public_listing:
        org.public_listing_consented_at = None
    org.search_text = search_text_for(org)


def organisation_problems(
    org: Organisation, *, check_database: bool = True, checked: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """What is wrong with `org`'s own fields, as {field: [messages]}; empty when it can be saved.

    The one validation of an organisation, used by the forms' services and by imports. Imports check
    without the database (`check_database=False`) and look up OIDs for all rows at once instead;
    `checked` names fields the caller has already matched against the same choices (imports map the
    country through the list of countries once, which is far cheaper than validating each row's).
    """
    problems: dict[str, list[str]] = {}
    try:
        org.full_clean(
            exclude=["agencies", *M2M_FIELDS, *checked], validate_unique=check_database,
            validate_constraints=False,
        )
    except ValidationError as exc:
        problems = _validation_failed(exc).fields
    return problems


def _save(org: Organisation, data: dict) -> None:
    problems = organisation_problems(org)
    if problems:
        raise ValidationFailed(fields=problems)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:  # a concurrent insert of the same OID
        raise ValidationFailed(
            fields={"oid": [_("An organisation with this OID already exists.")]}
        ) from exc
    for name in M2M_FIELDS:
        if name in data:
            getattr(org, name).set(data[name])


@transaction.atomic
def organisation_create(*, actor, data: dict, agency: Agency | None = None) -> Organisation:
    """Create an organisation in `agency`'s inventory. Raises PermissionDenied, ValidationFailed."""
    if agency is not None and agency.pk not in staff_agency_ids(actor):
        raise PermissionDenied()
    org = Organisation()
    _apply(org, data)
    _save(org, data)
    if agency is not None:
        org.agencies.add(agency)
    audit.record(actor=actor, obj=org, action="create", changes=audit.diff({}, audit.snapshot(org)))
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict) -> Organisation:
    """Change an organisation's profile. Raises PermissionDenied, ValidationFailed."""
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied()
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit.snapshot(org)
    _apply(org, data)
    _save(org, data)
    changes = audit.diff(before, audit.snapshot(org))
    if changes:
        audit.record(actor=actor, obj=org, action="update", changes=changes)
    return org


@transaction.atomic
def organisation_self_register(*, actor, data: dict) -> Organisation:
    """An organisation registered by its own representative; it joins its country's agencies' inventories,
    unlisted until it consents. Raises ValidationFailed."""
    org = Organisation()
    _apply(org, data)
    _save(org, data)
    org.agencies.set(agencies_in_country(org.country.code))
    audit.record(actor=actor, obj=org, action="create", changes=audit.diff({}, audit.snapshot(org)))
    return org



@transaction.atomic
def staff_note_add(*, actor, agency: Agency, organisation: Organisation, text: str) -> StaffNote:
    """Add an agency-private note. Raises PermissionDenied, ValidationFailed."""
    require_agency_staff(actor, agency)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(fields={"text": [_("Write the note first.")]})
    note = StaffNote.objects.create(agency=agency, organisation=organisation, author=actor, text=text)
    audit.record(actor=actor, obj=organisation, action="update", changes={"staff_note": [None, f"#{note.pk}"]})
    return note


@transaction.atomic
def tags_set(*, actor, agency: Agency, organisation: Organisation, names: list[str]) -> list[str]:
    """Replace `agency`'s tags on `organisation`. Raises PermissionDenied, ValidationFailed."""
    require_agency_staff(actor, agency)
    clean = sorted({n.strip() for n in names if n.strip()}, key=str.lower)
    if any(len(n) > 60 for n in clean):
        raise ValidationFailed(fields={"tags": [_("A tag can be at most 60 characters long.")]})
    existing = OrganisationTag.objects.filter(agency=agency, organisation=organisation)
    before = sorted(existing.values_list("name", flat=True), key=str.lower)
    existing.exclude(name__in=clean).delete()
    for name in clean:
        OrganisationTag.objects.get_or_create(agency=agency, organisation=organisation, name=name)
    if before != clean:
        audit.record(actor=actor, obj=organisation, action="update", changes={"tags": [before, clean]})
    return clean


@transaction.atomic
def person_create(*, actor, first_name: str, last_name: str, email: str = "", phone: str = "",
                  languages=(), user=None) -> Person:
    """Create a person. Raises ValidationFailed."""
    person = Person(first_name=first_name.strip(), last_name=last_name.strip(), email=email.strip(),
                    phone=phone.strip(), user=user)
    try:
        person.full_clean(exclude=["languages"])
    except ValidationError as exc:
        raise _validation_failed(exc) from exc
    person.save()
    person.languages.set(languages)
    audit.record(actor=actor, obj=person, action="create", changes=audit.diff({}, audit.snapshot(person)))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict, system: bool = False) -> Person:
    """Change a person's details, as someone allowed to see them (or a system load).
    Raises PermissionDenied, ValidationFailed."""
    _require_person_access(actor, person, system=system)
    before = audit.snapshot(person)
    for name in ("first_name", "last_name", "email", "phone"):
        if name in data:
            setattr(person, name, (data[name] or "").strip())
    try:
        person.full_clean(exclude=["languages"])
    except ValidationError as exc:
        raise _validation_failed(exc) from exc
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
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied()
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
    _require_person_access(actor, person, system=system)
    if purpose not in ConsentRecord.Purpose.values:
        raise ValidationFailed(fields={"purpose": [_("Choose a purpose from the list.")]})
    record = ConsentRecord.objects.create(
        person=person, purpose=purpose, given=given, source=source.strip()[:200],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, obj=person, action="update", changes={f"consent:{purpose}": [None, given]})
    return record


@transaction.atomic
def representative_request(*, user, organisation: Organisation, approved: bool = False) -> Representative:
    """Ask to represent `organisation`; approved at once only when the user created it."""
    rep, created = Representative.objects.get_or_create(
        user=user, organisation=organisation,
        defaults={"status": Representative.Status.APPROVED if approved else Representative.Status.PENDING},
    )
    if created:
        audit.record(actor=user, obj=organisation, action="update",
                     changes={"representative": [None, f"{user.get_username()} ({rep.status})"]})
    return rep


@transaction.atomic
def representative_decide(*, actor, representative: Representative, approve: bool) -> Representative:
    """Approve or reject a representation request. Raises PermissionDenied."""
    org = representative.organisation
    if not staff_scope(actor).filter(pk=org.pk).exists():
        raise PermissionDenied()
    old = representative.status
    representative.status = Representative.Status.APPROVED if approve else Representative.Status.REJECTED
    representative.save(update_fields=["status"])
    audit.record(actor=actor, obj=org, action="update",
                 changes={"representative": [f"{representative.user.get_username()} ({old})",
                                             f"{representative.user.get_username()} ({representative.status})"]})
    return representative


def _require_person_access(actor, person: Person, *, system: bool) -> None:
    if not system and not can_manage_person(actor, person):
        raise PermissionDenied()


@transaction.atomic
def contact_person_add(*, actor, organisation: Organisation, role: str, title: str = "", first_name: str,
                       last_name: str, email: str = "", phone: str = "", languages=()) -> Person:
    """Create a person together with their first role at `organisation`.
    Raises PermissionDenied, ValidationFailed."""
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied()
    if role not in Affiliation.Role.values:
        raise ValidationFailed(fields={"role": [_("Choose a role from the list.")]})
    person = person_create(actor=actor, first_name=first_name, last_name=last_name, email=email, phone=phone,
                           languages=languages)
    affiliation_add(actor=actor, person=person, organisation=organisation, role=role, title=title)
    return person




@transaction.atomic
def affiliation_remove(*, actor, affiliation: Affiliation) -> None:
    """End a person's role at an organisation. Raises PermissionDenied."""
    if not can_edit_organisation(actor, affiliation.organisation):
        raise PermissionDenied()
    person, label = affiliation.person, str(affiliation)
    affiliation.delete()
    audit.record(actor=actor, obj=person, action="update", changes={"affiliation": [label, None]})


