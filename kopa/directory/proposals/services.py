"""Writes about organisation proposals: a person proposes a new organisation; staff of an agency in
its country accept it, merge it into an organisation they have, or reject it with a reason.

Nothing a proposer types reaches an inventory or the directory before staff accept it. Each decision
is audited on the proposal (and on the organisation it creates or joins) and e-mailed to the proposer.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.directory import notifications
from kopa.directory.access import require_in_inventory, require_proposal_reviewer
from kopa.directory.models import Affiliation, Organisation, OrganisationProposal, Representative
from kopa.directory.organisations.services import (
    organisation_create_in_country,
    representative_decide,
    representative_request,
    validation_failed,
)
from kopa.directory.people.services import person_of_account
from kopa.directory.rules import typed_oid

# A proposer waits for decisions before proposing more than this many organisations.
MAX_PENDING_PER_PERSON = 5
REASON_MAX_LENGTH = 1000
PROPOSAL_FIELDS = ("legal_name", "country", "city", "oid", "website", "role", "represent")


@transaction.atomic
def proposal_create(*, actor, data: dict) -> OrganisationProposal:
    """`actor` proposes a new organisation, in no inventory until reviewed. Raises ValidationFailed."""
    proposal = OrganisationProposal(proposed_by=actor)
    for name in PROPOSAL_FIELDS:
        value = data.get(name) or ""
        setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    proposal.oid = typed_oid(proposal.oid) or proposal.oid.upper()
    proposal.represent = bool(data.get("represent"))
    try:
        proposal.full_clean(exclude=["proposed_by"])
    except ValidationError as exc:
        raise validation_failed(exc) from exc
    if proposal.oid and Organisation.objects.filter(oid=proposal.oid).exists():
        raise ValidationFailed(fields={"oid": [_(
            "An organisation with this OID is already in Kopa: search for the OID in your area and "
            "say you work there, or ask to represent it.")]})
    pending = OrganisationProposal.objects.filter(proposed_by=actor, status=OrganisationProposal.Status.PENDING)
    if pending.filter(legal_name__iexact=proposal.legal_name, country=proposal.country).exists():
        raise ValidationFailed(fields={"legal_name": [_("You have already proposed this organisation.")]})
    if pending.count() >= MAX_PENDING_PER_PERSON:
        raise ValidationFailed(fields={"__all__": [_(
            "You have %(count)d proposals waiting for review. Please wait for a decision before "
            "proposing more.") % {"count": MAX_PENDING_PER_PERSON}]})
    proposal.save()
    audit.record(actor=actor, obj=proposal, action="create", changes=audit.diff({}, audit.snapshot(proposal)))
    return proposal


def _pending_for_decision(actor, proposal: OrganisationProposal) -> OrganisationProposal:
    """The proposal, locked, if `actor` reviews it and nobody has decided it yet.
    Raises PermissionDenied, Conflict."""
    require_proposal_reviewer(actor, proposal)
    locked = OrganisationProposal.objects.select_for_update().select_related("proposed_by").get(pk=proposal.pk)
    if locked.status != OrganisationProposal.Status.PENDING:
        raise Conflict(_("This proposal has already been decided."))
    return locked


def _link_proposer(*, actor, proposal: OrganisationProposal, organisation: Organisation,
                   approve_representative: bool) -> None:
    """Link the proposer to `organisation` as they asked: their role (claimed), and a representation
    that staff approve now or later on the organisation's page."""
    person = person_of_account(user=proposal.proposed_by)
    affiliation, created = Affiliation.objects.get_or_create(
        person=person, organisation=organisation, role=proposal.role, defaults={"claimed": True})
    if created:
        audit.record(actor=actor, obj=person, action="update",
                     changes={"affiliation": [None, f"{affiliation} (claimed)"]})
    if proposal.represent:
        representation = representative_request(user=proposal.proposed_by, organisation=organisation)
        if approve_representative and representation.status != Representative.Status.APPROVED:
            representative_decide(actor=actor, representative=representation, approve=True)


def _decide(*, actor, proposal: OrganisationProposal, status: str, organisation=None, reason: str = ""):
    before = audit.snapshot(proposal)
    proposal.status = status
    proposal.organisation = organisation
    proposal.reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save()
    audit.record(actor=actor, obj=proposal, action="update", changes=audit.diff(before, audit.snapshot(proposal)))
    notifications.proposal_decided(proposal)
    return proposal


@transaction.atomic
def proposal_accept(*, actor, proposal: OrganisationProposal, approve_representative: bool = True) -> Organisation:
    """Create the proposed organisation in the inventories of its country's agencies and link the
    proposer to it. Returns the organisation. Raises PermissionDenied, Conflict, ValidationFailed."""
    proposal = _pending_for_decision(actor, proposal)
    organisation = organisation_create_in_country(actor=actor, data={
        "legal_name": proposal.legal_name, "country": proposal.country.code, "city": proposal.city,
        "oid": proposal.oid or None, "website": proposal.website,
    })
    _link_proposer(actor=actor, proposal=proposal, organisation=organisation,
                   approve_representative=approve_representative)
    _decide(actor=actor, proposal=proposal, status=OrganisationProposal.Status.ACCEPTED, organisation=organisation)
    return organisation


@transaction.atomic
def proposal_merge(*, actor, proposal: OrganisationProposal, organisation: Organisation,
                   approve_representative: bool = True) -> Organisation:
    """The proposed organisation is `organisation`, already in `actor`'s inventory: link the proposer
    there. Returns the organisation. Raises PermissionDenied, Conflict."""
    proposal = _pending_for_decision(actor, proposal)
    require_in_inventory(actor, organisation)
    _link_proposer(actor=actor, proposal=proposal, organisation=organisation,
                   approve_representative=approve_representative)
    audit.record(actor=actor, obj=organisation, action="update",
                 changes={"proposal": [None, f"{proposal} (#{proposal.pk})"]})
    _decide(actor=actor, proposal=proposal, status=OrganisationProposal.Status.MERGED, organisation=organisation)
    return organisation


@transaction.atomic
def proposal_reject(*, actor, proposal: OrganisationProposal, reason: str) -> OrganisationProposal:
    """Turn the proposal down; the reason is shown to the proposer.
    Raises PermissionDenied, Conflict, ValidationFailed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": [_("Say why, for the person who proposed it.")]})
    if len(reason) > REASON_MAX_LENGTH or "\x00" in reason:
        raise ValidationFailed(fields={"reason": [_("Write at most %(count)d characters.") % {
            "count": REASON_MAX_LENGTH}]})
    proposal = _pending_for_decision(actor, proposal)
    return _decide(actor=actor, proposal=proposal, status=OrganisationProposal.Status.REJECTED, reason=reason)
