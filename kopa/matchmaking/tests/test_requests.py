"""Partner requests: the public list with its filters, feeds and cache; posting, the closing job,
moderation, "I'm interested" and its rate limit."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from django.utils import timezone

from kopa.agencies.models import AgencyMembership
from kopa.core.models import AuditEntry
from kopa.matchmaking.jobs import close_expired_requests
from kopa.matchmaking.models import Interest, PartnerRequest


@pytest.mark.django_db
def test_public_list_filters_by_action_round_country_and_target_group(client, make_organisation, make_request):
    si = make_organisation(legal_name="Zavod Most", country="SI")
    lv = make_organisation(legal_name="Biedrība Tilts", country="LV")
    year = timezone.localdate().year + 1
    make_request(si, title={"en": "Exchange on inclusion"}, action="KA152", round=f"{year}-1", target_groups=["neet"])
    make_request(lv, title={"en": "Cooperation on digital skills"}, action="KA220-YOU", round=f"{year}-3")
    body = client.get("/en/partner-requests/").content.decode()
    assert "Exchange on inclusion" in body and "Cooperation on digital skills" in body
    by_action = client.get("/en/partner-requests/", {"action": "KA152"}).content.decode()
    assert "Exchange on inclusion" in by_action and "Cooperation on digital skills" not in by_action
    by_round = client.get("/en/partner-requests/", {"round": f"{year}-3"}).content.decode()
    assert "Cooperation on digital skills" in by_round and "Exchange on inclusion" not in by_round
    by_country = client.get("/en/partner-requests/", {"country": "LV"}).content.decode()
    assert "Cooperation on digital skills" in by_country and "Exchange on inclusion" not in by_country
    by_group = client.get("/en/partner-requests/", {"target_group": "neet"}).content.decode()
    assert "Exchange on inclusion" in by_group and "Cooperation on digital skills" not in by_group
    by_word = client.get("/en/partner-requests/", {"q": "tilts"}).content.decode()
    assert "Cooperation on digital skills" in by_word and "Exchange on inclusion" not in by_word


@pytest.mark.django_db
def test_invalid_filter_is_explained_next_to_the_field(client):
    response = client.get("/en/partner-requests/", {"action": "KA999"})
    assert response.status_code == 200
    assert 'id="id_action_errors"' in response.content.decode()
    assert client.get("/en/partner-requests/feed.atom", {"action": "KA999"}).status_code == 400


@pytest.mark.django_db
def test_main_menu_links_to_partner_requests(client):
    assert 'href="/en/partner-requests/"' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_anonymous_list_is_cached_and_a_new_request_shows_at_once(client, make_organisation, make_request,
                                                                  make_representative, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.KOPA_PAGE_CACHE_SECONDS = 300
    org = make_organisation()
    first = client.get("/en/partner-requests/")
    assert "public" in first["Cache-Control"]
    rep = make_representative(org)
    other = client.__class__()
    other.force_login(rep)
    year = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(f"/en/my/organisations/{org.pk}/partner-requests/new/", {
            "title_en": "Brand new request", "action": "KA154", "round": f"{year}-2",
            "closes_on": f"{year}-04-30", "roles": ["host"]})
    assert response.status_code == 302
    assert "Brand new request" in client.get("/en/partner-requests/").content.decode()


@pytest.mark.django_db
def test_atom_feed_and_ical_follow_the_filters(client, make_organisation, make_request):
    org = make_organisation(legal_name="Zavod Most")
    make_request(org, title={"en": "Exchange on inclusion", "sl": "Izmenjava o vključevanju"}, action="KA152")
    make_request(org, title={"en": "Volunteering in Koper"}, action="ESC51")
    feed = client.get("/en/partner-requests/feed.atom", {"action": "KA152"})
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "<feed" in text and "Exchange on inclusion" in text and "Volunteering in Koper" not in text
    assert "Izmenjava o vključevanju" in client.get("/sl/partner-requests/feed.atom").content.decode()
    ics = client.get("/en/partner-requests/deadlines.ics", {"action": "ESC51"})
    calendar = Calendar.from_ical(ics.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Closing date: Volunteering in Koper"]


@pytest.mark.django_db
def test_posting_validates_next_to_the_fields_and_only_for_own_organisations(client, make_organisation,
                                                                            make_representative, make_user):
    org = make_organisation()
    stranger = make_user()
    client.force_login(stranger)
    assert client.get(f"/en/my/organisations/{org.pk}/partner-requests/new/").status_code == 404
    client.force_login(make_representative(org))
    response = client.post(f"/en/my/organisations/{org.pk}/partner-requests/new/", {
        "title_en": "", "action": "KA152", "round": "2027-1", "closes_on": "2001-01-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "title_en" in form.errors and "roles" in form.errors and "closes_on" in form.errors
    assert not PartnerRequest.objects.exists()


@pytest.mark.django_db
def test_requests_close_by_themselves_after_the_closing_date(make_organisation, make_request, client):
    org = make_organisation()
    today = timezone.localdate()
    past = make_request(org, title={"en": "Past"}, closes_on=today - timedelta(days=1))
    current = make_request(org, title={"en": "Current"}, closes_on=today)
    assert close_expired_requests() == 1
    past.refresh_from_db()
    current.refresh_from_db()
    assert (past.status, past.closed_reason) == ("closed", "expired")
    assert current.is_open
    assert "Past" not in client.get("/en/partner-requests/").content.decode()
    assert close_expired_requests() == 0


@pytest.mark.django_db
def test_the_closing_job_is_scheduled(settings):
    assert any(path == "kopa.matchmaking.jobs:close_expired_requests" for path, _cron in settings.KOPA_SCHEDULE)


@pytest.mark.django_db
def test_staff_hide_a_request_with_a_reason_audited_and_the_poster_is_told(
        client, make_agency, make_user, make_organisation, make_request, make_representative, mailoutbox,
        django_capture_on_commit_callbacks):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    poster = make_representative(org, email="poster@example.si")
    request = make_request(org, posted_by=poster, title={"en": "Selling things"})
    staff = make_user(agency=agency)
    client.force_login(staff)
    listing = client.get("/en/staff/partner-requests/").content.decode()
    assert f"/en/staff/partner-requests/{request.pk}/" in listing
    empty = client.post(f"/en/staff/partner-requests/{request.pk}/", {"reason": ""})
    assert empty.status_code == 200 and "reason" in empty.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        hidden = client.post(f"/en/staff/partner-requests/{request.pk}/", {"reason": "Advertising, not a project."})
    assert hidden.status_code == 302
    request.refresh_from_db()
    assert request.hidden and request.hidden_reason == "Advertising, not a project."
    assert AuditEntry.objects.filter(action="hide", object_id=str(request.pk)).exists()
    assert mailoutbox[-1].to == ["poster@example.si"] and "Advertising, not a project." in mailoutbox[-1].body
    client.logout()
    assert client.get(f"/en/partner-requests/{request.pk}/").status_code == 404
    assert "Selling things" not in client.get("/en/partner-requests/").content.decode()


@pytest.mark.django_db
def test_an_observer_or_another_agency_cannot_hide(client, make_agency, make_user, make_organisation, make_request):
    agency = make_agency()
    request = make_request(make_organisation(agencies=[agency]))
    client.force_login(make_user(agency=agency, role=AgencyMembership.Role.OBSERVER))
    assert client.get(f"/en/staff/partner-requests/{request.pk}/").status_code == 200
    assert client.post(f"/en/staff/partner-requests/{request.pk}/", {"reason": "x"}).status_code == 404
    client.force_login(make_user(agency=make_agency(country="LV")))
    assert client.get(f"/en/staff/partner-requests/{request.pk}/").status_code == 404
    request.refresh_from_db()
    assert not request.hidden


@pytest.mark.django_db
def test_staff_post_a_request_on_an_organisations_behalf(client, make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(legal_name="Mladinski center Zagorje", agencies=[agency])
    client.force_login(make_user(agency=agency))
    found = client.get("/en/staff/partner-requests/", {"q": "zagorje"}).content.decode()
    assert f"/en/staff/organisations/{org.pk}/partner-requests/new/" in found
    year = timezone.localdate().year + 1
    response = client.post(f"/en/staff/organisations/{org.pk}/partner-requests/new/", {
        "title_en": "On behalf", "action": "KA153", "round": f"{year}-1", "closes_on": f"{year}-02-01",
        "roles": ["host"]})
    assert response.status_code == 302
    assert PartnerRequest.objects.get().organisation == org


@pytest.mark.django_db
def test_interest_is_rate_limited_and_refused_for_own_or_closed_requests(
        client, make_organisation, make_request, make_representative, settings):
    settings.KOPA_RATE_LIMITS = {**settings.KOPA_RATE_LIMITS, "partner_interest": "2/3600"}
    mine = make_organisation()
    rep = make_representative(mine)
    client.force_login(rep)
    own = make_request(mine)
    page = client.get(f"/en/partner-requests/{own.pk}/interested/")
    assert "represent an organisation" in page.content.decode()  # only other organisations' requests
    closed = make_request(make_organisation(), status="closed", closed_reason="withdrawn")
    refused = client.post(f"/en/partner-requests/{closed.pk}/interested/", {"organisation": mine.pk, "message": "Hi"})
    assert refused.status_code == 400
    other = make_request(make_organisation())
    assert client.post(f"/en/partner-requests/{other.pk}/interested/", {"organisation": mine.pk, "message": ""}).status_code == 200
    assert client.post(f"/en/partner-requests/{other.pk}/interested/", {"organisation": mine.pk, "message": "x"}).status_code == 429
    assert not Interest.objects.exists()


@pytest.mark.django_db
def test_the_poster_changes_and_withdraws_their_request(client, make_organisation, make_request,
                                                        make_representative):
    org = make_organisation()
    rep = make_representative(org)
    request = make_request(org, posted_by=rep, title={"en": "First title"}, roles=["host"])
    client.force_login(rep)
    page = client.get(f"/en/my/partner-requests/{request.pk}/").content.decode()
    assert f"/en/my/partner-requests/{request.pk}/edit/" in page
    form = client.get(f"/en/my/partner-requests/{request.pk}/edit/")
    assert form.context["form"]["title_en"].value() == "First title"
    assert form.context["form"]["roles"].value() == ["host"]
    changed = client.post(f"/en/my/partner-requests/{request.pk}/edit/", {
        "title_en": "Better title", "action": request.action, "round": request.round,
        "closes_on": request.closes_on.isoformat(), "roles": ["host", "send"]})
    assert changed.status_code == 302
    request.refresh_from_db()
    assert request.title == {"en": "Better title"} and request.roles == ["host", "send"]
    closed = client.post(f"/en/my/partner-requests/{request.pk}/", {"action": "close", "reason": "withdrawn"})
    assert closed.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.closed_reason) == ("closed", "withdrawn")
    assert AuditEntry.objects.filter(action="close", object_id=str(request.pk)).exists()
    assert "Better title" not in client.get("/en/partner-requests/").content.decode()
