"""Add events at national scale to a database filled by generate.py: 5,000 events, 300,000 registrations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/generate_events.py

Needs the benchmark agencies that generate.py creates, and refuses to write into a database that already
has events. Deterministic (seeded) except the check-in codes, which are random by design
(`secrets.token_urlsafe(16)`, unique per row). Events spread over 2024–2028 around a fixed date, so the
same run always has the same past and upcoming events; statuses follow the registration rules:

- past events: attended, no-show and cancelled, never more places held than the event has;
- upcoming open events: confirmed up to the places, then a waiting list, a few cancelled;
- upcoming events by application: applied, preselected (ranked), selected, confirmed, rejected.
Rows are written with bulk_create in batches, not through the services: this is test data only.
"""

import argparse
import os
import random
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

SEED = 5_000
# Events before this moment are in the past; it is fixed so that every run writes the same data.
ANCHOR = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
TOPICS = ["Inclusion in Erasmus+ projects", "Youth participation", "Quality in youth exchanges",
          "Working with young people in a NEET situation", "Digital youth work", "Mental health and well-being",
          "Green travel in mobility projects", "Young people with disabilities", "Solidarity projects",
          "Partnership building"]
TYPES = [("national_training", 30), ("international_training", 15), ("information_meeting", 15),
         ("matchmaking", 8), ("conference", 6), ("study_visit", 6), ("online_session", 10),
         ("working_group_meeting", 6), ("partner_meeting", 4)]
FIRST = ["Maja", "Ana", "Nina", "Eva", "Luka", "Marko", "Jure", "Matej", "Anna", "Laura", "Ilze", "Jānis",
         "Andris", "Kristaps", "Elīna", "Toms", "Sara", "Rok", "Līga", "Marta"]
LAST = ["Novak", "Horvat", "Kovačič", "Krajnc", "Zupan", "Kos", "Vidmar", "Golob", "Bērziņa", "Kalniņš",
        "Ozoliņa", "Jansons", "Liepiņa", "Vītols", "Zariņš", "Balode", "Eglīte", "Turk", "Mlakar", "Rozman"]
COUNTRIES = ["SI", "LV", "EE", "DE", "FR", "PT", "RO", "HR", "AT", "IT"]


def _setup() -> None:
    import django

    django.setup()


def _events(rnd: random.Random, count: int, agencies: list, places: dict) -> list:
    from kopa.events.models import Event

    types, weights = zip(*TYPES, strict=True)
    events = []
    for n in range(count):
        agency = agencies[n % len(agencies)]
        country = agency.country.code
        kind = rnd.choices(types, weights)[0]
        start = ANCHOR + timedelta(days=rnd.randint(-2 * 365 - 300, 2 * 365), hours=rnd.randint(-2, 6))
        start = start.replace(minute=0, second=0)
        days = 1 if kind in ("information_meeting", "online_session", "working_group_meeting") else rnd.randint(1, 5)
        selection = kind in ("international_training", "study_visit") and rnd.random() < 0.8
        name, lat, lon = rnd.choice(places[country])
        online = kind == "online_session"
        status = rnd.choices(["published", "draft", "cancelled"], [90, 6, 4])[0]
        events.append(Event(
            type=kind, title={"en": f"{rnd.choice(TOPICS)} ({name}, {start:%B %Y}) #{n + 1}"},
            description={"en": "A benchmark event."}, organiser_agency=agency, start=start,
            end=start + timedelta(days=days - 1, hours=7), time_zone="Europe/Riga" if country == "LV" else
            "Europe/Ljubljana", format="online" if online else "in_person", town="" if online else name,
            latitude=None if online else lat, longitude=None if online else lon, country="" if online else country,
            capacity=rnd.choice([12, 20, 24, 30, 40, 60, 100]),
            registration_opens=start - timedelta(days=rnd.randint(40, 120)),
            registration_mode="selection" if selection else "open",
            application_deadline=start - timedelta(days=30) if selection else None,
            status=status,
        ))
    return events


def _statuses(rnd: random.Random, event, count: int) -> list[str]:
    """Plausible statuses for `count` registrations of `event`, in arrival order."""
    past = event.start < ANCHOR
    if event.registration_mode == "selection":
        places = event.capacity
        out = []
        for _ in range(count):
            if past:
                status = (rnd.choices(["attended", "no_show", "rejected", "declined"], [70, 5, 20, 5])[0]
                          if places > 0 else rnd.choice(["rejected", "declined"]))
            else:
                status = (rnd.choices(["applied", "preselected", "selected", "confirmed", "rejected"],
                                      [35, 25, 10, 15, 15])[0])
                if status in ("selected", "confirmed") and places <= 0:
                    status = "preselected"
            if status in ("attended", "no_show", "selected", "confirmed"):
                places -= 1
            out.append(status)
        return out
    out, held = [], 0
    for _ in range(count):
        if rnd.random() < 0.06:
            out.append("cancelled")
        elif held < event.capacity:
            held += 1
            out.append(rnd.choices(["attended", "no_show"], [92, 8])[0] if past else "confirmed")
        else:
            out.append(rnd.choice(["waitlisted", "cancelled"]) if past else "waitlisted")
    return out


def _decided(rnd: random.Random, event, status: str, created: datetime) -> datetime:
    if status in ("attended", "no_show"):
        return event.end
    if status == "applied" or (event.registration_mode == "open" and status in ("confirmed", "waitlisted")):
        return created  # set on arrival
    return min(created + timedelta(days=rnd.randint(1, 10)), event.start - timedelta(hours=1))


def generate(*, events: int, registrations: int, batch_size: int) -> None:
    from django.db import connection, transaction

    from kopa.agencies.models import Agency
    from kopa.directory.models import Organisation
    from kopa.events.models import Event, Place, Registration

    began = time.perf_counter()
    if Event.objects.exists():
        sys.exit("This database already has events; give generate_events.py a database filled by generate.py only.")
    agencies = list(Agency.objects.filter(slug__in=["bench-si", "bench-lv"]).order_by("slug"))
    if len(agencies) != 2:
        sys.exit("Run generate.py first: the benchmark agencies are missing.")
    places = {
        code: [(p.name, p.latitude, p.longitude) for p in Place.objects.filter(country=code)[:40]]
        for code in ("SI", "LV")
    }
    if not all(places.values()):
        places = {"SI": [("Ljubljana", 46.05108, 14.50513)], "LV": [("Riga", 56.946, 24.10589)]}
    rnd = random.Random(SEED)

    rows = _events(rnd, events, agencies, places)
    with transaction.atomic():
        Event.objects.bulk_create(rows, batch_size=batch_size)
    print(f"events: {len(rows)} in {time.perf_counter() - began:.1f} s")

    step = time.perf_counter()
    # Spread registrations unevenly: popular events get many more (a skewed weight per event).
    weights = [min(rnd.paretovariate(1.5), 10.0) for _ in rows]
    total_weight = sum(weights)
    counts = [max(1, int(registrations * w / total_weight)) for w in weights]
    while sum(counts) > registrations:
        counts[counts.index(max(counts))] -= sum(counts) - registrations
    for index in range(registrations - sum(counts)):
        counts[index % len(counts)] += 1
    org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:20_000])
    made = 0
    pending = []

    def flush():
        with transaction.atomic():
            Registration.objects.bulk_create(pending, batch_size=batch_size)
        pending.clear()

    for event, count in zip(rows, counts, strict=True):
        opens = event.registration_opens
        span = max((event.start - opens).total_seconds() - 3600, 3600)
        arrivals = sorted(rnd.uniform(0, span) for _ in range(count))
        for offset, status in zip(arrivals, _statuses(rnd, event, count), strict=True):
            made += 1
            country = event.organiser_agency.country.code if rnd.random() < 0.7 else rnd.choice(COUNTRIES)
            created = opens + timedelta(seconds=offset)
            pending.append(Registration(
                event_id=event.pk, first_name=rnd.choice(FIRST), last_name=rnd.choice(LAST),
                email=f"participant{made}@bench.example.org", country_of_residence=country,
                sending_country=country, organisation_id=rnd.choice(org_ids) if org_ids and rnd.random() < 0.5 else None,
                language=rnd.choice(["en", "sl", "lv"]), status=status,
                preselection_rank=rnd.randint(1, 20) if status == "preselected" else None,
                created_at=created, decided_at=_decided(rnd, event, status, created),
                checkin_code=secrets.token_urlsafe(16),
            ))
        if len(pending) >= batch_size * 10:
            flush()
    if pending:
        flush()
    print(f"registrations: {made} in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"analyze: {time.perf_counter() - step:.1f} s")
    print(f"total: {time.perf_counter() - began:.1f} s on {connection.vendor}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--registrations", type=int, default=300_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()
    _setup()
    generate(events=args.events, registrations=args.registrations, batch_size=args.batch_size)


if __name__ == "__main__":
    main()
