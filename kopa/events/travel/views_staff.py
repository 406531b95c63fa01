"""Organisers' travel pages: an event's travel list with grants per sending country, its rides, and
the distance-band tables."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.agencies.selectors import admin_agency_ids
from kopa.core.spreadsheets import csv_response, xlsx_response
from kopa.core.web import submit
from kopa.events.access import organised_event, organised_event_with_needs
from kopa.events.registration.selectors import purged_on
from kopa.events.rules import RIDE_MATCH_MAX_KM, event_zone
from kopa.events.travel.forms import BandForm
from kopa.events.travel.selectors import (
    band,
    band_tables,
    grant_report_rows,
    grant_summary,
    ride_matches,
    ride_offers,
    rides_taken,
    travel_list,
)
from kopa.events.travel.services import band_update


@staff_required
def travel_staff(request, pk: int):
    event = organised_event_with_needs(user=request.user, pk=pk)
    summary = grant_summary(event)
    with timezone.override(event_zone(event)):
        return render(
            request,
            "events/travel/staff.html",
            {
                "event": event,
                "participants": travel_list(event),
                "summary": summary,
                "total_eur": sum((row.total_eur for row in summary), 0),
                "total_people": sum(row.people for row in summary),
                "total_green": sum(row.green for row in summary),
                "total_unconfirmed": sum(row.unconfirmed for row in summary),
                "purged_on": purged_on(event),
            },
        )


def _grants_name(event, extension: str) -> str:
    return f"travel-grants-{slugify(event.title_text) or event.pk}.{extension}"


@staff_required
def travel_grants_csv(request, pk: int):
    """The grant report: one line per participant, kept after the private data is purged."""
    event = organised_event(user=request.user, pk=pk)
    return csv_response(grant_report_rows(event), filename=_grants_name(event, "csv"))


@staff_required
def travel_grants_xlsx(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    return xlsx_response(
        grant_report_rows(event), filename=_grants_name(event, "xlsx"), title=_("Travel grants")
    )


@staff_required
def bands(request):
    return render(
        request,
        "events/travel/bands.html",
        {
            "tables": band_tables(),
            "can_edit": bool(admin_agency_ids(request.user)),
        },
    )


@staff_required
def band_edit(request, band_pk: int):
    if not admin_agency_ids(request.user):
        raise DjangoPermissionDenied()
    distance_band = band(pk=band_pk)
    form = BandForm(request.POST or None, instance=distance_band)
    saved = submit(
        request,
        form,
        lambda: band_update(actor=request.user, band=distance_band, **form.cleaned_data),
        success=_("The travel grant table is saved."),
    )
    if saved is not None:
        return redirect("events:bands")
    return render(request, "events/travel/band_edit.html", {"band": distance_band, "form": form})


@staff_required
def rides_staff(request, pk: int):
    event = organised_event_with_needs(user=request.user, pk=pk)
    return render(
        request,
        "events/travel/rides_staff.html",
        {
            "event": event,
            "offers": ride_offers(event),
            "matches": ride_matches(event),
            "taken": rides_taken(event),
            "max_km": RIDE_MATCH_MAX_KM,
        },
    )
