"""What the pages say and show once an event's private data is purged, and who the travel, ride and
room pages are for (participants who accepted their place, not open offers)."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from django.utils import formats, translation

from kopa.core import privacy
from kopa.core.errors import Conflict
from kopa.events.models import (
    Attendance,
    ParticipationDetails,
    PrivacyCounts,
    Registration,
    RoomType,
    TransportMode,
    TravelDetails,
)
from kopa.events.registration.participation import participation_purge, privacy_counts_keep
from kopa.events.registration.selectors import access_needs_list, kitchen_list
from kopa.events.rooms.services import room_request_save
from kopa.events.tests.travel_support import RIGA, grant_tables, town
from kopa.events.travel.services import ride_request_save, travel_save

S = Registration.Status
ZONE = ZoneInfo("Europe/Ljubljana")
START = datetime(2021, 5, 10, 9, 0, tzinfo=ZONE)
END = datetime(2021, 5, 12, 17, 0, tzinfo=ZONE)
PURGED = END + timedelta(days=31)


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def past(make_event, make_registration, make_user):
    """A past event: one participant with a travel grant and two days checked in."""
    event = make_event(start=START, end=END, **RIGA)
    person = make_registration(event=event, status=S.ATTENDED, user=make_user(),
                               first_name="Ilze", last_name="Kalnina", sending_country="LV")
    TravelDetails.objects.create(registration=person, origin=town("Ljubljana"), mode=TransportMode.TRAIN,
                                 green=True, distance_km=1150, grant_eur=Decimal("417.00"),
                                 arrival=START - timedelta(hours=5))
    for day in (date(2021, 5, 10), date(2021, 5, 11)):
        Attendance.objects.create(registration=person, day=day, checked_in_at=START)
    ParticipationDetails.objects.create(registration=person, has_access_needs=True, access_needs="Ramp")
    return event


def _notice(language: str) -> str:
    with translation.override(language):
        day = formats.date_format(PURGED.astimezone(ZONE), "DATE_FORMAT")
        return translation.gettext("Private data deleted on %(date)s as announced.") % {"date": day}


# --- after the purge: the pages say so --------------------------------------------------------------


@pytest.mark.parametrize("page", ["participation", "travel", "rides", "room"])
def test_the_participants_pages_say_when_the_private_data_was_deleted(client, past, page, settings):
    settings.TIME_ZONE = "Europe/Ljubljana"
    person = Registration.objects.get(event=past)
    participation_purge(event=past, now=PURGED)
    client.force_login(person.user)

    for language in ("en", "sl"):
        html = client.get(f"/{language}/my/events/{person.pk}/{page}/").content.decode()

        assert _notice(language) in html
        assert 'method="post" novalidate' not in html


def test_my_events_shows_no_check_in_code_once_it_is_deleted(client, past):
    person = Registration.objects.get(event=past)
    participation_purge(event=past, now=PURGED)
    client.force_login(person.user)

    response = client.get("/en/my/events/")

    assert response.status_code == 200 and "QR code for check-in" not in response.content.decode()
    assert Registration.objects.get(pk=person.pk).checkin_code is None


@pytest.mark.parametrize("page", ["registrations/access-needs", "kitchen", "travel", "rooms",
                                  "questions"])
def test_the_organisers_pages_say_when_the_private_data_was_deleted(client, past, organiser, page,
                                                                    settings):
    settings.TIME_ZONE = "Europe/Ljubljana"
    RoomType.objects.create(event=past, name={"en": "Double room"}, places=2)
    client.force_login(organiser)
    before = client.get(f"/en/staff/events/{past.pk}/{page}/").content.decode()
    participation_purge(event=past, now=PURGED)

    for language in ("en", "lv"):
        html = client.get(f"/{language}/staff/events/{past.pk}/{page}/").content.decode()

        assert _notice(language) in html
    assert _notice("en") not in before
    assert "Nobody has declared access needs" not in html and "No travel details yet" not in html


def test_the_travel_page_keeps_the_grants_and_drops_where_from_and_when(client, past, organiser):
    participation_purge(event=past, now=PURGED)
    client.force_login(organiser)

    html = client.get(f"/en/staff/events/{past.pk}/travel/").content.decode()

    assert "Ilze Kalnina" in html and "417" in html and "Train" in html
    assert "Ljubljana" not in html
    assert TravelDetails.objects.get().arrival is None


def test_after_both_purges_the_grant_report_keeps_every_line_without_the_name(
        client, past, organiser, download_job):
    person = Registration.objects.get(event=past)
    privacy.purge_due(now=END + timedelta(days=400))
    client.force_login(organiser)

    html = client.get(f"/en/staff/events/{past.pk}/travel/").content.decode()
    response = download_job(client, f"/en/staff/events/{past.pk}/travel/grants.csv")
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))

    assert f"Participant {person.pk}" in html and "Ilze" not in html
    assert rows[0] == ["participant", "sending_country", "organisation", "mode", "green",
                       "distance_km", "band", "grant_eur", "days_attended"]
    assert rows[1][:2] == [f"Participant {person.pk}", "LV"]
    assert rows[1][3:5] == ["Train", "yes"] and rows[1][7:] == ["417.00", "2"]
    assert rows[-1] == ["total", "", "", "", "1", "", "", "417.00", "2"]


def test_the_grant_report_is_for_the_organisers_only(client, past, make_user, make_agency):
    client.force_login(make_user(agency=make_agency(country="LV")))

    assert client.post(f"/en/staff/events/{past.pk}/travel/grants.csv").status_code == 404
    assert client.post(f"/en/staff/events/{past.pk}/travel/grants.xlsx").status_code == 404


def test_nothing_private_can_be_given_after_the_purge(past):
    person = Registration.objects.get(event=past)
    participation_purge(event=past, now=PURGED)

    with pytest.raises(Conflict):
        travel_save(registration=person, actor=person.user, origin=town("Celje"), mode="bus")
    with pytest.raises(Conflict):
        ride_request_save(registration=person, actor=person.user, origin=town("Celje"))


# --- an offer or a selection is not yet a participant ----------------------------------------------


@pytest.fixture
def offered(make_event, make_registration, make_user):
    grant_tables()
    event = make_event(**RIGA)
    RoomType.objects.create(event=event, name={"en": "Double room"}, places=2)
    return make_registration(event=event, status=S.OFFERED, user=make_user())


@pytest.mark.parametrize("page", ["travel", "rides", "room"])
def test_travel_rides_and_room_pages_are_not_for_an_open_offer(client, offered, page):
    client.force_login(offered.user)

    assert client.get(f"/en/my/events/{offered.pk}/{page}/").status_code == 404
    Registration.objects.filter(pk=offered.pk).update(status=S.CONFIRMED)
    assert client.get(f"/en/my/events/{offered.pk}/{page}/").status_code == 200


def test_my_events_links_travel_and_rooms_only_for_participants(client, offered):
    client.force_login(offered.user)

    html = client.get("/en/my/events/").content.decode()

    assert f"/my/events/{offered.pk}/travel/" not in html
    assert f"/my/events/{offered.pk}/participation/" in html  # it explains to accept the place first


@pytest.mark.parametrize("status", [S.OFFERED, S.SELECTED])
def test_the_services_refuse_travel_rides_and_rooms_before_the_place_is_accepted(offered, status):
    Registration.objects.filter(pk=offered.pk).update(status=status)
    offered.refresh_from_db()
    room_type = RoomType.objects.get(event=offered.event)

    with pytest.raises(Conflict):
        travel_save(registration=offered, actor=offered.user, origin=town("Celje"), mode="train")
    with pytest.raises(Conflict):
        ride_request_save(registration=offered, actor=offered.user, origin=town("Celje"))
    with pytest.raises(Conflict):
        room_request_save(registration=offered, actor=offered.user, room_type=room_type,
                          first_night=offered.event.start.date(), last_night=offered.event.start.date())
    assert not TravelDetails.objects.exists()


def test_the_participation_form_is_not_shown_or_saved_for_an_open_offer(client, offered):
    client.force_login(offered.user)
    url = f"/en/my/events/{offered.pk}/participation/"

    html = client.get(url).content.decode()
    client.post(url, {"has_access_needs": "yes", "access_needs": "Ramp", "diet": "none"})

    assert 'method="post" novalidate' not in html and "Accept it in My events first" in html
    assert not ParticipationDetails.objects.exists()


def test_the_kept_count_of_participants_leaves_out_open_offers_and_selections(
    make_event, make_registration
):
    event = make_event(start=START, end=END)
    for status in (S.CONFIRMED, S.ATTENDED, S.NO_SHOW, S.OFFERED, S.SELECTED, S.CANCELLED):
        make_registration(event=event, status=status)

    counts = privacy_counts_keep(event, PURGED)

    assert counts.participants == 3
    assert PrivacyCounts.objects.get(event=event).participants == 3


@pytest.mark.parametrize("status", [S.OFFERED, S.SELECTED])
def test_the_organisers_needs_and_kitchen_lists_leave_out_people_not_yet_participants(
    offered, status, make_registration
):
    """Details left from before (e.g. entered by an organiser) do not put an open offer on the lists."""
    confirmed = make_registration(event=offered.event, status=S.CONFIRMED)
    for registration in (offered, confirmed):
        ParticipationDetails.objects.create(
            registration=registration, has_access_needs=True, access_needs="Ramp", diet="vegan"
        )
    Registration.objects.filter(pk=offered.pk).update(status=status)

    needs = list(access_needs_list(offered.event))
    kitchen = kitchen_list(offered.event)

    assert [d.registration_id for d in needs] == [confirmed.pk]
    assert sum(count for _label, count in kitchen.counts) == 1
    assert len(kitchen.lines) == 1
