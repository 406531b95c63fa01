"""Distances and Erasmus+ grants, checked against the worked examples of the reference file."""

from decimal import Decimal

import pytest

from kopa.events.geo import (
    band_for,
    band_table_for,
    distance_km,
    grant_for,
    normalise,
    place_distance_km,
)
from kopa.events.models import BandTable, DistanceBand
from kopa.events.tests.travel_support import grant_tables, town

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tables():
    grant_tables()


def test_ljubljana_to_riga_is_about_1380_km():
    assert place_distance_km(town("Ljubljana"), town("Riga")) == pytest.approx(1380, abs=5)


def test_riga_to_tallinn_is_about_280_km():
    assert place_distance_km(town("Riga"), town("Tallinn")) == pytest.approx(280, abs=3)


def test_ljubljana_to_lasko_is_about_58_km():
    assert place_distance_km(town("Ljubljana"), town("Laško")) == pytest.approx(58, abs=2)


def test_distance_is_the_same_both_ways_and_zero_at_the_same_point():
    assert distance_km(46.05108, 14.50513, 56.946, 24.10589) == distance_km(
        56.946, 24.10589, 46.05108, 14.50513
    )
    assert distance_km(56.946, 24.10589, 56.946, 24.10589) == 0


def test_ljubljana_to_riga_gets_309_eur_standard_or_417_eur_green_from_2024_on():
    band = band_for(place_distance_km(town("Ljubljana"), town("Riga")), 2024)
    assert (band.min_km, band.max_km) == (500, 1999)
    assert grant_for(band, green=False) == Decimal("309")
    assert grant_for(band, green=True) == Decimal("417")


def test_riga_to_tallinn_falls_in_the_100_to_499_band():
    band = band_for(place_distance_km(town("Riga"), town("Tallinn")), 2025)
    assert (band.min_km, band.max_km) == (100, 499)
    assert grant_for(band, green=True) == Decimal("285")


def test_ljubljana_to_lasko_falls_in_the_10_to_99_band():
    band = band_for(place_distance_km(town("Ljubljana"), town("Laško")), 2024)
    assert (band.min_km, band.max_km) == (10, 99)
    assert grant_for(band, green=False) == Decimal("28")


def test_the_call_year_chooses_the_table():
    assert band_table_for(2022).first_call_year == 2021
    assert band_table_for(2023).first_call_year == 2021
    assert band_table_for(2024).first_call_year == 2024
    assert band_table_for(2031).first_call_year == 2024
    assert band_table_for(2019) is None


def test_a_2022_call_pays_the_older_amounts():
    band = band_for(1380, 2022)
    assert grant_for(band, green=False) == Decimal("275")
    assert grant_for(band, green=True) == Decimal("320")


def test_green_travel_gets_the_standard_amount_where_no_green_rate_exists():
    band = band_for(50, 2022)
    assert band.green_eur is None
    assert grant_for(band, green=True) == Decimal("23")


def test_an_unconfirmed_band_gives_no_amount():
    band = band_for(3500, 2024)
    assert band is not None and not band.confirmed
    assert grant_for(band, green=False) is None


def test_a_band_marked_unconfirmed_gives_no_amount_even_with_an_amount_entered():
    band = band_for(1380, 2024)
    band.confirmed = False
    assert grant_for(band, green=True) is None


def test_under_10_km_there_is_no_band_and_no_grant():
    assert band_for(9, 2024) is None
    assert grant_for(None, green=True) == Decimal("0")
    assert band_for(10, 2024).min_km == 10


def test_the_last_band_has_no_upper_limit():
    assert band_for(12000, 2022).min_km == 8000


def test_a_table_ending_later_wins_only_in_its_own_years():
    BandTable.objects.filter(first_call_year=2024).update(last_call_year=2027)
    newer = BandTable.objects.create(name="Calls 2028 on", first_call_year=2028)
    DistanceBand.objects.create(table=newer, min_km=10, max_km=99, standard_eur=Decimal("30"))
    assert band_for(50, 2027).table.first_call_year == 2024
    assert band_for(50, 2028).table == newer


def test_normalise_drops_accents_and_case():
    assert normalise("  Laško ") == "lasko"
    assert normalise("Jūrmala") == "jurmala"
