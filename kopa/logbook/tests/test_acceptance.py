"""The Logbook as its people use it, from the main menu: a youth worker records an evening, a young
person checks in at the kiosk in Celje and in Maribor and the network counts them once, the
municipality viewer sees Celje's figures without notes, and a resent entry is stored once."""

import re
import uuid

import pytest

from django.test import Client

from kopa.logbook.models import Alias, Entry, Visit
from kopa.logbook.tests.support import build_logbook

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _kiosk_address(client, unit):
    """The youth worker opens the kiosk from the unit's page; it logs them out of the tablet."""
    response = client.post(f"/en/logbook/units/{unit.pk}/kiosk/")
    assert response.status_code == 302
    return response["Location"]


def test_an_evening_recorded_a_young_person_counted_once_and_the_municipality_sees_no_notes():
    lb = build_logbook()
    worker = _client(lb["worker"])
    # The main menu leads to the Logbook; the activity is picked from the recent ones.
    home = worker.get("/en/")
    assert 'href="/en/logbook/"' in home.content.decode()
    page = worker.get("/en/logbook/").content.decode()
    pick = re.search(r'href="(/en/logbook/\?activity=\d+)">Odprti klub', page).group(1)
    form = worker.get(pick).content.decode()
    entry_uuid = re.search(r'name="uuid" value="([0-9a-f-]+)"', form).group(1)
    question = lb["question"]
    data = {"uuid": entry_uuid, "date": "2026-01-01", "hours": "3.5", "visits": "14", "youth_led_hours": "1",
            "youth_led_people": "3", "note": "Mirna večer, NOTE-EVENING", f"q{question.pk}": "Glasbeni večer"}
    saved = worker.post(pick, data)
    assert saved.status_code == 302
    entry = Entry.objects.get(uuid=entry_uuid)
    assert (entry.hours, entry.visits, entry.author, entry.unit) == (3.5, 14, lb["worker"], lb["unit_celje"])
    assert entry.reflections == {str(question.pk): "Glasbeni večer"}
    # The same form sent again (a lost answer, a resend): stored once.
    again = worker.post(pick, data)
    assert again.status_code == 302
    assert Entry.objects.filter(uuid=entry_uuid).count() == 1
    assert "This entry was already saved." in worker.get("/en/logbook/").content.decode()

    # A young person checks in at the kiosk in Celje, and later in Maribor with the same alias.
    kiosk_celje = _kiosk_address(worker, lb["unit_celje"])
    tablet = Client()
    page = tablet.get(kiosk_celje).content.decode()
    assert "Log in" not in page and "Log out" not in page  # no staff login on the tablet
    assert "display=low-vision" in page  # the low-vision mode, without an account
    first = tablet.post(kiosk_celje, {"alias": "Zvezdica", "pin": "4821", "age_band": "13-15", "gender": "girl"})
    assert first.status_code == 302
    kiosk_maribor = _kiosk_address(_client(lb["worker_maribor"]), lb["unit_maribor"])
    wrong = Client().post(kiosk_maribor, {"alias": "zvezdica ", "pin": "0000"})
    assert wrong.status_code == 400 and "do not match" in wrong.content.decode()
    second = Client().post(kiosk_maribor, {"alias": "zvezdica ", "pin": "4821"})
    assert second.status_code == 302
    assert Visit.objects.count() == 2 and Alias.objects.count() == 1
    alias = Alias.objects.get()
    assert "zvezdica" not in alias.alias_hash.lower() and alias.pin_hash != "4821"

    # The network's coordinator: the young person is one unique visitor across both centres.
    coordinator = lb["mentor"]
    lb["owner"].roles.create(user=coordinator, kind="coordinator")
    owner_page = _client(coordinator).get(f"/en/logbook/owners/{lb['owner'].pk}/?start=2025-12-01&end=2030-01-01")
    unique = re.search(r'class="unique-visitors">([^<]+)<', owner_page.content.decode()).group(1)
    assert unique == "fewer than 5"  # one visitor: suppressed above the unit level
    celje_unit = _client(lb["worker"]).get(f"/en/logbook/units/{lb['unit_celje'].pk}/?start=2025-12-01&end=2030-01-01")
    assert re.search(r'class="unique-visitors">1<', celje_unit.content.decode())

    # The municipality viewer reaches Celje's figures from the menu, without notes or reflections.
    viewer = _client(lb["viewer"])
    start = viewer.get("/en/logbook/").content.decode()
    address = re.search(r'href="(/en/logbook/municipalities/\d+/)">Celje', start).group(1)
    figures = viewer.get(address + "?start=2025-12-01&end=2030-01-01").content.decode()
    assert "Hours" in figures and ">7.5<" in figures  # 4 h recorded yesterday + 3.5 h this evening
    for private in ("NOTE-EVENING", "NOTE-CELJE-PRIVATE", "Glasbeni večer", "Turnir"):
        assert private not in figures
    assert viewer.get(f"/en/logbook/units/{lb['unit_celje'].pk}/").status_code == 404
    assert viewer.get(f"/en/logbook/municipalities/{lb['maribor'].pk}/").status_code == 404


def test_unique_visitors_at_the_network_count_each_alias_once_over_five(client):
    lb = build_logbook()
    worker = _client(lb["worker"])
    celje, maribor = _kiosk_address(worker, lb["unit_celje"]), _kiosk_address(
        _client(lb["worker_maribor"]), lb["unit_maribor"])
    for n in range(6):
        for kiosk in (celje, maribor):
            response = Client().post(kiosk, {"alias": f"alias{n}", "pin": "1234", "age_band": "16-18",
                                             "gender": "boy"})
            assert response.status_code == 302
    coordinator = lb["mentor"]
    lb["owner"].roles.create(user=coordinator, kind="coordinator")
    page = _client(coordinator).get(f"/en/logbook/owners/{lb['owner'].pk}/").content.decode()
    assert re.search(r'class="unique-visitors">6<', page)
    assert Visit.objects.count() == 12


def test_a_new_alias_is_asked_for_age_and_gender_once():
    lb = build_logbook()
    kiosk = _kiosk_address(_client(lb["worker"]), lb["unit_celje"])
    missing = Client().post(kiosk, {"alias": "Luna", "pin": "5555"})
    assert missing.status_code == 400
    assert "First time here? Choose your age." in missing.content.decode()
    assert not Alias.objects.exists()
    bad_pin = Client().post(kiosk, {"alias": "Luna", "pin": "12", "age_band": "19-24", "gender": "unsaid"})
    assert bad_pin.status_code == 400 and "Type 4 to 8 digits." in bad_pin.content.decode()


def test_an_altered_kiosk_link_is_not_found():
    lb = build_logbook()
    kiosk = _kiosk_address(_client(lb["worker"]), lb["unit_celje"])
    assert Client().get(kiosk[:-3] + "xyz/").status_code == 404
    assert Client().get(kiosk).status_code == 200


def test_a_uuid_of_another_persons_entry_is_refused():
    lb = build_logbook()
    other = _client(lb["mentor"])
    data = {"uuid": str(lb["entry"].uuid), "date": "2026-01-02", "hours": "2", "visits": "1",
            "youth_led_hours": "0", "youth_led_people": "0"}
    response = other.post(f"/en/logbook/?activity={lb['open_celje'].pk}", data)
    assert response.status_code == 400
    assert Entry.objects.get(uuid=lb["entry"].uuid).hours == 4


def test_bad_entry_input_is_explained_next_to_the_field():
    lb = build_logbook()
    worker = _client(lb["worker"])
    response = worker.post(f"/en/logbook/?activity={lb['open_celje'].pk}", {
        "uuid": str(uuid.uuid4()), "date": "2099-01-01", "hours": "30", "visits": "-1",
        "youth_led_hours": "0", "youth_led_people": "0"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date cannot be in the future." in body
    assert "less than or equal to 24" in body
    more_led = worker.post(f"/en/logbook/?activity={lb['open_celje'].pk}", {
        "uuid": str(uuid.uuid4()), "date": "2026-01-01", "hours": "2", "visits": "3",
        "youth_led_hours": "3", "youth_led_people": "1"})
    assert more_led.status_code == 400
    assert "Youth-led hours cannot be more than the hours." in more_led.content.decode()
    assert Entry.objects.count() == 1


def test_guessing_a_pin_at_the_kiosk_is_stopped_after_ten_tries():
    lb = build_logbook()
    kiosk = _kiosk_address(_client(lb["worker"]), lb["unit_celje"])
    tablet = Client()
    assert tablet.post(kiosk, {"alias": "Mesec", "pin": "7777", "age_band": "16-18", "gender": "boy"}).status_code == 302
    answers = [tablet.post(kiosk, {"alias": "Mesec", "pin": f"{n:04d}"}) for n in range(9)]
    assert all("do not match" in a.content.decode() for a in answers)
    stopped = tablet.post(kiosk, {"alias": "mesec", "pin": "7777"})  # the right PIN, too late
    assert stopped.status_code == 400 and "Too many tries with this alias." in stopped.content.decode()
    assert Visit.objects.count() == 1
    # Another young person at the same tablet is not held up.
    other = tablet.post(kiosk, {"alias": "Sonce", "pin": "1111", "age_band": "13-15", "gender": "girl"})
    assert other.status_code == 302
