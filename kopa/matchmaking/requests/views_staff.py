"""The back office of partner requests: the moderation list, hiding a request with a reason, and
posting a request on behalf of an organisation in the agency's inventory."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required, writer_required
from kopa.core.audit import history_for
from kopa.core.web import submit
from kopa.directory.organisations.selectors import OrganisationFilters, editable_organisation_list
from kopa.matchmaking.access import can_moderate, organisation_for_staff_posting, request_for_staff
from kopa.matchmaking.requests import selectors, services
from kopa.matchmaking.requests.forms import HideForm, OrganisationSearchForm, PartnerRequestForm

STATUSES = ("open", "closed", "hidden")


@staff_required
def staff_list(request):
    status = request.GET.get("status", "")
    search = OrganisationSearchForm(request.GET or None)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = list(editable_organisation_list(user=request.user, filters=OrganisationFilters(q=q))[:10]) if q else []
    return render(request, "matchmaking/requests/staff_list.html", {
        "requests": selectors.staff_request_list(user=request.user, status=status if status in STATUSES else "")[:200],
        "status": status, "search": search, "q": q, "found": found,
    })


@staff_required
def staff_detail(request, pk: int):
    partner_request = request_for_staff(user=request.user, pk=pk)
    form = HideForm(request.POST if request.method == "POST" and request.POST.get("action") != "unhide" else None)
    if request.method == "POST" and request.POST.get("action") == "unhide":
        services.request_unhide(actor=request.user, request=partner_request)
        return redirect("matchmaking:staff_detail", pk=partner_request.pk)
    saved = submit(request, form, lambda: services.request_hide(
        actor=request.user, request=partner_request, reason=form.cleaned_data["reason"]),
        success=_("The request is hidden and its poster is told why."))
    if saved is not None:
        return redirect("matchmaking:staff_detail", pk=partner_request.pk)
    return render(request, "matchmaking/requests/staff_detail.html", {
        "req": partner_request, "form": form, "can_moderate": can_moderate(request.user, partner_request),
        "interest_count": partner_request.interests.count(),
        "history": history_for(partner_request),
    })


@writer_required
def staff_create(request, org_pk: int):
    organisation = organisation_for_staff_posting(user=request.user, pk=org_pk)
    form = PartnerRequestForm(request.POST or None)
    saved = submit(request, form, lambda: services.request_create(
        actor=request.user, organisation=organisation, data=form.to_service_data()),
        success=_("The partner request is published."))
    if saved is not None:
        return redirect("matchmaking:staff_detail", pk=saved.pk)
    return render(request, "matchmaking/requests/form.html", {"form": form, "organisation": organisation,
                                                                "staff": True})
