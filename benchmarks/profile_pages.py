"""Where one anonymous request to each public page spends its time, on the demo data.

    DATABASE_URL=sqlite:////tmp/kopa_demo.sqlite3 .venv/bin/python benchmarks/profile_pages.py [--top 25]

The database must already hold the demo data (`manage.py load_demo`). Each page is requested once to
warm up (imports, translations, compiled templates), then once under cProfile through Django's test
client (every middleware runs, DEBUG off, the page cache off: the work a cache miss does). It prints,
per page: the time of the request, the number and time of its database queries, and cProfile's
cumulative time for the parts that matter (template rendering, form building, translation lookups,
middleware), then the most expensive functions.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("KOPA_PAGE_CACHE_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Functions whose cumulative time answers "how much went to ...".
PARTS = {
    "template rendering": ("django/template/base.py", "render"),
    "form building (BoundField / widgets)": ("django/forms/boundfield.py", "__str__"),
    "widget options": ("django/forms/widgets.py", "optgroups"),
    "translation lookups (gettext)": ("django/utils/translation/trans_real.py", "gettext"),
    "country names (django_countries)": ("django_countries/__init__.py", "__iter__"),
    "database (execute)": ("django/db/backends/utils.py", "execute"),
}


def public_pages() -> list[tuple[str, str]]:
    from kopa.directory.models import Organisation
    from kopa.events.models import Event

    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk").first()
    org = Organisation.objects.order_by("pk").first()
    return [
        ("public event page", f"/en/events/{event.pk}/"),
        ("public calendar", "/en/events/"),
        ("public directory search ?q=youth", "/en/directory/?q=youth"),
        ("organisation profile", f"/en/directory/{org.pk}/"),
    ]


def part_times(stats: pstats.Stats) -> dict[str, float]:
    found = {}
    for label, (path, name) in PARTS.items():
        total = 0.0
        for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if filename.endswith(path) and function == name:
                total = max(total, ct)
        found[label] = total
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=15, help="most expensive functions to list per page")
    args = parser.parse_args()
    call_command("collectstatic", "--noinput", verbosity=0)  # production settings need the manifest
    client = Client()
    for label, url in public_pages():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            client.get(url)
            plain_ms = (time.perf_counter() - began) * 1000
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        query_count = len(queries)  # read now: the next request empties Django's query log
        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        stats = pstats.Stats(profile)
        print(f"\n== {label}: {url}")
        print(f"   request {plain_ms:.1f} ms without the profiler; {query_count} queries, {sql_ms:.1f} ms in SQL")
        for part, seconds in part_times(stats).items():
            print(f"   {part:<40} {seconds * 1000:7.1f} ms (cumulative, under the profiler)")
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
