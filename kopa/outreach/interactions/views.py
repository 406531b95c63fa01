"""Staff pages for a campaign's interactions: the list and its export, recording, the interaction
page with its history, editing and deleting. Another agency's campaign is a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.core import audit
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.outreach.access import campaign_for_staff, can_read_private_notes, interaction_for_staff
from kopa.outreach.campaigns.selectors import (
    organisation_in_scope,
    organisation_search,
    target_organisations,
)
from kopa.outreach.interactions import selectors, services
from kopa.outreach.interactions.forms import (
    ACTION_TYPES,
    ACTION_TYPES_LIST,
    InteractionFilterForm,
    InteractionForm,
    KindForm,
    OrganisationSearchForm,
)
from kopa.outreach.models import Interaction, Stage

PAGE_SIZE = 50
# How many organisations of the inventory a search on the recording form offers.
SEARCH_LIMIT = 30
K = Interaction.Kind


def _filtered(request, campaign):
    form = InteractionFilterForm(request.GET or None)
    filters = form.to_filters()
    return form, selectors.interaction_list(campaign=campaign, user=request.user, filters=filters)


@staff_required
def interaction_list(request, pk: int):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    form, qs = _filtered(request, campaign)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/interactions/list.html",
        {
            "campaign": campaign,
            "form": form,
            "page_obj": page,
            "rows": [(interaction, selectors.summary(interaction)) for interaction in page],
        },
    )


def _start_export(request, pk: int, kind: str):
    """The list's export as a background job (a POST whose address carries the list's filters)."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    job = job_start(actor=request.user, kind=kind,
                    parameters={"campaign": campaign.pk, "query": request.GET.urlencode()},
                    agency_id=campaign.agency_id)
    return start_redirect(job)


@staff_download_required
def interactions_csv(request, pk: int):
    return _start_export(request, pk, "kopa.outreach.jobs:INTERACTIONS_CSV")


@staff_download_required
def interactions_xlsx(request, pk: int):
    return _start_export(request, pk, "kopa.outreach.jobs:INTERACTIONS_XLSX")


def _form_page(request, template: str, context: dict):
    return render(
        request,
        template,
        {"action_types": ACTION_TYPES, "action_types_list": ACTION_TYPES_LIST, **context},
    )


@staff_required
@writer_required
def interaction_create(request, pk: int):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    kind = request.GET.get("kind", "")
    preselected = None
    if request.GET.get("organisation"):
        preselected = organisation_in_scope(user=request.user, pk=request.GET["organisation"])
        if preselected is None:
            raise Http404()
    if kind not in K.values:
        return render(
            request,
            "outreach/interactions/kind.html",
            {
                "campaign": campaign,
                "form": KindForm(),
                "organisation": preselected,
            },
        )
    search = OrganisationSearchForm(request.GET)
    searched = []
    if search.is_valid():
        searched = organisation_search(user=request.user, q=search.cleaned_data["q"], limit=SEARCH_LIMIT)
    if preselected is not None and preselected not in searched:
        searched.insert(0, preselected)
    targets = target_organisations(campaign)
    initial = {}
    if preselected is not None:
        initial["organisation"] = preselected.pk
    elif len(searched) == 1:
        initial["organisation"] = searched[0].pk
    form = InteractionForm(
        request.POST or None,
        kind=kind,
        campaign=campaign,
        user=request.user,
        organisations=targets,
        searched=[o for o in searched if o not in targets],
        initial=initial,
    )
    interaction = submit(
        request,
        form,
        lambda: services.interaction_create(
            actor=request.user,
            campaign=campaign,
            organisation=form.cleaned_data["organisation"],
            kind=kind,
            data=form.to_service_data(),
        ),
    )
    if interaction:
        messages.success(
            request,
            _("The interaction is recorded: %(kind)s, %(organisation)s.")
            % {
                "kind": interaction.get_kind_display(),
                "organisation": interaction.organisation.legal_name,
            },
        )
        return redirect("outreach:interactions", pk=campaign.pk)
    return _form_page(
        request,
        "outreach/interactions/form.html",
        {
            "campaign": campaign,
            "form": form,
            "search": search,
            "kind": kind,
            "kind_label": K(kind).label,
            "searched": searched if search.cleaned_data.get("q") else None,
        },
    )


@staff_required
def interaction_detail(request, pk: int):
    interaction = interaction_for_staff(user=request.user, pk=pk)
    return render(
        request,
        "outreach/interactions/detail.html",
        {
            "interaction": interaction,
            "campaign": interaction.campaign,
            "summary": selectors.summary(interaction),
            "stage_label": Stage(interaction.stage).label if interaction.stage else "",
            "coach": selectors.coach_text(interaction),
            "amount": selectors.amount_text(interaction.amount),
            "author": selectors.person_name(interaction.author),
            "show_private": can_read_private_notes(request.user, interaction),
            "link": selectors.response_link_of(interaction),
            "history": audit.history_for(interaction)[:50],
        },
    )


@staff_required
@writer_required
def interaction_edit(request, pk: int):
    interaction = interaction_for_staff(user=request.user, pk=pk)
    form = InteractionForm(
        request.POST or None,
        kind=interaction.kind,
        campaign=interaction.campaign,
        user=request.user,
        instance=interaction,
        show_private=can_read_private_notes(request.user, interaction),
    )
    saved = submit(
        request,
        form,
        lambda: services.interaction_update(
            actor=request.user, interaction=interaction, data=form.to_service_data()
        ),
        success=_("The interaction is saved."),
    )
    if saved:
        return redirect("outreach:interaction", pk=interaction.pk)
    return _form_page(
        request,
        "outreach/interactions/form.html",
        {
            "campaign": interaction.campaign,
            "form": form,
            "interaction": interaction,
            "kind": interaction.kind,
            "kind_label": interaction.get_kind_display(),
        },
    )


@staff_required
@writer_required
def interaction_delete(request, pk: int):
    interaction = interaction_for_staff(user=request.user, pk=pk)
    if request.method == "POST":
        services.interaction_delete(actor=request.user, interaction=interaction)
        messages.success(request, _("The interaction is deleted; the funnel no longer counts it."))
        return redirect("outreach:interactions", pk=interaction.campaign_id)
    return render(
        request,
        "outreach/interactions/delete.html",
        {
            "interaction": interaction,
            "campaign": interaction.campaign,
            "summary": selectors.summary(interaction),
        },
    )
