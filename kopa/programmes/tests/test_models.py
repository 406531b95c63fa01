import datetime as dt

import pytest

from django.db import IntegrityError, transaction

from kopa.programmes.models import Cycle, Partnership


@pytest.fixture
def partnership(make_agency):
    return Partnership.objects.create(name={"en": "Social inclusion"}, slug="si", coordinator=make_agency())


@pytest.mark.django_db
def test_cycle_must_end_after_it_starts(partnership):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(partnership=partnership, name="bad", start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(partnership=partnership, name="zero", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1))
    Cycle.objects.create(partnership=partnership, name="2018–2020", start=dt.date(2018, 1, 1), end=dt.date(2020, 12, 31))
    assert Cycle.objects.count() == 1


@pytest.mark.django_db
def test_partnership_name_falls_back_to_english_then_any_language(make_agency):
    from django.utils import translation

    p = Partnership.objects.create(name={"en": "Being together", "lv": "Būt kopā"}, slug="bk", coordinator=make_agency())
    with translation.override("lv"):
        assert str(p) == "Būt kopā"
    with translation.override("sl"):
        assert str(p) == "Being together"
    p.name = {"lv": "Būt kopā"}
    with translation.override("sl"):
        assert str(p) == "Būt kopā"
