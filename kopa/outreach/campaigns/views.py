"""Campaign pages of the back office: the list, the form, the overview, and the target list with
its three ways in (a directory filter, a spreadsheet, by hand).

Only staff of the campaign's agency see a campaign; for anyone else every page of it is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.http import posted_id, posted_ids
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.directory.organisations.selectors import staff_organisation_list
from kopa.outreach.access import campaign_for_staff
from kopa.outreach.campaigns import importing, selectors, services
from kopa.outreach.campaigns.forms import (
    CampaignFilterForm,
    CampaignForm,
    TargetFilterForm,
    TargetImportForm,
    TargetSearchForm,
)
from kopa.outreach.funnel.reach import stage_totals
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.interactions.selectors import latest_interactions
from kopa.outreach.models import STAGE_ORDER, CampaignTarget, Stage
from kopa.programmes.forms import OrganisationSearchForm

PAGE_SIZE = 25
LATEST_INTERACTIONS = 10
SAMPLE_SIZE = 20
# A preview shows this many matched rows and problems; the confirmation adds every match.
PREVIEW_ROWS = 200


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _back_to(name: str, campaign, query: dict | None = None) -> str:
    url = reverse(name, args=[campaign.pk])
    query = {key: value for key, value in (query or {}).items() if value}
    return f"{url}?{urlencode(query)}" if query else url


# --- campaigns -----------------------------------------------------------------------------------


@staff_required
def campaign_list(request):
    form = CampaignFilterForm(request.GET or None, user=request.user)
    invalid = form.is_bound and not form.is_valid()
    campaigns = selectors.campaign_list(
        user=request.user, filters=form.to_filters(), today=timezone.localdate()
    )
    page_obj = _page(request, campaigns)
    totals = stage_totals([campaign.pk for campaign in page_obj])
    rows = [
        (campaign, [(stage, totals.get(campaign.pk, {}).get(stage, 0), stage in campaign.stage_list)
                    for stage in STAGE_ORDER])
        for campaign in page_obj
    ]
    return render(request, "outreach/campaigns/list.html", {
        "form": form, "page_obj": page_obj, "rows": rows, "stages": list(Stage),
    }, status=400 if invalid else 200)


@staff_required
@writer_required
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    saved = submit(request, form, lambda: services.campaign_create(
        actor=request.user, agency=form.chosen_agency(), data=form.to_service_data()),
        success=_("The campaign is saved."))
    if saved:
        return redirect("outreach:campaign", pk=saved.pk)
    return render(request, "outreach/campaigns/edit.html", {
        "form": form, "title": _("New campaign"), "back_url": reverse("outreach:campaigns"),
    })


@staff_required
@writer_required
def campaign_edit(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    form = CampaignForm(request.POST or None, user=request.user, instance=campaign)
    saved = submit(request, form, lambda: services.campaign_update(
        actor=request.user, campaign=campaign, data=form.to_service_data()),
        success=_("The campaign is saved."))
    if saved:
        return redirect("outreach:campaign", pk=saved.pk)
    return render(request, "outreach/campaigns/edit.html", {
        "form": form, "campaign": campaign,
        "title": _("Edit the campaign %(name)s") % {"name": campaign.name_text},
        "back_url": reverse("outreach:campaign", args=[campaign.pk]),
    })


@staff_required
def campaign_detail(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    figures = funnel(campaigns=[campaign])
    return render(request, "outreach/campaigns/detail.html", {
        "campaign": campaign,
        "owners": selectors.campaign_owners(campaign),
        "stages": [Stage(stage).label for stage in campaign.stage_list],
        "funnel_rows": [
            (figure, None if figure.conversion is None else figure.conversion * 100) for figure in figures.stages
        ],
        "target_count": selectors.target_count(campaign),
        "open_tasks": selectors.open_followup_count(campaign),
        "interactions": latest_interactions(campaign, limit=LATEST_INTERACTIONS),
        "history": audit.history_for(campaign)[:50],
    })


# --- the target list -----------------------------------------------------------------------------


@staff_required
def target_list(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    search = TargetSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    page_obj = _page(request, selectors.target_list(campaign, q=q))
    furthest = selectors.furthest_stages(campaign)
    labels = dict(Stage.choices)
    rows = [(target, labels.get(furthest.get(target.organisation_id))) for target in page_obj]
    return render(request, "outreach/campaigns/targets.html", {
        "campaign": campaign, "search": search, "q": q, "page_obj": page_obj, "rows": rows,
    }, status=400 if search.is_bound and not search.is_valid() else 200)


def _start_export(request, pk, kind: str):
    """The target list's export as a background job (a POST whose address carries the search)."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    job = job_start(actor=request.user, kind=kind,
                    parameters={"campaign": campaign.pk, "query": request.GET.urlencode()},
                    agency_id=campaign.agency_id)
    return start_redirect(job)


@staff_download_required
def targets_csv(request, pk):
    return _start_export(request, pk, "kopa.outreach.jobs:TARGETS_CSV")


@staff_download_required
def targets_xlsx(request, pk):
    return _start_export(request, pk, "kopa.outreach.jobs:TARGETS_XLSX")


@staff_required
@require_POST
def target_remove(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    ids = posted_ids(request, "organisation")
    back = _back_to("outreach:targets", campaign, {"q": request.POST.get("q", "")[:200]})
    if not ids:
        messages.error(request, _("Choose the organisations to take off the list."))
        return redirect(back)
    if not selectors.on_list(campaign, ids):
        raise Http404()
    removed = services.targets_remove(actor=request.user, campaign=campaign, organisation_ids=ids)
    messages.success(request, ngettext(
        "%(count)d organisation is off the list. Its interactions are kept.",
        "%(count)d organisations are off the list. Their interactions are kept.", removed,
    ) % {"count": removed})
    return redirect(back)


def _add_message(request, added: int, skipped: int) -> None:
    text = ngettext("%(count)d organisation added to the list.", "%(count)d organisations added to the list.",
                    added) % {"count": added}
    if skipped:
        text += " " + ngettext("%(count)d was already on it.", "%(count)d were already on it.",
                               skipped) % {"count": skipped}
    messages.success(request, text)


@staff_required
@writer_required
def targets_from_filter(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    # The filters are always in the address, also when the form is posted, so the page that
    # showed the count is the page that adds.
    form = TargetFilterForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    filters = form.to_filters() if valid else None
    chosen = valid and not filters.is_empty()
    organisations = staff_organisation_list(user=request.user, filters=filters) if chosen else None
    if request.method == "POST" and chosen:
        added = services.targets_add(
            actor=request.user, campaign=campaign, organisations=organisations,
            source=CampaignTarget.Source.FILTER,
        )
        _add_message(request, added, selectors.match_count(organisations) - added)
        return redirect("outreach:targets", pk=campaign.pk)
    context = {"campaign": campaign, "form": form, "chosen": chosen}
    if chosen:
        preview = selectors.filter_preview(campaign, organisations, size=SAMPLE_SIZE)
        context.update({
            "match_count": preview.match_count, "already": preview.already, "new_count": preview.new_count,
            "sample": preview.sample,
        })
    invalid = (form.is_bound and not valid) or request.method == "POST"
    return render(request, "outreach/campaigns/targets_from_filter.html", context, status=400 if invalid else 200)


@staff_required
@writer_required
def targets_import(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    context = {"campaign": campaign, "columns": importing.COLUMNS, "preview_rows": PREVIEW_ROWS}
    if request.method == "POST" and "state" in request.POST:
        try:
            ids = importing.unsign_preview(user=request.user, campaign=campaign, state=request.POST["state"])
            added = services.targets_add(
                actor=request.user, campaign=campaign, organisations=ids, source=CampaignTarget.Source.IMPORT,
            )
        except ValidationFailed as exc:
            return render(request, "outreach/campaigns/targets_import.html", {
                **context, "form": TargetImportForm(), "confirm_error": exc.message,
            }, status=400)
        _add_message(request, added, len(ids) - added)
        return redirect("outreach:targets", pk=campaign.pk)
    form = TargetImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = importing.read_target_file(
            user=request.user, campaign=campaign, content=form.cleaned_data["file"].read()
        )
        context.update({
            "result": result, "filename": form.cleaned_data["file"].name,
            "problems": result.problems[:PREVIEW_ROWS], "matched": result.matched[:PREVIEW_ROWS],
        })
        if result.new_ids:
            context["state"] = importing.sign_preview(
                user=request.user, campaign=campaign, organisation_ids=result.new_ids
            )
        form = TargetImportForm()
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "outreach/campaigns/targets_import.html", {**context, "form": form}, status=status)


@staff_required
@writer_required
def target_add(request, pk):
    campaign = campaign_for_staff(user=request.user, pk=pk)
    if request.method == "POST":
        organisation = selectors.organisation_in_scope(user=request.user, pk=posted_id(request, "organisation"))
        if organisation is None:
            raise Http404()
        added = services.targets_add(
            actor=request.user, campaign=campaign, organisations=[organisation],
            source=CampaignTarget.Source.MANUAL,
        )
        if added:
            messages.success(request, _("%(name)s is on the list now.") % {"name": organisation.legal_name})
        else:
            messages.info(request, _("%(name)s was already on the list.") % {"name": organisation.legal_name})
        return redirect(_back_to("outreach:target_add", campaign, {"q": request.POST.get("q", "")[:200]}))
    search = OrganisationSearchForm(request.GET or None)
    valid = search.is_bound and search.is_valid()
    candidates = selectors.organisation_search(user=request.user, q=search.cleaned_data["q"]) \
        if valid else []
    present = selectors.on_list(campaign, [org.pk for org in candidates])
    return render(request, "outreach/campaigns/targets_add.html", {
        "campaign": campaign, "search": search, "searched": valid and bool(search.cleaned_data["q"]),
        "q": search.cleaned_data["q"] if valid else "",
        "candidates": [(org, org.pk in present) for org in candidates],
        "limit": selectors.SEARCH_LIMIT,
    }, status=400 if search.is_bound and not valid else 200)
