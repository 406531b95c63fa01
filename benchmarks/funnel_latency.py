"""Measure the funnel dashboard and the funnel API on a generated database, through a real server.

    DATABASE_URL=... .venv/bin/python benchmarks/funnel_latency.py [--requests 200] [--concurrency 20]

Needs a database filled by generate.py and generate_outreach.py (generate_events.py is optional).
Starts gunicorn (2 workers, production settings: DEBUG=0) as directory_latency.py does, logs in as
the generated staff login, and sends a bounded number of requests per scenario from concurrent
clients. Prints p50/p95/max latency, requests per second and the workers' CPU time per request; then,
measured in-process, the database queries and the time spent in the database for one request of
each scenario, the query plans of the funnel's main query, and each worker's resident memory.
A page the site does not have yet is reported as "not available".

The dashboards count the first day of each stage per campaign and organisation (FunnelReach), which
generate_outreach.py rebuilds after its bulk insert; the plans printed are those of the grouped query
over the interactions, which the dashboards still use for a period with a start date.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.directory_latency import (  # noqa: E402  (sets the server's environment first)
    HOST,
    free_port,
    load,
    log_in,
    request,
    start_server,
    worker_memory,
    workers_cpu_seconds,
)

# (name, kind, path): {large} is the large campaign's id, {cycle} the benchmark cycle's.
SCENARIOS = [
    ("/healthz (the ceiling)", "web", "/healthz"),
    ("dashboard, large campaign", "web", "/en/staff/outreach/dashboard/?campaign={large}"),
    ("dashboard, whole cycle", "web", "/en/staff/outreach/dashboard/?cycle={cycle}"),
    ("dashboard, cycle by region", "web", "/en/staff/outreach/dashboard/?cycle={cycle}&by=region"),
    ("API funnel, large campaign", "api", "/api/v1/campaigns/{large}/funnel/"),
    ("API funnel, whole cycle", "api", "/api/v1/funnel/?cycle={cycle}"),
    ("API funnel, cycle by type", "api", "/api/v1/funnel/?cycle={cycle}&by=type"),
    ("partnership view", "web", "/en/staff/outreach/partnerships/{partnership}/"),
    ("API partnership totals", "api", "/api/v1/partnerships/{partnership_slug}/outreach/"),
]


def bench_objects() -> dict:
    """The ids the scenarios need: the large campaign, the benchmark cycle, and their sizes."""
    from benchmarks.generate import BENCH_USERNAME
    from benchmarks.generate_outreach import BENCH_CYCLE, BENCH_LARGE_CAMPAIGN, PARTNERSHIP
    from kopa.outreach.models import Campaign, FunnelReach, Interaction
    from kopa.programmes.models import Cycle

    large = Campaign.objects.filter(name__en=BENCH_LARGE_CAMPAIGN).first()
    if large is None:
        sys.exit("Run generate_outreach.py first: the benchmark campaigns are missing.")
    cycle = Cycle.objects.get(partnership__slug=PARTNERSHIP, name=BENCH_CYCLE)
    in_cycle = Campaign.objects.filter(cycle=cycle, agency__slug="bench-si")
    return {
        "username": BENCH_USERNAME,
        "large": large.pk,
        "cycle": cycle.pk,
        "partnership": cycle.partnership_id,
        "partnership_slug": PARTNERSHIP,
        "large_interactions": Interaction.objects.filter(campaign=large).count(),
        "cycle_campaigns": in_cycle.count(),
        "cycle_interactions": Interaction.objects.filter(campaign__in=in_cycle).count(),
        "interactions": Interaction.objects.count(),
        "reach_rows": FunnelReach.objects.count(),
    }


class QueryTimer:
    """A database execute wrapper that keeps how long each query took."""

    def __init__(self):
        self.spent: list[float] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent.append(time.perf_counter() - began)


def in_process(
    username: str, paths: list[tuple[str, str]]
) -> list[tuple[str, int, int, float, float]]:
    """(scenario, status, queries, total ms, ms in the database) for one warm request of each."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(username=username))
    rows = []
    for name, path in paths:
        client.get(path)  # warm caches (templates, translations, content types)
        timer = QueryTimer()
        began = time.perf_counter()
        with connection.execute_wrapper(timer):
            status = client.get(path).status_code
        total = time.perf_counter() - began
        rows.append((name, status, len(timer.spent), total * 1000, sum(timer.spent) * 1000))
    return rows


def funnel_plans(large: int, cycle: int) -> list[tuple[str, str]]:
    """The database's plan for the funnel's grouped query, exactly as kopa.outreach.funnel.selectors.reached
    sends it (captured while it runs), for the large campaign and for the cycle."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kopa.outreach.funnel.figures import stages_of
    from kopa.outreach.funnel.selectors import reached
    from kopa.outreach.models import Campaign

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    plans = []
    for label, campaigns in [
        ("one large campaign", list(Campaign.objects.filter(pk=large))),
        (
            "the cycle's campaigns",
            list(Campaign.objects.filter(cycle_id=cycle, agency__slug="bench-si")),
        ),
    ]:
        with CaptureQueriesContext(connection) as captured:
            reached(campaigns=campaigns, stages=stages_of(campaigns))
        sql = next(q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute(explain + sql)
            plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
        plans.append((label, plan))
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="requests per page scenario")
    parser.add_argument(
        "--api-requests",
        type=int,
        default=150,
        help="requests per API scenario (the API throttles each user to 600/min per worker)",
    )
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=90, help="time limit per scenario")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command(
        "collectstatic", interactive=False, verbosity=0
    )  # the manifest DEBUG=0 serves from
    bench = bench_objects()
    paths = [(name, kind, template.format(**bench)) for name, kind, template in SCENARIOS]
    counts = in_process(bench["username"], [(name, path) for name, _kind, path in paths])
    plans = funnel_plans(bench["large"], bench["cycle"])
    vendor = connection.vendor
    connection.close()

    port = free_port()
    server = start_server(port)
    try:
        cookie = log_in(port, bench["username"], settings.KOPA_DEMO_PASSWORD)
        rows = []
        for name, kind, path in paths:
            status = request(port, path, cookie=cookie, timeout=120)[0]
            if status != 200:
                rows.append((name, status))
                continue
            request(port, path, cookie=cookie, timeout=120)  # warm up the other worker
            total = args.api_requests if kind == "api" else args.requests
            cpu_before = workers_cpu_seconds(server.pid)
            result = load(
                port,
                [path],
                cookie=cookie,
                total=total,
                concurrency=args.concurrency,
                max_seconds=args.max_seconds,
            )
            result["cpu"] = (
                (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, result["requests"])
            )
            rows.append((name, result))
        memory = worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nFunnel on {vendor}: gunicorn, 2 workers, {args.concurrency} concurrent clients")
    print(
        f"  {bench['interactions']:,} interactions; the large campaign has {bench['large_interactions']:,}; "
        f"the cycle has {bench['cycle_campaigns']} campaigns of the staff's agency with "
        f"{bench['cycle_interactions']:,}; {bench['reach_rows']:,} (campaign, organisation) rows of first days"
    )
    print(
        f"{'scenario':<30}{'requests':>9}{'ok':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}"
        f"{'of /healthz':>12}{'cpu ms':>8}  other"
    )
    ceiling = next((r["rps"] for _n, r in rows if isinstance(r, dict)), 0) or 1
    for name, result in rows:
        if not isinstance(result, dict):
            print(f"{name:<30}  not available (answered {result})")
            continue
        other = ", ".join(
            f"{s}: {n}" for s, n in sorted(result["statuses"].items()) if not 200 <= s < 300
        )
        print(
            f"{name:<30}{result['requests']:>9}{result['ok']:>6}{result['p50']:>9.0f}{result['p95']:>9.0f}"
            f"{result['max']:>9.0f}{result['rps']:>8.1f}{result['rps'] / ceiling:>12.0%}{result['cpu']:>8.1f}  {other}"
        )
    print(
        "(cpu ms: the workers' CPU time per request, which the machine's other load does not inflate)"
    )
    print("\nOne warm request in-process: status, database queries, total ms, ms in the database")
    for name, status, queries, total_ms, db_ms in counts:
        print(f"  {name:<30}{status:>5}{queries:>6}{total_ms:>9.0f}{db_ms:>9.0f}")
    print("\nGunicorn workers' resident memory after the run")
    for pid, rss in memory:
        print(f"  worker {pid}: {rss}")
    for label, plan in plans:
        print(f"\nPlan of the funnel's grouped query, {label}, on {vendor}:\n{plan}")


if __name__ == "__main__":
    main()
