"""Where one request of each funnel scenario spends its time, on the generated national dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/profile_funnel.py [--top 25]

Needs a database filled by generate.py and generate_outreach.py (as funnel_latency.py does). Logs in
as the generated staff login with Django's test client (every middleware runs, DEBUG off) and, for
each scenario of funnel_latency.py, requests the page twice to warm up (imports, translations,
templates, caches), then once to count its queries and time, then once under cProfile. `--cold`
empties the cache before the timed requests (what the first request after a change costs). It prints
the queries, the time in the database, cProfile's cumulative time for the parts that matter, and the
most expensive functions.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.directory_latency import HOST  # noqa: E402  (sets the server's environment first)
from benchmarks.funnel_latency import SCENARIOS, bench_objects  # noqa: E402

PARTS = {
    "funnel selectors (figures)": ("kopa/outreach/funnel/selectors.py", "dashboard"),
    "partnership totals": ("kopa/outreach/funnel/reach.py", "partnership_totals"),
    "filter form (campaigns, cycles)": ("kopa/outreach/funnel/forms.py", "__init__"),
    "charts (reportlab → SVG)": ("kopa/outreach/funnel/charts.py", "image"),
    "template rendering": ("django/template/base.py", "render"),
    "API serializer": ("rest_framework/serializers.py", "data"),
    "database (execute)": ("django/db/backends/utils.py", "execute"),
}


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
    parser.add_argument("--top", type=int, default=15, help="most expensive functions to list per scenario")
    parser.add_argument("--cold", action="store_true", help="empty the cache before each timed request")
    parser.add_argument("--only", default="", help="only the scenarios whose name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings need the manifest
    bench = bench_objects()
    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(username=bench["username"]))
    for name, _kind, template in SCENARIOS:
        if args.only not in name:
            continue
        path = template.format(**bench)
        for _n in range(2):
            status = client.get(path).status_code
        if args.cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            client.get(path)
            plain_ms = (time.perf_counter() - began) * 1000
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        query_count = len(queries)
        if args.cold:
            cache.clear()
        profile = cProfile.Profile()
        profile.enable()
        client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        print(f"\n== {name}: {path} ({status})")
        print(f"   request {plain_ms:.1f} ms without the profiler; {query_count} queries, {sql_ms:.1f} ms in SQL")
        for part, seconds in part_times(stats).items():
            if seconds:
                print(f"   {part:<40} {seconds * 1000:7.1f} ms (cumulative, under the profiler)")
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
