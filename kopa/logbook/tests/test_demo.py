"""The Logbook's demo: Mreža MaMa's municipalities and centres, entries in a weekly rhythm, aliases
counted across centres, a Latvian second owner, and logins that reach their pages from the menu."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from kopa.logbook.models import Entry, Municipality, Owner, Visit
from kopa.logbook.selectors import figures


def test_the_network_its_municipalities_and_a_latvian_owner(demo_once, db):
    mama = Owner.objects.get(name="Mreža MaMa")
    assert set(Municipality.objects.filter(units__owner=mama).values_list("name", flat=True)) == {
        "Ljubljana", "Novo mesto", "Brežice", "Maribor", "Celje", "Škofja Loka", "Krško", "Zagorje ob Savi"}
    assert Owner.objects.filter(country="LV").count() == 1
    entries = Entry.objects.filter(unit__owner=mama)
    assert mama.units.count() == 26
    assert entries.count() > 4000
    # Term time is busier than the summer.
    july = entries.filter(date__month=7).count() or 1
    october = entries.filter(date__month=10)
    assert sum(e.visits for e in october) / october.count() > sum(e.visits for e in entries.filter(date__month=7)) / july
    # A weekly rhythm: no entries on weekends.
    assert not [e for e in entries.only("date") if e.date.weekday() >= 5]
    # Aliases visit several centres; the network counts each once.
    units = mama.units.all()
    first, last = entries.order_by("date").first().date, entries.order_by("date").last().date
    network = figures(units, start=first, end=last, suppress=True)
    per_unit = sum(figures(units.filter(pk=u.pk), start=first, end=last, suppress=False).unique_visitors
                   for u in units)
    assert network.unique_visitors == 300 < per_unit
    assert Visit.objects.filter(unit__owner=mama).values("alias").distinct().count() == 300
    assert Municipality.objects.get(name="Celje").latitude is not None


@pytest.mark.parametrize(("username", "reaches"), [
    ("youthworker@kopa.example", "Odprti mladinski center"),
    ("municipality.celje@kopa.example", "Celje"),
    ("network@kopa.example", "Mreža MaMa"),
])
def test_the_demo_logins_reach_the_logbook_from_the_menu(demo_once, db, username, reaches):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    home = client.get("/sl/").content.decode()
    assert re.search(r'href="/sl/logbook/"', home)
    assert reaches in client.get("/sl/logbook/").content.decode()
