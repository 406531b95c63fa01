"""The Logbook at national scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench_logbook .venv/bin/python benchmarks/logbook.py \
        [--saves 200] [--reports 30] [--keep]

Creates the database afresh (its name must start with `kopa_bench`; `--keep` reuses one already
generated), migrates it and writes a national dataset with server-side bulk inserts
(`INSERT … SELECT generate_series`): one network with 300 units in 60 municipalities, 600
activities, 500,000 entries over 5 years and 100,000 aliases with 5,000,000 visits (each alias 50
visits, most at a home centre, every fifth at a second one). Then, in process (no web server):

- **entry save**: `services.entry_record` as a youth worker, with two aliases present (goal p95 ≤ 50 ms);
- **national report**: the network's figures for the last twelve months (hours, visits, unique, new
  and returning visitors, age bands, genders, activity types), as the network and country reports and
  the API compute them (goal p95 ≤ 200 ms), and the full report (with the previous period and the same
  period a year earlier, three times the work);
- **a unit's year**: one unit's figures for the last twelve months (goal ≤ 100 ms);

and prints p50/p95/max per scenario and the EXPLAIN ANALYZE plans of the heaviest queries.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

UNITS = 300
MUNICIPALITIES = 60
ENTRIES = 500_000
ALIASES = 100_000
VISITS_PER_ALIAS = 50
DAYS = 5 * 365


def _database() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kopa_bench_logbook")
    name = url.rsplit("/", 1)[-1]
    if not url.startswith("postgres") or not name.startswith("kopa_bench"):
        sys.exit("DATABASE_URL must be a PostgreSQL database whose name starts with kopa_bench")
    os.environ["DATABASE_URL"] = url
    return url, name


def _recreate(url: str, name: str) -> None:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _timed(label: str, fn) -> float:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return seconds


def generate(today) -> None:
    from django.core.management import call_command
    from django.db import connection

    from kopa.directory.models import Organisation
    from kopa.logbook.models import Activity, Municipality, Owner, Unit

    print("Generating the national dataset", flush=True)
    _timed("migrate", lambda: call_command("migrate", verbosity=0))
    network = Organisation.objects.create(legal_name="Benchmark youth network", city="Ljubljana", country="SI")
    owner = Owner.objects.create(organisation=network, name="Benchmark network", country="SI")
    municipalities = Municipality.objects.bulk_create([
        Municipality(name=f"Municipality {n:02d}", country="SI") for n in range(MUNICIPALITIES)])
    centres = Organisation.objects.bulk_create([
        Organisation(legal_name=f"Youth centre {n:03d}", city=municipalities[n % MUNICIPALITIES].name,
                     country="SI", type="youth_centre") for n in range(UNITS)])
    units = Unit.objects.bulk_create([
        Unit(owner=owner, municipality=municipalities[n % MUNICIPALITIES], organisation=centres[n],
             name=f"Youth centre {n:03d}") for n in range(UNITS)])
    Activity.objects.bulk_create([Activity(unit=u, name=name, kind=kind) for u in units
                                  for name, kind in (("Open evening", "open"), ("Group", "group"))])
    start = today - timedelta(days=DAYS)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_units AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id "
                       "FROM logbook_unit")
        cursor.execute("CREATE TEMP TABLE bench_activities AS SELECT unit_id, min(id) AS open_id, max(id) AS group_id "
                       "FROM logbook_activity GROUP BY unit_id")
        # Entries: each unit's sessions spread evenly over the five years, two of three open evenings.
        _timed(f"{ENTRIES:,} entries", lambda: cursor.execute("""
            INSERT INTO logbook_entry (uuid, unit_id, activity_id, date, hours, visits, youth_led_hours,
                                       youth_led_people, note, reflections, created_at, updated_at)
            SELECT gen_random_uuid(), u.id, CASE WHEN g %% 3 = 0 THEN a.group_id ELSE a.open_id END,
                   %s::date + ((g / %s) * %s / %s)::int, CASE WHEN g %% 3 = 0 THEN 2 ELSE 4 END,
                   5 + g %% 20, (g %% 4) * 0.5, g %% 3, '', '{}'::jsonb, now(), now()
            FROM generate_series(0, %s - 1) AS g
            JOIN bench_units u ON u.n = g %% %s JOIN bench_activities a ON a.unit_id = u.id
        """, [start, UNITS, DAYS, ENTRIES // UNITS, ENTRIES, UNITS]))
        _timed(f"{ALIASES:,} aliases", lambda: cursor.execute("""
            INSERT INTO logbook_alias (owner_id, alias_hash, pin_hash, age_band, gender, created_at, last_seen)
            SELECT %s, md5('alias' || g), 'x', (ARRAY['u13','13-15','16-18','19-24','25-29'])[1 + g %% 5],
                   (ARRAY['girl','boy','non_binary','unsaid'])[1 + g %% 4], now(), %s
            FROM generate_series(0, %s - 1) AS g
        """, [owner.pk, today, ALIASES]))
        cursor.execute("CREATE TEMP TABLE bench_aliases AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, "
                       "age_band, gender FROM logbook_alias")
        # Visits: alias k's v-th visit (v < 50) on a day of its own in the v-th stretch of the five years,
        # at its home centre, every fifth at a second centre; (alias, unit, day) never repeats.
        _timed(f"{ALIASES * VISITS_PER_ALIAS:,} visits", lambda: cursor.execute("""
            INSERT INTO logbook_visit (unit_id, alias_id, date, age_band, gender)
            SELECT u.id, a.id, %s::date + v * (%s / %s) + (a.n %% (%s / %s))::int, a.age_band, a.gender
            FROM bench_aliases a CROSS JOIN generate_series(0, %s - 1) AS v
            JOIN bench_units u ON u.n = CASE WHEN v %% 5 = 4 THEN (a.n * 7 + 3) %% %s ELSE a.n %% %s END
        """, [start, DAYS, VISITS_PER_ALIAS, DAYS, VISITS_PER_ALIAS, VISITS_PER_ALIAS,
                                 UNITS, UNITS]))
        _timed("analyze", lambda: cursor.execute("ANALYZE"))


def _percentiles(label: str, samples: list[float], goal: float | None = None) -> None:
    samples = sorted(samples)
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    verdict = "" if goal is None else f" (goal ≤ {goal} ms: {'met' if p95 <= goal else 'NOT met'})"
    print(f"{label}: n={len(samples)} p50={statistics.median(samples):.1f} ms p95={p95:.1f} ms "
          f"max={samples[-1]:.1f} ms{verdict}", flush=True)


def _explain(label: str, queryset) -> None:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print(f"\n--- plan: {label}")
        for (line,) in cursor.fetchall():
            print("   ", line)


def measure(today, *, saves: int, reports: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count, Sum

    from kopa.logbook import services
    from kopa.logbook.models import Alias, Entry, Owner, Role, Unit, Visit
    from kopa.logbook.rules import alias_digest
    from kopa.logbook.selectors import figures, owner_units, report

    owner = Owner.objects.get(name="Benchmark network")
    unit = Unit.objects.filter(owner=owner).order_by("pk").first()
    activity = unit.activities.order_by("pk").first()
    worker, _ = get_user_model().objects.get_or_create(username="bench.youthworker@kopa.example",
                                                       defaults={"email": "bench.youthworker@kopa.example"})
    Role.objects.get_or_create(user=worker, owner=owner, unit=unit, kind=Role.Kind.YOUTH_WORKER)
    # Two aliases known by their text (the generated ones are hashes of nothing anyone types).
    for text in ("bench-a", "bench-b"):
        Alias.objects.get_or_create(owner=owner, alias_hash=alias_digest(owner.alias_secret, text),
                                    defaults={"pin_hash": "x", "age_band": "16-18", "gender": "girl"})
    start = today - timedelta(days=364)
    print(f"\nData: {Entry.objects.count():,} entries, {Visit.objects.count():,} visits, "
          f"{Alias.objects.count():,} aliases, {Unit.objects.count()} units", flush=True)

    samples = []
    for n in range(saves):
        day = today - timedelta(days=n % 14)
        began = time.perf_counter()
        services.entry_record(actor=worker, activity=activity, uuid=uuid.uuid4(), data={
            "date": day, "hours": Decimal("3.5"), "visits": 14, "youth_led_hours": Decimal("1"),
            "youth_led_people": 2, "note": "", "reflections": {}}, aliases=["bench-a", "bench-b"])
        samples.append((time.perf_counter() - began) * 1000)
    _percentiles("entry save", samples, 50)

    units = owner_units(owner)
    samples = []
    for _n in range(reports):
        began = time.perf_counter()
        figures(units, start=start, end=today, suppress=True)
        samples.append((time.perf_counter() - began) * 1000)
    _percentiles("national figures, last 12 months", samples, 200)

    samples = []
    for _n in range(max(3, reports // 5)):
        began = time.perf_counter()
        report(units, title=owner.name, level="owner", start=start, end=today, suppress=True,
               with_reflections=False)
        samples.append((time.perf_counter() - began) * 1000)
    _percentiles("national report (with previous period and a year earlier)", samples)

    samples = []
    unit_ids = list(Unit.objects.filter(owner=owner).order_by("pk").values_list("pk", flat=True))
    for n in range(reports):
        one = Unit.objects.filter(pk=unit_ids[(n * 37) % len(unit_ids)])
        began = time.perf_counter()
        figures(one, start=start, end=today, suppress=False)
        samples.append((time.perf_counter() - began) * 1000)
    _percentiles("a unit's year", samples, 100)

    visits = Visit.objects.filter(unit__in=units, date__gte=start, date__lte=today, alias__isnull=False)
    _explain("national unique visitors", visits.values("alias").distinct())
    _explain("national entry totals", Entry.objects.filter(unit__in=units, date__gte=start, date__lte=today)
             .values("unit__owner").annotate(h=Sum("hours"), n=Count("pk")))
    _explain("a unit's year of visits by age band", Visit.objects.filter(
        unit=unit, date__gte=start, date__lte=today, alias__isnull=False).values("age_band")
        .annotate(n=Count("alias", distinct=True)))
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse a database generated before")
    args = parser.parse_args()
    url, name = _database()
    if not args.keep:
        _recreate(url, name)
    import django

    django.setup()
    from django.utils import timezone

    today = timezone.localdate()
    if not args.keep:
        generate(today)
    measure(today, saves=args.saves, reports=args.reports)


if __name__ == "__main__":
    main()
