"""Partner request pages outside the back office: the public list, a request's page, its Atom feed
and iCal of closing dates; a representative's own requests, the interests they received and sent,
and "I'm interested"."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kopa.core.http import site_url
from kopa.core.pagecache import anonymous_page
from kopa.core.throttling import rate_limit
from kopa.core.web import submit
from kopa.directory.organisations.selectors import represented_organisations
from kopa.matchmaking.access import (
    can_manage_request,
    organisation_to_post_for,
    own_interest,
    own_request,
)
from kopa.matchmaking.requests import selectors, services
from kopa.matchmaking.requests.forms import (
    AnswerForm,
    CloseForm,
    InterestForm,
    PartnerRequestForm,
    RequestFilterForm,
)

PAGE_SIZE = 20
FEED_SIZE = 50


def _filters(request):
    return RequestFilterForm(request.GET or None)


def _query(request) -> str:
    return request.GET.urlencode()


@anonymous_page("matchmaking", "directory")
def public_list(request):
    form = _filters(request)
    qs = selectors.public_request_list(filters=form.to_request_filters())
    query = _query(request)
    suffix = f"?{query}" if query else ""
    return render(request, "matchmaking/requests/public_list.html", {
        "form": form, "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "feed_url": reverse("matchmaking:feed") + suffix, "ical_url": reverse("matchmaking:deadlines") + suffix,
        "alert_url": reverse("matchmaking:alert_new") + suffix,
    })


@anonymous_page("matchmaking", "directory")
def public_detail(request, pk: int):
    partner_request = selectors.public_request_detail(pk=pk)
    own = represented_organisations(request.user)
    return render(request, "matchmaking/requests/public_detail.html", {
        "req": partner_request,
        "is_poster": can_manage_request(request.user, partner_request) if request.user.is_authenticated else False,
        "sent": selectors.interest_of(request=partner_request, organisation_ids=[o.pk for o in own]) if own else None,
        "can_send": any(o.pk != partner_request.organisation_id for o in own),
    })


def _absolute(request, partner_request) -> str:
    return site_url(request) + reverse("matchmaking:public_detail", args=[partner_request.pk])


def feed(request):
    """An Atom feed of the open requests matching the list's filters, newest first."""
    form = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The filters are not valid."), content_type="text/plain; charset=utf-8")
    items = selectors.public_request_list(filters=form.to_request_filters()).order_by("-created_at", "-id")
    atom = Atom1Feed(title=_("Partner requests on Kopa"), link=site_url(request) + reverse("matchmaking:public_list"),
                     description=_("Organisations looking for partners"), language=request.LANGUAGE_CODE,
                     feed_url=site_url(request) + request.get_full_path())
    for item in items[:FEED_SIZE]:
        atom.add_item(
            title=item.title_text, link=_absolute(request, item), unique_id=_absolute(request, item),
            description=item.description_text, pubdate=item.created_at, updateddate=item.updated_at,
            author_name=item.organisation.legal_name,
            categories=[item.action, item.round_text],
        )
    return HttpResponse(atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


def deadlines(request):
    """An iCal of the closing dates of the open requests matching the list's filters."""
    form = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The filters are not valid."), content_type="text/plain; charset=utf-8")
    cal = Calendar()
    cal.add("prodid", "-//Kopa//Partner requests//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Partner request closing dates"))
    zone = ZoneInfo(settings.TIME_ZONE)
    for item in selectors.public_request_list(filters=form.to_request_filters()):
        event = CalendarEvent()
        event.add("uid", f"partner-request-{item.pk}@kopa")
        event.add("dtstamp", (item.updated_at or timezone.now()).astimezone(ZoneInfo("UTC")))
        event.add("dtstart", item.closes_on)
        event.add("summary", _("Closing date: %(title)s") % {"title": item.title_text})
        event.add("description", f"{item.organisation.legal_name} · {item.action} · {item.round_text}\n\n"
                  f"{_absolute(request, item)}")
        event.add("url", _absolute(request, item))
        event.add("last-modified", datetime.combine(item.closes_on, time(), zone).astimezone(ZoneInfo("UTC")))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="partner-request-deadlines.ics"'
    return response


@login_required
@rate_limit("partner_interest")
def interest_send(request, pk: int):
    """"I'm interested": a representative writes to the poster on behalf of their organisation."""
    partner_request = selectors.public_request_detail(pk=pk)
    organisations = [o for o in represented_organisations(request.user) if o.pk != partner_request.organisation_id]
    form = InterestForm(request.POST if request.method == "POST" else None, organisations=organisations)
    saved = submit(request, form, lambda: services.interest_send(
        actor=request.user, request=partner_request, organisation=form.cleaned_data["organisation"],
        message=form.cleaned_data["message"],
    ), success=_("Your message is sent. The poster answers you here and by e-mail."))
    if saved is not None:
        return redirect("matchmaking:my_requests")
    return render(request, "matchmaking/requests/interest.html", {
        "req": partner_request, "form": form, "organisations": organisations})


@login_required
def my_requests(request):
    """A representative's partner requests and the interests their organisations sent."""
    return render(request, "matchmaking/requests/my_list.html", {
        "requests": selectors.requests_of(request.user),
        "sent": selectors.interests_sent(request.user),
        "organisations": represented_organisations(request.user),
    })


@login_required
def my_create(request, org_pk: int):
    organisation = organisation_to_post_for(user=request.user, pk=org_pk)
    form = PartnerRequestForm(request.POST or None)
    saved = submit(request, form, lambda: services.request_create(
        actor=request.user, organisation=organisation, data=form.to_service_data()),
        success=_("Your partner request is published."))
    if saved is not None:
        return redirect("matchmaking:public_detail", pk=saved.pk)
    return render(request, "matchmaking/requests/form.html", {"form": form, "organisation": organisation})


@login_required
def my_edit(request, pk: int):
    partner_request = own_request(user=request.user, pk=pk)
    form = PartnerRequestForm(request.POST or None, instance=partner_request)
    saved = submit(request, form, lambda: services.request_update(
        actor=request.user, request=partner_request, data=form.to_service_data()),
        success=_("The partner request is saved."))
    if saved is not None:
        return redirect("matchmaking:my_interests", pk=saved.pk)
    return render(request, "matchmaking/requests/form.html", {
        "form": form, "organisation": partner_request.organisation, "req": partner_request})


@login_required
def my_interests(request, pk: int):
    """The poster's page of one request: who is interested, accept or decline each, close it."""
    partner_request = own_request(user=request.user, pk=pk)
    close_form = CloseForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST" and request.POST.get("action") == "close":
        if submit(request, close_form, lambda: services.request_close(
                actor=request.user, request=partner_request, reason=close_form.cleaned_data["reason"]),
                success=_("The partner request is closed.")) is not None:
            return redirect("matchmaking:my_interests", pk=partner_request.pk)
    return render(request, "matchmaking/requests/my_interests.html", {
        "req": partner_request, "interests": selectors.interests_for(partner_request),
        "answer_form": AnswerForm(), "close_form": close_form,
    })


@login_required
def my_answer(request, pk: int, interest_pk: int):
    partner_request = own_request(user=request.user, pk=pk)
    interest = own_interest(user=request.user, request=partner_request, pk=interest_pk)
    if request.method != "POST":
        return redirect("matchmaking:my_interests", pk=partner_request.pk)
    form = AnswerForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    saved = submit(request, form, lambda: services.interest_answer(
        actor=request.user, interest=interest, accept=accept, answer=form.cleaned_data["answer"],
        close_as_found=form.cleaned_data["close_as_found"]),
        success=_("%(name)s is accepted as a partner.") % {"name": interest.organisation.legal_name} if accept
        else _("Your answer is sent."))
    if saved is None and form.errors:
        messages.error(request, _("The answer could not be sent."))
    return redirect("matchmaking:my_interests", pk=partner_request.pk)
