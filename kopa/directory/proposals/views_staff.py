"""The review queue: staff of a proposal's country accept it, merge it into an organisation in their
inventory, or reject it."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.core import audit
from kopa.core.web import submit
from kopa.directory.access import proposal_for_review
from kopa.directory.models import OrganisationProposal
from kopa.directory.organisations.selectors import representation_requests
from kopa.directory.proposals import selectors, services
from kopa.directory.proposals.forms import AcceptForm, MergeForm, RejectForm, SearchForm

DECIDED_SHOWN = 20


@staff_required
def proposal_list(request):
    return render(request, "directory/proposals/staff_list.html", {
        "pending": selectors.proposals_to_review(user=request.user),
        "decided": selectors.proposals_decided(user=request.user)[:DECIDED_SHOWN],
        "representation_requests": representation_requests(user=request.user),
    })


@staff_required
def proposal_review(request, pk: int):
    proposal = proposal_for_review(user=request.user, pk=pk)
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    candidates = selectors.merge_candidates(user=request.user, proposal=proposal, q=q)
    action = request.POST.get("action") if request.method == "POST" else None
    accept = AcceptForm(request.POST if action == "accept" else None, prefix="accept", proposal=proposal)
    merge = MergeForm(request.POST if action == "merge" else None, prefix="merge", proposal=proposal,
                      candidates=candidates)
    reject = RejectForm(request.POST if action == "reject" else None, prefix="reject")
    done = None
    if action == "accept":
        done = submit(request, accept, lambda: services.proposal_accept(
            actor=request.user, proposal=proposal, approve_representative=accept.approves(),
        ), success=_("The organisation is added to the inventory."))
    elif action == "merge":
        done = submit(request, merge, lambda: services.proposal_merge(
            actor=request.user, proposal=proposal, organisation=merge.chosen(),
            approve_representative=merge.approves(),
        ), success=_("The proposal is joined with the organisation you chose."))
    elif action == "reject":
        done = submit(request, reject, lambda: services.proposal_reject(
            actor=request.user, proposal=proposal, reason=reject.cleaned_data["reason"],
        ), success=_("The proposal is rejected; its author is told why."))
    if done is not None:
        return redirect("directory:proposal_list")
    return render(request, "directory/proposals/staff_review.html", {
        "proposal": proposal,
        "pending": proposal.status == OrganisationProposal.Status.PENDING,
        "duplicates": selectors.possible_duplicates(user=request.user, proposal=proposal),
        "candidates": candidates,
        "search": search,
        "accept_form": accept,
        "merge_form": merge,
        "reject_form": reject,
        "history": audit.history_for(proposal)[:50],
    })
