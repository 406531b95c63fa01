"""Organisers' travel pages: an event's travel list with grants per sending country, its rides, and
the distance-band tables."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_download_required, staff_required
from kopa.agencies.selectors import admin_agency_ids
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.events.access import organised_event, organised_event_with_needs
from kopa.events.registration.selectors import purged_on
from kopa.events.rules import RIDE_MATCH_MAX_KM, event_zone
from kopa.events.travel.forms import BandForm
from kopa.events.travel.selectors import (
    band,
    band_tables,
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


def _start_grants(request, pk: int, kind: str):
    """The grant report: one line per participant, kept after the private data is purged; built as a
    background job."""
    event = organised_event(user=request.user, pk=pk)
    job = job_start(actor=request.user, kind=kind, parameters={"event": event.pk},
                    agency_id=event.organiser_agency_id)
    return start_redirect(job)


@staff_download_required
def travel_grants_csv(request, pk: int):
    return _start_grants(request, pk, "kopa.events.jobs:GRANTS_CSV")


@staff_download_required
def travel_grants_xlsx(request, pk: int):
    return _start_grants(request, pk, "kopa.events.jobs:GRANTS_XLSX")


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
