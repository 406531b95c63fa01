"""Mentor pairing for a campaign, one page in two steps: choose the newcomers, the mentors and k, and
Kopa proposes the pairs of highest total score; adjust any newcomer's mentor and confirm. The page
without a form posted shows the pairs confirmed so far."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.core.web import submit
from kopa.matchmaking.access import campaign_for_pairing
from kopa.matchmaking.pairing import selectors, services
from kopa.matchmaking.pairing.forms import PairingAdjustForm, PairingSetupForm

ACTIONS = ("propose", "confirm")


def _confirmed_message(result: services.Confirmed) -> str:
    if not (result.added or result.changed or result.removed):
        return _("Nothing changed: these pairs were confirmed already.")
    return _("The pairs are confirmed: %(added)s new, %(changed)s changed, %(removed)s removed.") % {
        "added": result.added, "changed": result.changed, "removed": result.removed}


@staff_required
def mentor_pairing(request, pk: int):
    campaign = campaign_for_pairing(user=request.user, pk=pk)
    pairings = selectors.confirmed_pairings(campaign)
    current = {p.newcomer_id: p for p in pairings}
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        return HttpResponseBadRequest(_("Unknown action."))
    setup = PairingSetupForm(request.POST if action else None, newcomers=selectors.newcomer_candidates(campaign),
                             mentors=selectors.mentor_candidates(campaign), paired=current)
    context = {"campaign": campaign, "pairings": pairings, "setup": setup}
    if action is None or not setup.is_valid():
        return render(request, "matchmaking/pairing/page.html", context)

    newcomers, mentors, k = setup.chosen()
    scoring = selectors.pairing_scoring(newcomers, mentors)
    if action == "propose":
        choice = selectors.proposal(campaign=campaign, scoring=scoring, k=k)
        form = PairingAdjustForm(newcomers=newcomers, mentors=mentors, initial=choice)
    else:
        form = PairingAdjustForm(request.POST, newcomers=newcomers, mentors=mentors)
        result = submit(request, form, lambda: services.pairing_confirm(
            actor=request.user, campaign=campaign, newcomer_ids=[o.pk for o in newcomers],
            mentor_ids=[o.pk for o in mentors], assignments=form.assignments(), k=k))
        if result is not None:
            messages.success(request, _confirmed_message(result))
            return redirect("matchmaking:pairing", pk=campaign.pk)
        choice = form.posted_choice()
    table = selectors.pairing_table(scoring=scoring, choice=choice, current=current)
    context.update({
        "form": form, "table": table, "k": k, "newcomers": newcomers, "mentors": mentors,
        "rows": [(row, form[f"mentor_{row.newcomer.pk}"]) for row in table.rows],
    })
    return render(request, "matchmaking/pairing/proposal.html", context)
