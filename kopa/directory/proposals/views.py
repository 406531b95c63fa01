"""The proposer's page: propose a new organisation from "my area"."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.core.web import submit
from kopa.directory.proposals import services
from kopa.directory.proposals.forms import ProposalForm


@login_required
def proposal_create(request):
    form = ProposalForm(request.POST if request.method == "POST" else None, initial={"legal_name": request.GET.get("name", "")[:250]})
    saved = submit(request, form, lambda: services.proposal_create(actor=request.user, data=form.cleaned_data),
                   success=_("Thank you: the agency in its country will review your proposal."))
    if saved is not None:
        return redirect("site:my_home")
    return render(request, "directory/proposals/propose.html", {"form": form})
