"""Suggested partners with their reasons: for an organisation (from "my area") and for one of its
partner requests; "Not relevant" hides one for good."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.matchmaking.access import organisation_for_suggestions, own_request
from kopa.matchmaking.suggestions import selectors, services
from kopa.matchmaking.suggestions.texts import ReasonWords


def _explained(suggestions):
    words = ReasonWords()
    return [(s, words.texts(s.reasons)) for s in suggestions]


@login_required
def for_organisation(request, pk: int):
    organisation = organisation_for_suggestions(user=request.user, pk=pk)
    if request.method == "POST":
        services.suggestion_dismiss(actor=request.user, organisation=organisation, key=request.POST.get("key", ""))
        messages.success(request, _("The suggestion is hidden: you will not see it again."))
        return redirect("matchmaking:suggestions", pk=organisation.pk)
    return render(request, "matchmaking/suggestions/list.html", {
        "organisation": organisation,
        "suggestions": _explained(selectors.suggestions_for_organisation(organisation=organisation)),
    })


@login_required
def for_request(request, pk: int):
    partner_request = own_request(user=request.user, pk=pk)
    if request.method == "POST":
        services.suggestion_dismiss(actor=request.user, organisation=partner_request.organisation,
                                    key=request.POST.get("key", ""))
        messages.success(request, _("The suggestion is hidden: you will not see it again."))
        return redirect("matchmaking:request_suggestions", pk=partner_request.pk)
    return render(request, "matchmaking/suggestions/list.html", {
        "organisation": partner_request.organisation, "req": partner_request,
        "suggestions": _explained(selectors.suggestions_for_request(request=partner_request)),
    })
