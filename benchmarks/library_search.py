"""Measure library search over 10,000 documents, in-process, on the database in DATABASE_URL.

    DATABASE_URL=... .venv/bin/python benchmarks/library_search.py [--documents 10000] [--queries 300]

Migrates, then (once: it refuses a database that already has library resources) writes
`--documents` published resources of a benchmark agency, each with a Slovenian and an English search
document of about 400 words (a fixed seed; words with č, š and ž in Slovenian), through the same
`index_resource` that uploads use, so the FTS5 table on SQLite and the rows PostgreSQL searches are
exactly what the services keep. It then runs `--queries` searches of one to three words typed without
diacritics, as the public list and the API run them (`search_public`: the matching ids, best first,
then the page's resources), and prints p50/p95/max in milliseconds and the results per query.
The target (issue 13) is p95 ≤ 150 ms for 10,000 documents.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from kopa.agencies.models import Agency  # noqa: E402
from kopa.library.models import Resource  # noqa: E402
from kopa.library.selectors import LibraryFilters, search_public  # noqa: E402
from kopa.library.services import index_resource  # noqa: E402

SLOVENIAN = ("mladi mladinsko delo vključevanje priložnosti žalovanje čustvena podpora šolski osip "
             "duševno zdravje organizacija usposabljanje smernice priporočila zbornik mentorstvo "
             "prostovoljstvo podeželje invalidnost dostopnost spremljevalec partnerstvo projekt "
             "izmenjava skupnost občina šola družina svetovanje").split()
ENGLISH = ("young people youth work inclusion opportunities grief emotional support school dropout "
           "mental health organisation training guidelines recommendations compendium mentoring "
           "volunteering rural disability accessibility companion partnership project exchange "
           "community municipality school family coaching").split()
QUERIES = ["zalovanje", "dusevno zdravje", "custvena podpora", "solski osip mentorstvo", "smernice",
           "mental health", "grief support", "rural youth", "priporocila zbornik", "dostopnost",
           "volunteering", "prostovoljstvo podezelje"]


def generate(count: int, rng: random.Random) -> None:
    agency, _ = Agency.objects.get_or_create(slug="bench-library", defaults={
        "name": "Library benchmark agency", "country": "SI", "kind": Agency.Kind.NATIONAL_AGENCY})
    now = timezone.now()
    done = 0
    while done < count:
        batch = min(500, count - done)
        with transaction.atomic():
            resources = Resource.objects.bulk_create([
                Resource(agency=agency, kind=rng.choice(Resource.Kind.values),
                         title={"sl": " ".join(rng.choices(SLOVENIAN, k=6)).capitalize(),
                                "en": " ".join(rng.choices(ENGLISH, k=6)).capitalize()},
                         summary={"sl": " ".join(rng.choices(SLOVENIAN, k=400)),
                                  "en": " ".join(rng.choices(ENGLISH, k=400))},
                         status=Resource.Status.PUBLISHED, published_at=now)
                for _ in range(batch)])
            for resource in resources:
                index_resource(resource)
        done += batch
        print(f"  {done} resources written", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(13)
    if not Resource.objects.exists():
        started = time.perf_counter()
        generate(args.documents, rng)
        print(f"generated {args.documents} resources in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":  # what autovacuum would do after such a load
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    else:
        print(f"using the {Resource.objects.count()} resources already there")
    timings, found = [], []
    for n in range(args.queries):
        query = QUERIES[n % len(QUERIES)]
        started = time.perf_counter()
        results = search_public(LibraryFilters(q=query))
        page = list(results[:20])
        timings.append((time.perf_counter() - started) * 1000)
        found.append(results.count())
        assert page or not found[-1]
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"library search on {connection.vendor}, {Resource.objects.count()} resources, {args.queries} queries: "
          f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms, "
          f"results per query {min(found)}–{max(found)}")


if __name__ == "__main__":
    main()
