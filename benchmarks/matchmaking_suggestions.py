"""Explained partner suggestions against a national directory: how long one organisation's
suggestions take, p50/p95/max, in-process and as the page a logged-in reader opens.

    .venv/bin/python benchmarks/matchmaking_suggestions.py            # fresh SQLite file in var/bench/
    .venv/bin/python benchmarks/matchmaking_suggestions.py --existing # measure again on that file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench_suggest .venv/bin/python benchmarks/matchmaking_suggestions.py

Builds the directory with `generate.py` (20,000 organisations with target groups, themes and working
languages; no people, which the suggestions never read), adds 500 open partner requests, then asks
for the suggestions of `--samples` organisations chosen with a fixed seed, in-process (no HTTP), each
once after one warm-up call. It also times reading the directory's columns afresh (what the first
request after a change to the directory pays) and opens the suggestions page of `--pages`
organisations of the staff login's agency through Django's test client (the whole request: session,
gate, selectors, template; no web server), counting its queries. The issue's goal: p95 ≤ 150 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench" / "kopa_bench_suggestions.sqlite3"
if "DATABASE_URL" not in os.environ:
    DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    if "--existing" not in sys.argv:
        DEFAULT_DB.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import generate  # noqa: E402  (benchmarks/generate.py, after the environment is set)

ACTIONS = ["KA151", "KA152", "KA153", "KA154", "KA210-YOU", "KA220-YOU", "ESC30", "ESC51"]


def add_requests(rnd: random.Random, count: int) -> None:
    from django.db import transaction

    from kopa.directory.models import Language, Organisation, TargetGroup, Theme
    from kopa.matchmaking.models import PartnerRequest

    org_ids = list(Organisation.objects.values_list("pk", flat=True))
    groups, themes = list(TargetGroup.objects.all()), list(Theme.objects.all())
    english = Language.objects.get(code="en")
    with transaction.atomic():
        for n in range(count):
            request = PartnerRequest.objects.create(
                organisation_id=rnd.choice(org_ids), title={"en": f"Partners wanted {n + 1}"},
                action=rnd.choice(ACTIONS), round="2027-1", closes_on=date(2027, 1, 1) + timedelta(days=n % 60),
                roles=rnd.sample(["host", "send", "coordinate", "partner"], rnd.randint(1, 2)),
                countries=rnd.choice([[], [], ["SI"], ["LV", "EE"]]))
            request.target_groups.set(rnd.sample(groups, rnd.randint(1, 2)))
            request.themes.set(rnd.sample(themes, 1))
            request.working_languages.set([english])


def measure(rnd: random.Random, samples: int) -> list[float]:
    from django.db import connection, reset_queries

    from kopa.directory.models import Organisation
    from kopa.matchmaking.suggestions.selectors import suggestions_for_organisation

    ids = rnd.sample(list(Organisation.objects.values_list("pk", flat=True)), samples)
    suggestions_for_organisation(organisation=Organisation.objects.get(pk=ids[0]))  # warm-up
    timings, queries, found = [], [], []
    for pk in ids:
        organisation = Organisation.objects.get(pk=pk)
        reset_queries()
        began = time.perf_counter()
        result = suggestions_for_organisation(organisation=organisation)
        timings.append((time.perf_counter() - began) * 1000)
        queries.append(len(connection.queries))
        found.append(len(result))
    print(f"suggestions for {samples} organisations against {Organisation.objects.count():,} "
          f"({connection.vendor}): {figures(timings)}; "
          f"{statistics.mean(queries):.0f} queries and {statistics.mean(found):.0f} suggestions on average")
    return timings


def figures(timings: list[float]) -> str:
    return (f"p50 {statistics.median(timings):.1f} ms, p95 {statistics.quantiles(timings, n=20)[18]:.1f} ms, "
            f"max {max(timings):.1f} ms")


def measure_columns(reads: int) -> None:
    """Reading every organisation's columns from the database: once per change to the directory."""
    from kopa.matchmaking.suggestions.columns import read_columns

    timings = []
    for _n in range(reads):
        began = time.perf_counter()
        columns = read_columns()
        timings.append((time.perf_counter() - began) * 1000)
    print(f"reading the columns of {len(columns):,} organisations afresh ({reads} times): "
          f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")


def measure_pages(rnd: random.Random, pages: int) -> None:
    """The suggestions page of organisations in the staff login's inventory, as that login."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    from kopa.agencies.models import AgencyMembership
    from kopa.directory.models import Organisation

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = get_user_model().objects.get(username=generate.BENCH_USERNAME)
    agency_ids = AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True)
    ids = rnd.sample(list(Organisation.objects.filter(agencies__in=agency_ids).values_list("pk", flat=True)), pages)
    client = Client()
    client.force_login(user)
    client.get(f"/en/my/organisations/{ids[0]}/suggestions/", secure=True)  # warm-up
    timings, queries = [], []
    for pk in ids:
        reset_queries()
        began = time.perf_counter()
        response = client.get(f"/en/my/organisations/{pk}/suggestions/", secure=True)
        timings.append((time.perf_counter() - began) * 1000)
        queries.append(len(connection.queries))
        if response.status_code != 200:
            sys.exit(f"the suggestions page of organisation {pk} answered {response.status_code}")
    print(f"suggestions page of {pages} organisations ({connection.vendor}): {figures(timings)}; "
          f"{min(queries)}-{max(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--column-reads", type=int, default=5)
    parser.add_argument("--existing", action="store_true", help="measure again on the database already built")
    args = parser.parse_args()
    from django.conf import settings

    settings.DEBUG = True  # count the queries
    rnd = random.Random(12)
    if not args.existing:
        generate.generate(organisations=args.organisations, people=0, batch_size=1000)
        began = time.perf_counter()
        add_requests(rnd, args.requests)
        print(f"partner requests: {args.requests} in {time.perf_counter() - began:.1f} s")
    measure(rnd, args.samples)
    if args.column_reads:
        measure_columns(args.column_reads)
    if args.pages:
        measure_pages(rnd, args.pages)


if __name__ == "__main__":
    generate._setup()
    main()
