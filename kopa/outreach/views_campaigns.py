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

from kopa.agencies.access import staff_required
from kopa.core import audit
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.http import posted_id
from kopa.core.spreadsheets import csv_response, xlsx_response
from kopa.directory.organisations.selectors import staff_organisation_list
from kopa.outreach import (
    importing,
    selectors,
    selectors_campaigns,
    selectors_funnel,
    services_campaigns,
)
from kopa.outreach.forms_campaigns import (
    CampaignFilterForm,
    CampaignForm,
    TargetFilterForm,
    TargetImportForm,
    TargetSearchForm,
)
from kopa.outreach.models import STAGE_ORDER, CampaignTarget, Stage
from kopa.programmes.forms import OrganisationSearchForm

PAGE_SIZE = 25
LATEST_INTERACTIONS = 10
SAMPLE_SIZE = 20
# A preview shows this many matched rows and problems; the confirmation adds every match.
PREVIEW_ROWS = 200
EXPORT_COLUMNS = ("legal_name", "oid", "country", "region", "city", "type", "experience", "email",
                  "source", "added", "furthest_stage")


def _campaign(request, pk):
    try:
        return selectors.campaign_for_staff(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404() from exc


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
    campaigns = selectors_campaigns.campaign_list(
        user=request.user, filters=form.to_filters(), today=timezone.localdate()
    )
    page_obj = _page(request, campaigns)
    totals = selectors_funnel.stage_totals([campaign.pk for campaign in page_obj])
    rows = [
        (campaign, [(stage, totals.get(campaign.pk, {}).get(stage, 0), stage in campaign.stage_list)
                    for stage in STAGE_ORDER])
        for campaign in page_obj
    ]
    return render(request, "outreach/campaign_list.html", {
        "form": form, "page_obj": page_obj, "rows": rows, "stages": list(Stage),
    }, status=400 if invalid else 200)


def _save(request, form, save):
    """Validate `form` and call `save` (one service call); the saved campaign, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationFailed as exc:
        form.add_service_errors(exc)
        return None
    except PermissionDenied as exc:
        raise Http404() from exc
    messages.success(request, _("The campaign is saved."))
    return saved


@staff_required
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    saved = _save(request, form, lambda: services_campaigns.campaign_create(
        actor=request.user, agency=form.chosen_agency(), data=form.to_service_data()))
    if saved:
        return redirect("outreach:campaign", pk=saved.pk)
    return render(request, "outreach/campaign_edit.html", {
        "form": form, "title": _("New campaign"), "back_url": reverse("outreach:campaigns"),
    })


@staff_required
def campaign_edit(request, pk):
    campaign = _campaign(request, pk)
    form = CampaignForm(request.POST or None, user=request.user, instance=campaign)
    saved = _save(request, form, lambda: services_campaigns.campaign_update(
        actor=request.user, campaign=campaign, data=form.to_service_data()))
    if saved:
        return redirect("outreach:campaign", pk=saved.pk)
    return render(request, "outreach/campaign_edit.html", {
        "form": form, "campaign": campaign,
        "title": _("Edit the campaign %(name)s") % {"name": campaign.name_text},
        "back_url": reverse("outreach:campaign", args=[campaign.pk]),
    })


@staff_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    funnel = selectors_funnel.funnel(campaigns=[campaign])
    return render(request, "outreach/campaign_detail.html", {
        "campaign": campaign,
        "owners": campaign.owners.order_by("first_name", "last_name", "username"),
        "stages": [Stage(stage).label for stage in campaign.stage_list],
        "funnel_rows": [
            (figure, None if figure.conversion is None else figure.conversion * 100) for figure in funnel.stages
        ],
        "target_count": selectors_campaigns.target_count(campaign),
        "open_tasks": selectors_campaigns.open_task_count(campaign),
        "interactions": selectors.interactions_of(campaign)[:LATEST_INTERACTIONS],
        "history": audit.history_for(campaign)[:50],
    })


# --- the target list -----------------------------------------------------------------------------


@staff_required
def target_list(request, pk):
    campaign = _campaign(request, pk)
    search = TargetSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    page_obj = _page(request, selectors_campaigns.target_list(campaign, q=q))
    furthest = selectors_campaigns.furthest_stages(campaign)
    labels = dict(Stage.choices)
    rows = [(target, labels.get(furthest.get(target.organisation_id))) for target in page_obj]
    return render(request, "outreach/targets.html", {
        "campaign": campaign, "search": search, "q": q, "page_obj": page_obj, "rows": rows,
    }, status=400 if search.is_bound and not search.is_valid() else 200)


def _export_rows(campaign, q: str):
    furthest = selectors_campaigns.furthest_stages(campaign)
    stage_labels = dict(Stage.choices)
    yield list(EXPORT_COLUMNS)
    for target in selectors_campaigns.target_list(campaign, q=q).iterator(chunk_size=1000):
        org = target.organisation
        stage = furthest.get(org.pk)
        yield [
            org.legal_name, org.oid or "", org.country.code or "", org.region, org.city,
            str(org.get_type_display()), str(org.get_experience_display()), org.email,
            str(target.get_source_display()), timezone.localtime(target.added_at).date().isoformat(),
            str(stage_labels[stage]) if stage else "",
        ]


def _export_query(request) -> str:
    search = TargetSearchForm(request.GET or None)
    return search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""


@staff_required
def targets_csv(request, pk):
    campaign = _campaign(request, pk)
    return csv_response(_export_rows(campaign, _export_query(request)), filename=f"campaign-{campaign.pk}-targets.csv")


@staff_required
def targets_xlsx(request, pk):
    campaign = _campaign(request, pk)
    return xlsx_response(_export_rows(campaign, _export_query(request)), filename=f"campaign-{campaign.pk}-targets.xlsx", title=_("Target list"))


def _posted_ids(request, name: str) -> list[int]:
    """Every value posted as `name`, each a whole number; anything else is a 404 (as posted_id)."""
    values = [value.strip() for value in request.POST.getlist(name)]
    if not all(value.isdigit() for value in values):
        raise Http404()
    return sorted({int(value) for value in values})


@staff_required
@require_POST
def target_remove(request, pk):
    campaign = _campaign(request, pk)
    ids = _posted_ids(request, "organisation")
    back = _back_to("outreach:targets", campaign, {"q": request.POST.get("q", "")[:200]})
    if not ids:
        messages.error(request, _("Choose the organisations to take off the list."))
        return redirect(back)
    if not selectors_campaigns.on_list(campaign, ids):
        raise Http404()
    try:
        removed = services_campaigns.targets_remove(actor=request.user, campaign=campaign, organisation_ids=ids)
    except PermissionDenied as exc:
        raise Http404() from exc
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
def targets_from_filter(request, pk):
    campaign = _campaign(request, pk)
    # The filters are always in the address, also when the form is posted, so the page that
    # showed the count is the page that adds.
    form = TargetFilterForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    filters = form.to_filters() if valid else None
    chosen = valid and not filters.is_empty()
    organisations = staff_organisation_list(user=request.user, filters=filters) if chosen else None
    if request.method == "POST" and chosen:
        try:
            added = services_campaigns.targets_add(
                actor=request.user, campaign=campaign, organisations=organisations,
                source=CampaignTarget.Source.FILTER,
            )
        except PermissionDenied as exc:
            raise Http404() from exc
        _add_message(request, added, organisations.count() - added)
        return redirect("outreach:targets", pk=campaign.pk)
    context = {"campaign": campaign, "form": form, "chosen": chosen}
    if chosen:
        match_count = organisations.count()
        already = selectors_campaigns.count_on_list(campaign, organisations)
        sample = list(organisations.order_by("legal_name", "pk")[:SAMPLE_SIZE])
        present = selectors_campaigns.on_list(campaign, [org.pk for org in sample])
        context.update({
            "match_count": match_count, "already": already, "new_count": match_count - already,
            "sample": [(org, org.pk in present) for org in sample],
        })
    invalid = (form.is_bound and not valid) or request.method == "POST"
    return render(request, "outreach/targets_from_filter.html", context, status=400 if invalid else 200)


@staff_required
def targets_import(request, pk):
    campaign = _campaign(request, pk)
    context = {"campaign": campaign, "columns": importing.COLUMNS, "preview_rows": PREVIEW_ROWS}
    if request.method == "POST" and "state" in request.POST:
        try:
            ids = importing.unsign_preview(user=request.user, campaign=campaign, state=request.POST["state"])
            added = services_campaigns.targets_add(
                actor=request.user, campaign=campaign, organisations=ids, source=CampaignTarget.Source.IMPORT,
            )
        except ValidationFailed as exc:
            return render(request, "outreach/targets_import.html", {
                **context, "form": TargetImportForm(), "confirm_error": exc.message,
            }, status=400)
        except PermissionDenied as exc:
            raise Http404() from exc
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
    return render(request, "outreach/targets_import.html", {**context, "form": form}, status=status)


@staff_required
def target_add(request, pk):
    campaign = _campaign(request, pk)
    if request.method == "POST":
        organisation = selectors_campaigns.organisation_in_scope(
            user=request.user, pk=posted_id(request, "organisation")
        )
        if organisation is None:
            raise Http404()
        try:
            added = services_campaigns.targets_add(
                actor=request.user, campaign=campaign, organisations=[organisation],
                source=CampaignTarget.Source.MANUAL,
            )
        except PermissionDenied as exc:
            raise Http404() from exc
        if added:
            messages.success(request, _("%(name)s is on the list now.") % {"name": organisation.legal_name})
        else:
            messages.info(request, _("%(name)s was already on the list.") % {"name": organisation.legal_name})
        return redirect(_back_to("outreach:target_add", campaign, {"q": request.POST.get("q", "")[:200]}))
    search = OrganisationSearchForm(request.GET or None)
    valid = search.is_bound and search.is_valid()
    candidates = selectors_campaigns.organisation_search(user=request.user, q=search.cleaned_data["q"]) \
        if valid else []
    present = selectors_campaigns.on_list(campaign, [org.pk for org in candidates])
    return render(request, "outreach/targets_add.html", {
        "campaign": campaign, "search": search, "searched": valid and bool(search.cleaned_data["q"]),
        "q": search.cleaned_data["q"] if valid else "",
        "candidates": [(org, org.pk in present) for org in candidates],
        "limit": selectors_campaigns.SEARCH_LIMIT,
    }, status=400 if search.is_bound and not valid else 200)
