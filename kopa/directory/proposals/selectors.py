"""Reads about organisation proposals: the proposer's own, the review queue of the staff of the
proposal's country, and the organisations a proposal may already be."""

from django.db.models import QuerySet

from kopa.directory.access import proposal_review_scope
from kopa.directory.duplicates.selectors import similar_to
from kopa.directory.models import Organisation, OrganisationProposal
from kopa.directory.organisations.selectors import OrganisationFilters, staff_organisation_list


def proposals_of(user) -> QuerySet[OrganisationProposal]:
    """The organisations `user` proposed, newest first, with what became of them."""
    if not getattr(user, "is_authenticated", False):
        return OrganisationProposal.objects.none()
    return OrganisationProposal.objects.filter(proposed_by=user).select_related("organisation").order_by(
        "-created_at", "-id")


def proposals_to_review(*, user) -> QuerySet[OrganisationProposal]:
    """Proposals waiting for `user`'s agencies' decision, oldest first."""
    return proposal_review_scope(user).filter(status=OrganisationProposal.Status.PENDING).select_related(
        "proposed_by")


def proposals_decided(*, user) -> QuerySet[OrganisationProposal]:
    """Proposals `user`'s agencies could review that have been decided, latest decision first."""
    return (proposal_review_scope(user).exclude(status=OrganisationProposal.Status.PENDING)
            .select_related("proposed_by", "decided_by", "organisation").order_by("-decided_at", "-id"))


def possible_duplicates(*, user, proposal: OrganisationProposal) -> list[Organisation]:
    """Organisations in `user`'s inventory the proposal may already be: the same OID, or a similar
    name in the same town."""
    return similar_to(user=user, country=proposal.country, city=proposal.city, name=proposal.legal_name,
                      oid=proposal.oid)


def merge_candidates(*, user, proposal: OrganisationProposal, q: str = "", limit: int = 20) -> list[Organisation]:
    """What staff may merge the proposal into: its possible duplicates, then their inventory searched
    for `q`."""
    found = possible_duplicates(user=user, proposal=proposal)
    if q.strip():
        seen = {o.pk for o in found}
        found += [o for o in staff_organisation_list(user=user, filters=OrganisationFilters(q=q))[:limit]
                  if o.pk not in seen]
    return found[:limit]
