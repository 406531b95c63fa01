"""Generate a national-scale directory: 20,000 organisations and 100,000 people with their roles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/generate.py

Runs `migrate` first (the reference data - target groups, themes, languages - come from a data
migration), refuses to write into a database that already has organisations, and is deterministic
(seeded). Organisations go through `kopa.directory.organisations.bulk`, the same path as the demo
data, so their search text is built exactly as the services build it. Also creates one agency per
main country and a staff login (BENCH_USERNAME, password `KOPA_DEMO_PASSWORD`) for the
staff-directory measurements.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

BENCH_USERNAME = "bench.staff@kopa.example"
SEED = 20_000

COUNTRIES = [("SI", 0.35), ("LV", 0.25), ("EE", 0.05), ("DE", 0.05), ("FR", 0.05), ("PT", 0.05),
             ("RO", 0.05), ("HR", 0.05), ("AT", 0.05), ("IT", 0.05)]
TOWNS = {
    "SI": [("Ljubljana", "Osrednjeslovenska"), ("Maribor", "Podravska"), ("Celje", "Savinjska"),
           ("Kranj", "Gorenjska"), ("Koper", "Obalno-kraška"), ("Novo mesto", "Jugovzhodna Slovenija"),
           ("Velenje", "Savinjska"), ("Ptuj", "Podravska"), ("Murska Sobota", "Pomurska"),
           ("Nova Gorica", "Goriška"), ("Trbovlje", "Zasavska"), ("Laško", "Savinjska"), ("Ormož", "Podravska")],
    "LV": [("Rīga", "Rīga"), ("Daugavpils", "Latgale"), ("Liepāja", "Kurzeme"), ("Jelgava", "Zemgale"),
           ("Valmiera", "Vidzeme"), ("Rēzekne", "Latgale"), ("Ventspils", "Kurzeme"), ("Sigulda", "Pierīga"),
           ("Cēsis", "Vidzeme"), ("Ogre", "Pierīga")],
    "EE": [("Tallinn", "Harju County"), ("Tartu", "Tartu County"), ("Narva", "Ida-Viru County")],
    "DE": [("Leipzig", "Sachsen"), ("Köln", "Nordrhein-Westfalen"), ("Frankfurt am Main", "Hessen")],
    "FR": [("Lyon", "Auvergne-Rhône-Alpes"), ("Lille", "Hauts-de-France"), ("Rennes", "Bretagne")],
    "PT": [("Lisboa", "Lisboa"), ("Porto", "Norte"), ("Braga", "Norte")],
    "RO": [("Cluj-Napoca", "Cluj"), ("Iași", "Iași"), ("Timișoara", "Timiș")],
    "HR": [("Zagreb", "City of Zagreb"), ("Varaždin", "Varaždin County"), ("Rijeka", "Primorje-Gorski Kotar County")],
    "AT": [("Wien", "Wien"), ("Graz", "Steiermark"), ("Linz", "Oberösterreich")],
    "IT": [("Bologna", "Emilia-Romagna"), ("Torino", "Piemonte"), ("Napoli", "Campania")],
}
NAME_PARTS = {
    "SI": (["Mladinski center", "Društvo", "Zavod", "Mladinsko društvo", "Zadruga", "Klub"],
           ["Sonček", "Mavrica", "Most", "Iskra", "Korak", "Prostor", "Skupaj", "Odprta vrata", "Zeleni val"]),
    "LV": (["Biedrība", "Jauniešu centrs", "Nodibinājums", "Jauniešu biedrība", "Klubs"],
           ["Tilts", "Saule", "Kopā", "Solis", "Varavīksne", "Atvērtās durvis", "Zaļais vilnis", "Dzirkstele"]),
}
OTHER_PARTS = (["Youth Association", "Youth Centre", "Inclusion Network", "Social Cooperative", "Youth Club"],
               ["Bridge", "Rainbow", "Together", "Open Door", "Next Step", "Spark", "Green Wave", "Horizon"])
DESCRIPTIONS = [
    "A youth centre offering open youth work, workshops and support for young people's own initiatives.",
    "An association supporting young people with disabilities in leisure, learning and international activities.",
    "A social enterprise that trains and employs young people in repair, reuse and gardening.",
    "An organisation offering peer support and workshops on mental health for young people.",
    "A vocational school working to keep students at risk of dropping out in education.",
]
LOCAL_LANGUAGE = {"SI": "sl", "LV": "lv", "EE": "et", "DE": "de", "FR": "fr", "PT": "pt", "RO": "ro", "HR": "hr",
                  "AT": "de", "IT": "it"}
FIRST = ["Maja", "Ana", "Nina", "Eva", "Luka", "Marko", "Jure", "Matej", "Anna", "Laura", "Ilze", "Jānis",
         "Andris", "Kristaps", "Elīna", "Toms", "Sara", "Rok", "Līga", "Marta"]
LAST = ["Novak", "Horvat", "Kovačič", "Krajnc", "Zupan", "Kos", "Vidmar", "Golob", "Bērziņa", "Kalniņš",
        "Ozoliņa", "Jansons", "Liepiņa", "Vītols", "Zariņš", "Balode", "Eglīte", "Turk", "Mlakar", "Rozman"]
ROLES = ["contact", "youth_worker", "project_manager", "legal_representative", "volunteer", "board_member"]


def _setup() -> None:
    import django

    django.setup()


def _organisations(rnd: random.Random, count: int, agencies: dict):
    from kopa.directory.models import Organisation

    codes, weights = zip(*COUNTRIES, strict=True)
    oids = rnd.sample(range(10_000_000, 100_000_000), count)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    orgs, countries = [], []
    for n in range(count):
        country = rnd.choices(codes, weights)[0]
        town, region = rnd.choice(TOWNS[country])
        kinds, names = NAME_PARTS.get(country, OTHER_PARTS)
        legal_name = f"{rnd.choice(kinds)} {rnd.choice(names)} {town} {n + 1}"
        listed = rnd.random() < 0.6
        experience = rnd.choices(["none", "one_project", "experienced"], [4, 3, 3])[0]
        orgs.append(Organisation(
            legal_name=legal_name, type=rnd.choice(Organisation.Type.values), country=country, city=town,
            region=region, oid=f"E{oids[n]}" if rnd.random() < 0.85 else None,
            description={"en": rnd.choice(DESCRIPTIONS)}, experience=experience,
            can_host=rnd.random() < 0.45, can_send=rnd.random() < 0.6,
            can_coordinate=experience == "experienced" and rnd.random() < 0.5,
            accessibility=rnd.choice(Organisation.Accessibility.values), public_listing=listed,
            public_listing_consented_at=start + timedelta(minutes=rnd.randrange(3_000_000)) if listed else None,
        ))
        countries.append(country)
    return orgs, countries


def generate(*, organisations: int, people: int, batch_size: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from kopa.agencies.models import Agency, AgencyMembership
    from kopa.directory.models import (
        Affiliation,
        Language,
        Organisation,
        Person,
        TargetGroup,
        Theme,
    )
    from kopa.directory.organisations import bulk

    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if Organisation.objects.exists():
        sys.exit("This database already has organisations; give generate.py an empty database.")
    print(f"migrate: {time.perf_counter() - began:.1f} s")

    rnd = random.Random(SEED)
    with transaction.atomic():
        agencies = {
            "SI": Agency.objects.create(name="Benchmark agency SI", slug="bench-si", kind="national_agency",
                                        country="SI"),
            "LV": Agency.objects.create(name="Benchmark agency LV", slug="bench-lv", kind="national_agency",
                                        country="LV"),
        }
        user = get_user_model().objects.create_user(
            username=BENCH_USERNAME, email=BENCH_USERNAME, password=settings.KOPA_DEMO_PASSWORD,
            first_name="Maja", last_name="Krajnc")
        AgencyMembership.objects.create(agency=agencies["SI"], user=user, role=AgencyMembership.Role.STAFF)

    step = time.perf_counter()
    orgs, countries = _organisations(rnd, organisations, agencies)
    bulk.organisations_bulk_create(orgs, batch_size=batch_size)
    print(f"organisations: {len(orgs)} in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    languages = dict(Language.objects.values_list("code", "pk"))
    english = languages["en"]
    links = {"target_groups": [], "themes": [], "working_languages": [], "agencies": []}
    for org, country in zip(orgs, countries, strict=True):
        links["target_groups"] += [(org.pk, g) for g in rnd.sample(groups, rnd.randint(1, 3))]
        links["themes"] += [(org.pk, t) for t in rnd.sample(themes, rnd.randint(1, 2))]
        links["working_languages"].append((org.pk, languages[LOCAL_LANGUAGE[country]]))
        if rnd.random() < 0.6:
            links["working_languages"].append((org.pk, english))
        if country in agencies:
            links["agencies"].append((org.pk, agencies[country].pk))
    with transaction.atomic():
        for field, pairs in links.items():
            bulk.organisation_links_bulk_create(field=field, pairs=pairs, batch_size=batch_size * 5)
    print(f"organisation links: {sum(map(len, links.values()))} in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    org_ids = [o.pk for o in orgs]
    made = 0
    affiliations = 0
    while made < people:
        size = min(batch_size * 5, people - made)
        with transaction.atomic():
            batch = []
            for n in range(made, made + size):
                first, last = rnd.choice(FIRST), rnd.choice(LAST)
                batch.append(Person(first_name=first, last_name=last, email=f"person{n + 1}@bench.example.org"))
            Person.objects.bulk_create(batch, batch_size=batch_size)
            rows = []
            for person in batch:
                chosen = rnd.sample(org_ids, 2 if rnd.random() < 0.2 else 1)
                rows += [Affiliation(person_id=person.pk, organisation_id=o, role=rnd.choice(ROLES)) for o in chosen]
            Affiliation.objects.bulk_create(rows, batch_size=batch_size)
            affiliations += len(rows)
        made += size
    print(f"people: {made} with {affiliations} roles in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"analyze: {time.perf_counter() - step:.1f} s")
    print(f"total: {time.perf_counter() - began:.1f} s on {connection.vendor}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()
    _setup()
    generate(organisations=args.organisations, people=args.people, batch_size=args.batch_size)


if __name__ == "__main__":
    main()
