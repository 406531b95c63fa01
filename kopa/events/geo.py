"""Distances and Erasmus+ travel grants by distance band.

The programme measures the one-way great-circle distance from the town of origin to the venue and
pays the amount of the band the distance falls in; that amount covers the return journey. Green
travel gets the band's green amount where the table has one. An amount the programme has not
confirmed yet gives no grant figure (None): pages say "not confirmed" instead of guessing.
"""

import math
import unicodedata
from decimal import Decimal

from kopa.events.models import BandTable, DistanceBand

EARTH_RADIUS_KM = 6371
# Below the first band the programme pays no travel grant.
MIN_GRANT_KM = 10


def distance_km(lat1, lon1, lat2, lon2) -> int:
    """The haversine great-circle distance between two points in whole kilometres."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return round(2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a))))


def place_distance_km(a, b) -> int:
    """Distance between two objects with `latitude` and `longitude` (places, events)."""
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def band_table_for(call_year: int) -> BandTable | None:
    """The grant table that applies to `call_year`, or None when no table covers it."""
    return (
        BandTable.objects.filter(first_call_year__lte=call_year)
        .exclude(last_call_year__lt=call_year)
        .order_by("-first_call_year")
        .first()
    )


def band_for(km: int, call_year: int) -> DistanceBand | None:
    """The band of `call_year`'s table that `km` falls in; None under 10 km or without a table."""
    if km < MIN_GRANT_KM:
        return None
    table = band_table_for(call_year)
    if table is None:
        return None
    for band in table.bands.order_by("-min_km"):
        if band.min_km <= km and (band.max_km is None or km <= band.max_km):
            return band
    return None


def grant_for(band: DistanceBand | None, *, green: bool) -> Decimal | None:
    """The band's amount: green where travel is green and a green rate exists, else standard.

    None when the amount is not confirmed; zero when there is no band (under 10 km).
    """
    if band is None:
        return Decimal("0")
    if not band.confirmed:
        return None
    if green and band.green_eur is not None:
        return band.green_eur
    return band.standard_eur


def normalise(text: str) -> str:
    """Lower-case ASCII without accents, as places' `ascii_name` is stored: "Laško" → "lasko"."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
