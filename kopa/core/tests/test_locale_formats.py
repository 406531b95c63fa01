"""Dates, countries and languages as each page language writes and orders them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django import forms
from django.utils import formats, translation
from django.utils.translation import pgettext

from kopa.core import audit
from kopa.core.i18n import collated, country_choices, language_name
from kopa.core.models import AuditEntry

MOMENT = datetime(2026, 12, 4, 16, 35, tzinfo=ZoneInfo("Europe/Ljubljana"))


def in_language(language, fmt, value=MOMENT):
    with translation.override(language):
        return formats.date_format(value, fmt)


def test_english_dates_put_the_day_first_and_use_the_24_hour_clock():
    assert in_language("en", "DATE_FORMAT") == "4 December 2026"
    assert in_language("en", "DATETIME_FORMAT") == "4 December 2026, 16:35"
    assert in_language("en", "SHORT_DATE_FORMAT") == "4 Dec 2026"


def test_slovenian_dates_take_the_genitive_and_ob_before_the_time():
    with translation.override("sl"):
        december = pgettext("alt. month", "December")
    assert in_language("sl", "DATE_FORMAT") == f"4. {december} 2026"
    assert in_language("sl", "DATETIME_FORMAT") == f"4. {december} 2026 ob 16.35"
    assert in_language("sl", "SHORT_DATE_FORMAT") == "4. 12. 2026"
    assert "Dec" not in in_language("sl", "SHORT_DATETIME_FORMAT")


def test_latvian_dates_name_the_year_first():
    assert in_language("lv", "DATE_FORMAT") == "2026. gada 4. decembris"
    assert in_language("lv", "SHORT_DATE_FORMAT") == "04.12.2026"


def test_typed_english_dates_are_read_day_first():
    with translation.override("en"):
        assert forms.DateField().clean("04/05/2026") == date(2026, 5, 4)


def test_collation_puts_each_languages_own_letters_after_their_base_letter():
    words = ["Čad", "Cipro", "Dánsko", "Zambija", "Šved", "Sirija", "Ćiril"]
    assert collated(words, language="sl") == ["Cipro", "Čad", "Ćiril", "Dánsko", "Sirija", "Šved", "Zambija"]
    assert collated(["Ēģipte", "Dānija", "Eiropa", "Gana", "Ģermānija"], language="lv") == [
        "Dānija", "Ēģipte", "Eiropa", "Gana", "Ģermānija"]
    assert collated(["Österreich", "Oman", "Peru"], language="en") == ["Oman", "Österreich", "Peru"]


def test_country_choices_follow_the_page_language_and_its_alphabet():
    with translation.override("sl"):
        names = [name for _code, name in country_choices()]
        assert dict(country_choices())["DE"] == "Nemčija"
    assert names.index("Ciper") < names.index("Čad") < names.index("Češka") < names.index("Danska")
    assert names.index("Sveti sedež") < names.index("Španija")
    with translation.override("lv"):
        assert dict(country_choices(blank="–"))["SI"] == "Slovēnija"
        assert country_choices(blank="–")[0] == ("", "–")


def test_language_names_come_from_the_locale_data_for_every_code():
    with translation.override("sl"):
        assert language_name("mt") == "malteščina" and language_name("nb") == "knjižna norveščina"
    assert language_name("mt", language="lv") == "maltiešu"
    assert language_name("xx") == "xx"


@pytest.mark.django_db
def test_history_shows_field_labels_and_readable_values_without_changing_what_is_stored(
    make_organisation, make_agency
):
    org = make_organisation(country="SI")
    agency = make_agency(name="MOVIT")
    entry = audit.record(actor=None, obj=org, action=AuditEntry.Action.UPDATE, changes={
        "country": ["SI", "LV"], "type": ["ngo", "school"], "description": [{}, {"en": "Hi", "sl": "Živjo"}],
        "can_host": [False, True], "tags": [None, ["a", "b"]], "updated_at": ["2026-12-04T15:35:00+00:00", None],
        "public_listing": [None, None], "agencies": [[], [agency.name]], "unknown_key": [1, 2],
    })
    with translation.override("sl"):
        lines = {c.label: (c.before, c.after) for c in audit.changes_for_reader(entry)}
    entry.refresh_from_db()
    assert entry.changes["country"] == ["SI", "LV"]
    assert lines["Država"] == ("Slovenija", "Latvija")
    assert lines["Opis"] == ("–", "Živjo")
    assert ("–", "a, b") in lines.values() and ("–", "MOVIT") in lines.values()
    assert ("ne", "da") in lines.values()
    assert lines["Unknown key"] == ("1", "2")
