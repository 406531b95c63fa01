"""The public calendar, event pages, iCal feeds and the half-year activity plan."""

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_download_required
from kopa.agencies.selectors import agency_for_staff, is_agency_member, public_agency
from kopa.core.http import site_url
from kopa.core.jobs import job_start
from kopa.core.pagecache import anonymous_page, last_modified
from kopa.core.views_jobs import start_redirect
from kopa.events import ical
from kopa.events.access import is_organiser
from kopa.events.calendar.forms import CalendarFilterForm
from kopa.events.calendar.plan_pdf import plan_pdf
from kopa.events.calendar.selectors import (
    activity_plan,
    calendar_events,
    feed_events,
    month_events,
    planning_agencies,
    public_event,
)
from kopa.events.models import Event
from kopa.events.registration.selectors import places_held
from kopa.programmes.selectors import PUBLIC_PROJECT_STATUSES

PAGE_SIZE = 20


def _filters(request) -> CalendarFilterForm:
    return CalendarFilterForm(request.GET or None)


@anonymous_page("events", "agencies", "programmes")
def calendar_list(request):
    form = _filters(request)
    past = request.GET.get("past") == "1"
    qs = calendar_events(filters=form.to_filters(), past=past)
    today = timezone.localdate()
    query = form.filter_query()
    return render(request, "events/calendar/list.html", {
        "form": form,
        "past": past,
        "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "filter_query": query,
        "feed_url": reverse("events:calendar_feed") + (f"?{query}" if query else ""),
        "month_url": reverse("events:calendar_month", args=[today.year, today.month])
        + (f"?{query}" if query else ""),
        # Each agency's activity plan for the current half-year (the plan links the others).
        "plans": [
            (agency, reverse("events:plan", args=[agency.slug, today.year, 1 if today.month <= 6 else 2]))
            for agency in planning_agencies()
        ],
    })


@anonymous_page("events", "agencies", "programmes")
def calendar_month(request, year: int, month: int):
    if not (1 <= month <= 12 and 1900 < year < 3000):
        raise Http404()
    form = _filters(request)
    month_data = month_events(year=year, month=month, filters=form.to_filters())
    query = form.filter_query()
    suffix = f"?{query}" if query else ""
    return render(request, "events/calendar/month.html", {
        "form": form,
        "month": month_data,
        "previous_url": reverse(
            "events:calendar_month", args=[month_data.previous.year, month_data.previous.month]
        ) + suffix,
        "next_url": reverse(
            "events:calendar_month", args=[month_data.next.year, month_data.next.month]
        ) + suffix,
        "list_url": reverse("events:calendar") + suffix,
        "feed_url": reverse("events:calendar_feed") + suffix,
    })


def _registration_state(event: Event, now) -> dict:
    opens_later = bool(event.registration_opens and now < event.registration_opens)
    deadline = event.application_deadline if event.is_selection else event.registration_deadline
    is_open = (
        event.status == Event.Status.PUBLISHED
        and not opens_later
        and deadline is not None
        and now < deadline
    )
    return {"registration_open": is_open, "registration_opens_later": opens_later,
            "registration_closes_at": deadline}


@anonymous_page("events", "agencies", "programmes")
def event_detail(request, pk: int):
    event = public_event(user=request.user, pk=pk)
    held = places_held(event)
    project = event.project if event.project and event.project.status in PUBLIC_PROJECT_STATUSES else None
    return render(request, "events/calendar/detail.html", {
        "event": event,
        "places_held": held,
        "places_left": max(event.capacity - held, 0),
        "is_organiser": is_organiser(request.user, event),
        "public_project": project,
        **_registration_state(event, timezone.now()),
    })


def _ical_language(request) -> str:
    wanted = (request.GET.get("lang") or "").split("-")[0]
    codes = [code for code, _name in settings.LANGUAGES]
    return wanted if wanted in codes else (translation.get_language() or settings.LANGUAGE_CODE)


def _event_url(request, event: Event, language: str) -> str:
    with translation.override(language):
        return site_url(request) + reverse("events:detail", args=[event.pk])


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@last_modified("events", "agencies", "programmes")
def calendar_feed(request):
    form = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            _("The calendar filters are not valid."), content_type="text/plain; charset=utf-8"
        )
    language = _ical_language(request)
    events = feed_events(filters=form.to_filters())
    with translation.override(language):
        content = ical.calendar_file(
            events, name=_("Kopa events"), language=language,
            url_for=lambda e: _event_url(request, e, language),
        )
    return _ics_response(content, "kopa-events.ics")


@last_modified("events", "agencies", "programmes")
def event_ics(request, pk: int):
    event = public_event(user=request.user, pk=pk)
    language = _ical_language(request)
    with translation.override(language):
        content = ical.calendar_file(
            [event], name=event.title_text, language=language,
            url_for=lambda e: _event_url(request, e, language),
        )
    return _ics_response(content, f"event-{event.pk}.ics")


def _plan(agency_slug: str, year: int, half: int):
    if half not in (1, 2) or not 1900 < year < 3000:
        raise Http404()
    agency = public_agency(slug=agency_slug)
    return agency, activity_plan(agency=agency, year=year, half=half)


def activity_plan_page(request, agency_slug: str, year: int, half: int):
    agency, months = _plan(agency_slug, year, half)
    previous = (year - 1, 2) if half == 1 else (year, 1)
    following = (year, 2) if half == 1 else (year + 1, 1)
    return render(request, "events/calendar/plan.html", {
        "agency": agency,
        "year": year,
        "half": half,
        "months": months,
        "first_month": date(year, 1 if half == 1 else 7, 1),
        "last_month": date(year, 6 if half == 1 else 12, 1),
        "previous_url": reverse("events:plan", args=[agency.slug, *previous]),
        "next_url": reverse("events:plan", args=[agency.slug, *following]),
        "pdf_url": reverse("events:plan_pdf", args=[agency.slug, year, half]),
        # The agency's own people may also build the plan with its drafts (a background job).
        "drafts_pdf_url": (reverse("events:plan_drafts_pdf", args=[agency.slug, year, half])
                           if is_agency_member(request.user, agency.pk) else ""),
    })


@last_modified("events", "agencies", "programmes")
@anonymous_page("events", "agencies", "programmes")
def activity_plan_pdf(request, agency_slug: str, year: int, half: int):
    """The public plan, built in the request: anonymous visitors have no job to come back to, and
    it is one agency's published events of six months. Kept by the page cache per language and
    version of the events and agencies, so visitors after the first get the stored copy."""
    agency, months = _plan(agency_slug, year, half)
    content = plan_pdf(agency=agency, year=year, half=half, months=months)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="plan-{agency.slug}-{year}-{half}.pdf"'
    )
    return response


@staff_download_required
def activity_plan_drafts_pdf(request, agency_slug: str, year: int, half: int):
    """The plan with the agency's drafts, for its own people: a background job, started by POST."""
    if half not in (1, 2) or not 1900 < year < 3000:
        raise Http404()
    agency = agency_for_staff(user=request.user, slug=agency_slug)
    job = job_start(actor=request.user, kind="kopa.events.jobs:ACTIVITY_PLAN",
                    parameters={"agency": agency.slug, "year": year, "half": half},
                    agency_id=agency.pk)
    return start_redirect(job)
