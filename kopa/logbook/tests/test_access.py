"""Who sees what in the Logbook: youth workers only their units, viewers only aggregates, mentors
correct locked entries with an audit entry, and nothing identifies a young person."""

import uuid
from datetime import timedelta

import pytest

from django.core import mail
from django.test import Client
from django.utils import timezone

from kopa.core.models import AuditEntry
from kopa.logbook.models import Alias, Entry, Role, Visit
from kopa.logbook.tests.support import build_logbook

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_youth_worker_sees_only_their_units():
    lb = build_logbook()
    worker = _client(lb["worker_maribor"])
    page = worker.get("/en/logbook/").content.decode()
    assert "Mladinski center Maribor" in page and "Mladinski center Celje" not in page
    assert worker.get(f"/en/logbook/units/{lb['unit_celje'].pk}/").status_code == 404
    assert worker.get(f"/en/logbook/units/{lb['unit_maribor'].pk}/").status_code == 200
    assert worker.get(f"/en/logbook/entries/{lb['entry'].uuid}/").status_code == 404
    assert worker.get(f"/en/logbook/owners/{lb['owner'].pk}/").status_code == 404
    assert worker.get(f"/en/logbook/?activity={lb['open_celje'].pk}").status_code == 404
    assert worker.post(f"/en/logbook/units/{lb['unit_celje'].pk}/kiosk/").status_code == 404


def test_people_without_a_logbook_role_do_not_see_it(make_user):
    lb = build_logbook()
    stranger = _client(make_user())
    assert 'href="/en/logbook/"' not in stranger.get("/en/").content.decode()
    assert stranger.get("/en/logbook/").status_code == 404
    assert stranger.get(f"/en/logbook/municipalities/{lb['celje'].pk}/").status_code == 404
    assert Client().get("/en/logbook/").status_code == 302  # anonymous: log in first


def test_the_author_edits_for_14_days_then_only_the_mentor_corrects_and_is_audited():
    lb = build_logbook()
    entry = lb["entry"]
    worker = _client(lb["worker"])
    address = f"/en/logbook/entries/{entry.uuid}/"
    data = {"uuid": str(entry.uuid), "date": entry.date.isoformat(), "hours": "5", "visits": "12",
            "youth_led_hours": "0", "youth_led_people": "0", "note": "popravek"}
    assert worker.post(address, data).status_code == 302
    entry.refresh_from_db()
    assert entry.hours == 5
    Entry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=15))
    locked = worker.get(address).content.decode()
    assert "The entry is locked" in locked
    assert worker.post(address, {**data, "hours": "6"}).status_code == 404
    entry.refresh_from_db()
    assert entry.hours == 5
    mentor = _client(lb["mentor"])
    assert mentor.post(address, {**data, "hours": "6"}).status_code == 302
    entry.refresh_from_db()
    assert entry.hours == 6
    last = AuditEntry.objects.filter(object_id=str(entry.pk)).order_by("-pk").first()
    assert last.actor == lb["mentor"]
    assert "hours" in last.changes


def test_the_mentor_adds_an_activity_and_invites_a_youth_worker_by_e_mail(django_capture_on_commit_callbacks):
    lb = build_logbook()
    mentor = _client(lb["mentor"])
    address = f"/en/logbook/units/{lb['unit_celje'].pk}/"
    added = mentor.post(address, {"action": "activity", "activity-name": "Ustvarjalna delavnica",
                                  "activity-kind": "group", "activity-aims": "Mladi vodijo delavnico",
                                  "activity-shared_aims": [lb["aim"].pk]})
    assert added.status_code == 302
    activity = lb["unit_celje"].activities.get(name="Ustvarjalna delavnica")
    assert list(activity.shared_aims.all()) == [lb["aim"]]
    with django_capture_on_commit_callbacks(execute=True):
        invited = mentor.post(address, {"action": "invite", "invite-email": "Nova.Delavka@example.org",
                                        "invite-first_name": "Nova"})
    assert invited.status_code == 302
    role = Role.objects.get(user__email="nova.delavka@example.org")
    assert (role.kind, role.unit) == (Role.Kind.YOUTH_WORKER, lb["unit_celje"])
    assert mail.outbox[-1].to == ["nova.delavka@example.org"]
    assert "Choose your password here" in mail.outbox[-1].body
    again = mentor.post(address, {"action": "invite", "invite-email": "nova.delavka@example.org"})
    assert again.status_code == 400 and "already records for the unit" in again.content.decode()
    # A youth worker does not build the structure.
    worker = _client(lb["worker"])
    refused = worker.post(address, {"action": "activity", "activity-name": "X", "activity-kind": "open"})
    assert refused.status_code == 404
    assert not lb["unit_celje"].activities.filter(name="X").exists()


def test_a_youth_worker_deletes_an_alias_on_request_and_the_visits_stay_counted():
    lb = build_logbook()
    worker = _client(lb["worker"])
    kiosk = worker.post(f"/en/logbook/units/{lb['unit_celje'].pk}/kiosk/")["Location"]
    Client().post(kiosk, {"alias": "Sonček", "pin": "2468", "age_band": "16-18", "gender": "non_binary"})
    assert Alias.objects.count() == 1
    worker = _client(lb["worker"])  # opening the kiosk logged them out
    unknown = worker.post(f"/en/logbook/units/{lb['unit_celje'].pk}/", {"action": "alias", "alias-alias": "Luna"})
    assert unknown.status_code == 400 and "no such alias" in unknown.content.decode()
    deleted = worker.post(f"/en/logbook/units/{lb['unit_celje'].pk}/", {"action": "alias", "alias-alias": "SONČEK"})
    assert deleted.status_code == 302
    assert not Alias.objects.exists()
    assert Visit.objects.get().alias is None


def test_nothing_stored_names_a_young_person():
    lb = build_logbook()
    kiosk = _client(lb["worker"]).post(f"/en/logbook/units/{lb['unit_celje'].pk}/kiosk/")["Location"]
    Client().post(kiosk, {"alias": "Maja Novak", "pin": "13579", "age_band": "13-15", "gender": "girl"})
    alias = Alias.objects.values().get()
    stored = " ".join(str(v) for v in alias.values()).lower()
    assert "maja" not in stored and "novak" not in stored and "13579" not in stored
    assert {f.name for f in Alias._meta.get_fields()} >= {"alias_hash", "pin_hash", "age_band", "gender"}
    assert not {"name", "email", "birth_date", "first_name"} & {f.name for f in Alias._meta.get_fields()}


def test_an_entry_posted_twice_at_once_by_uuid_is_one_entry():
    lb = build_logbook()
    worker = _client(lb["worker"])
    data = {"uuid": str(uuid.uuid4()), "date": "2026-01-05", "hours": "2", "visits": "4",
            "youth_led_hours": "0", "youth_led_people": "0"}
    for _ in range(3):
        assert worker.post(f"/en/logbook/?activity={lb['open_celje'].pk}", data).status_code == 302
    assert Entry.objects.filter(uuid=data["uuid"]).count() == 1


def test_the_coordinator_sets_shared_aims_and_reflection_questions_that_the_entry_form_asks():
    lb = build_logbook()
    coordinator = lb["mentor"]
    lb["owner"].roles.create(user=coordinator, kind=Role.Kind.COORDINATOR)
    client = _client(coordinator)
    address = f"/en/logbook/owners/{lb['owner'].pk}/"
    assert client.post(address, {"action": "aim", "aim-text": "Mladi razvijajo spretnosti"}).status_code == 302
    assert client.post(address, {"action": "question", "question-kind": "open",
                                 "question-text": "Kdo je danes prišel prvič?"}).status_code == 302
    empty = client.post(address, {"action": "question", "question-kind": "open", "question-text": ""})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert lb["owner"].aims.filter(text="Mladi razvijajo spretnosti").exists()
    form = _client(lb["worker"]).get(f"/en/logbook/?activity={lb['open_celje'].pk}").content.decode()
    assert "Kdo je danes prišel prvič?" in form and "Kaj so mladi danes predlagali?" in form
    # A youth worker and a municipality viewer do not set them.
    assert _client(lb["worker"]).post(address, {"action": "aim", "aim-text": "X"}).status_code == 404
    assert _client(lb["viewer"]).post(address, {"action": "aim", "aim-text": "X"}).status_code == 404
    assert not lb["owner"].aims.filter(text="X").exists()
