"""Writes about organisations: profiles, creation in a country's inventories, staff notes, tags and
representatives. Each a keyword-only function in one transaction, audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.agencies.selectors import agencies_in_country, is_agency_writer
from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.i18n import clean_texts
from kopa.core.models import AuditEntry
from kopa.directory.access import require_in_inventory, require_organisation_manager
from kopa.directory.models import Organisation, OrganisationTag, Representative, StaffNote
from kopa.directory.rules import normalise

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


def validation_failed(exc: ValidationError) -> ValidationFailed:
    """A model's validation errors as the service error the pages and the API show."""
    fields = {
        name: [str(m) for m in messages] for name, messages in exc.message_dict.items()
    } if hasattr(exc, "error_dict") else {"__all__": [str(m) for m in exc.messages]}
    return ValidationFailed(fields=fields)


def apply_profile(org: Organisation, data: dict) -> None:
    """Set `org`'s profile fields from service data (unsaved), with its search text."""
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
        problems = validation_failed(exc).fields
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
    if agency is not None:
        require_agency_staff(actor, agency)
    org = Organisation()
    apply_profile(org, data)
    _save(org, data)
    if agency is not None:
        org.agencies.add(agency)
    audit.record(actor=actor, obj=org, action="create", changes=audit.diff({}, audit.snapshot(org)))
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict) -> Organisation:
    """Change an organisation's profile. Raises PermissionDenied, ValidationFailed."""
    require_organisation_manager(actor, organisation)
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit.snapshot(org)
    apply_profile(org, data)
    _save(org, data)
    changes = audit.diff(before, audit.snapshot(org))
    if changes:
        audit.record(actor=actor, obj=org, action="update", changes=changes)
    return org


@transaction.atomic
def organisation_create_in_country(*, actor, data: dict) -> Organisation:
    """An organisation that joins the inventories of every agency in its country, unlisted until it
    consents; for staff of one of those agencies (e.g. accepting a proposal).
    Raises PermissionDenied, ValidationFailed."""
    org = Organisation()
    apply_profile(org, data)
    agencies = list(agencies_in_country(org.country.code)) if org.country else []
    if not any(is_agency_writer(actor, agency.pk) for agency in agencies):
        raise PermissionDenied()
    _save(org, data)
    org.agencies.set(agencies)
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
    audit.record(actor=actor, obj=organisation, action="update", changes={"staff_note": [None, f"#{note.pk}"]},
                 private_to=agency)
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
        audit.record(actor=actor, obj=organisation, action="update", changes={"tags": [before, clean]},
                     private_to=agency)
    return clean


@transaction.atomic
def representative_request(*, user, organisation: Organisation, approved: bool = False) -> Representative:
    """Ask to represent `organisation`, for its agency's staff to approve (a demo login is `approved`
    at once). Asking again changes nothing. Returns the representation."""
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
    require_in_inventory(actor, org)
    old = representative.status
    representative.status = Representative.Status.APPROVED if approve else Representative.Status.REJECTED
    representative.save(update_fields=["status"])
    audit.record(actor=actor, obj=org, action="update",
                 changes={"representative": [f"{representative.user.get_username()} ({old})",
                                             f"{representative.user.get_username()} ({representative.status})"]})
    return representative


@transaction.atomic
def representations_end(*, user) -> int:
    """End every representation of `user` (their account is being deleted), audited. Returns how many."""
    representations = list(Representative.objects.filter(user=user).select_related("organisation"))
    for representation in representations:
        audit.record(actor=None, obj=representation.organisation, action=AuditEntry.Action.UPDATE,
                     changes={"representative": [str(_("an account that was deleted")), None]})
        representation.delete()
    return len(representations)
