"""Building a network's structure (the coordinator's units and municipalities, the mentor's
activities) and typing in youth work recorded on paper: a week's grid and a CSV file of earlier
records, each saved whole or not at all."""

from datetime import timedelta

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from kopa.core.models import AuditEntry
from kopa.logbook.models import Entry, Municipality, Role, Unit
from kopa.logbook.tests.support import build_logbook

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _coordinator(lb):
    Role.objects.create(user=lb["mentor"], owner=lb["owner"], kind=Role.Kind.COORDINATOR)
    return _client(lb["mentor"])


def test_the_coordinator_adds_a_municipality_and_a_unit_from_the_network_page():
    lb = build_logbook()
    client = _coordinator(lb)
    owner_page = client.get(f"/en/logbook/owners/{lb['owner'].pk}/").content.decode()
    manage = f"/en/logbook/owners/{lb['owner'].pk}/manage/"
    assert f'href="{manage}"' in owner_page
    assert client.post(manage, {"action": "municipality", "municipality-name": " Novo  mesto "}).status_code == 302
    novo_mesto = Municipality.objects.get(name="Novo mesto")
    empty = client.post(manage, {"action": "unit", "unit-name": "", "unit-municipality": novo_mesto.pk})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert client.post(manage, {"action": "unit", "unit-name": "Mladinski center Novo mesto",
                                "unit-municipality": novo_mesto.pk}).status_code == 302
    unit = Unit.objects.get(name="Mladinski center Novo mesto")
    assert (unit.owner, unit.municipality, unit.organisation) == (lb["owner"], novo_mesto, lb["owner"].organisation)
    twice = client.post(manage, {"action": "unit", "unit-name": "mladinski center novo mesto",
                                 "unit-municipality": novo_mesto.pk})
    assert twice.status_code == 400 and "already has a unit with this name" in twice.content.decode()
    page = client.get(manage).content.decode()
    assert "Mladinski center Novo mesto" in page and "Novo mesto" in page
    renamed = client.post(f"/en/logbook/units/{unit.pk}/edit/", {"name": "MC Novo mesto",
                                                                  "municipality": lb["celje"].pk})
    assert renamed.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.municipality) == ("MC Novo mesto", lb["celje"])
    assert AuditEntry.objects.filter(object_id=str(unit.pk), action=AuditEntry.Action.UPDATE).exists()


def test_only_the_coordinator_builds_the_network():
    lb = build_logbook()
    manage = f"/en/logbook/owners/{lb['owner'].pk}/manage/"
    for user in (lb["mentor"], lb["worker"], lb["viewer"]):
        client = _client(user)
        assert client.get(manage).status_code == 404
        assert client.post(manage, {"action": "municipality", "municipality-name": "Krško"}).status_code == 404
        assert client.get(f"/en/logbook/units/{lb['unit_celje'].pk}/edit/").status_code == 404
    assert not Municipality.objects.filter(name="Krško").exists()
    assert Client().get(manage).status_code == 302


def test_the_mentor_changes_an_activity_and_retires_it_from_the_entry_page():
    lb = build_logbook()
    activity = lb["open_celje"]
    mentor = _client(lb["mentor"])
    unit_page = mentor.get(f"/en/logbook/units/{lb['unit_celje'].pk}/").content.decode()
    assert f'href="/en/logbook/activities/{activity.pk}/"' in unit_page
    saved = mentor.post(f"/en/logbook/activities/{activity.pk}/", {
        "name": "Odprti klub ob petkih", "kind": "open", "aims": "Varen prostor"})
    assert saved.status_code == 302
    activity.refresh_from_db()
    assert (activity.name, activity.aims, activity.active) == ("Odprti klub ob petkih", "Varen prostor", False)
    assert not activity.shared_aims.exists()
    assert f"?activity={activity.pk}" not in _client(lb["worker"]).get("/en/logbook/").content.decode()
    # A youth worker, or the mentor of another unit, gets a 404.
    assert _client(lb["worker"]).get(f"/en/logbook/activities/{activity.pk}/").status_code == 404
    assert _client(lb["mentor"]).get(f"/en/logbook/activities/{lb['open_maribor'].pk}/").status_code == 404


def _week_data(activity, **cells):
    return {f"{cell[0]}_{activity.pk}_{cell[2:]}": value for cell, value in cells.items()}


def test_a_youth_worker_types_in_a_week_from_paper_once():
    lb = build_logbook()
    worker = _client(lb["worker"])
    unit_page = worker.get(f"/en/logbook/units/{lb['unit_celje'].pk}/").content.decode()
    address = f"/en/logbook/units/{lb['unit_celje'].pk}/week/"
    assert f'href="{address}"' in unit_page
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    week = f"{address}?week={monday.isoformat()}"
    page = worker.get(week).content.decode()
    assert "Odprti klub" in page and f"h_{lb['open_celje'].pk}_6" in page
    a = lb["open_celje"]
    before = Entry.objects.count()
    data = _week_data(a, **{"h_0": "3", "v_0": "14", "h_2": "4", "v_2": "20"})
    data[f"v_{a.pk}_4"] = "7"  # visits without hours: refused, nothing saved
    refused = worker.post(week, data)
    assert refused.status_code == 400 and "Type the hours of the visits." in refused.content.decode()
    assert Entry.objects.count() == before
    del data[f"v_{a.pk}_4"]
    assert worker.post(week, data).status_code == 302
    assert worker.post(week, data).status_code == 302  # sent again: recognised
    new = Entry.objects.filter(unit=lb["unit_celje"], date__gte=monday, date__lt=monday + timedelta(days=7))
    assert sorted((e.date, e.hours, e.visits) for e in new) == [(monday, 3, 14), (monday + timedelta(days=2), 4, 20)]
    assert all(e.author == lb["worker"] for e in new)
    # Another unit's week is not theirs.
    assert worker.get(f"/en/logbook/units/{lb['unit_maribor'].pk}/week/").status_code == 404


def _csv(text):
    return SimpleUploadedFile("records.csv", text.encode("utf-8"), content_type="text/csv")


def test_a_csv_file_of_earlier_records_is_saved_whole_or_not_at_all():
    lb = build_logbook()
    worker = _client(lb["worker"])
    address = f"/en/logbook/units/{lb['unit_celje'].pk}/import/"
    assert f'href="{address}"' in worker.get(f"/en/logbook/units/{lb['unit_celje'].pk}/").content.decode()
    before = Entry.objects.count()
    bad = ("date;activity;hours;visits;youth_led_hours;youth_led_people;note\n"
           "2025-03-03;Odprti klub;4;18;1;2;Turnir\n"
           "2025-03-04;Plesna skupina;3;10;0;0;\n"
           "03.05.2025;Odprti klub;4,5;x;0;0;\n")
    refused = worker.post(address, {"file": _csv(bad)})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Nothing is saved" in page
    assert "The unit has no activity called &quot;Plesna skupina&quot;." in page
    assert "The date must be written as 2026-03-31." in page and "Visits must be a whole number" in page
    assert Entry.objects.count() == before
    good = ("date,activity,hours,visits,note\n"
            "2025-03-03,Odprti klub,4,18,Turnir\n"
            "2025-03-04,odprti klub,3.5,10,\n")
    assert worker.post(address, {"file": _csv(good)}).status_code == 302
    assert worker.post(address, {"file": _csv(good)}).status_code == 302  # the same file again
    imported = Entry.objects.filter(unit=lb["unit_celje"], date__year=2025).order_by("date")
    assert [(e.date.isoformat(), float(e.hours), e.visits, e.note) for e in imported] == [
        ("2025-03-03", 4.0, 18, "Turnir"), ("2025-03-04", 3.5, 10, "")]
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    later = worker.post(address, {"file": _csv(f"date,activity,hours\n{future},Odprti klub,2\n")})
    assert later.status_code == 400 and "The date cannot be in the future." in later.content.decode()
    assert worker.post(address, {"file": _csv("when,what\n1,2\n")}).status_code == 400
    assert worker.post(address, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")}).status_code == 400
    assert _client(lb["worker_maribor"]).post(address, {"file": _csv(good)}).status_code == 404
