"""Every main page as a fraction of the stack's own ceiling (/healthz), measured side by side in one run.

    .venv/bin/python benchmarks/ceiling.py [--database-url postgres://postgres@127.0.0.1:5432/kopa_bench_ceiling]
                                           [--duration 20] [--connections 20] [--single-duration 5] [--keep-data]

Drops and creates the PostgreSQL database (its name must start with kopa_bench), migrates it and loads
the demo data (`manage.py load_demo`, as `make run` does), collects the static files, starts gunicorn
with 2 sync workers and DEBUG=0 on a free port of 127.0.0.1, and measures each page with **wrk**
(Debian's `wrk` package) at --connections clients for --duration seconds and at 1 client for
--single-duration seconds: /healthz (the ceiling: a bare view with one query), the four anonymous
public pages, staff pages with a logged-in session cookie and API lists with a personal API token.

It prints one table: page, requests/s at N clients, the fraction of /healthz's requests/s, p50 and p95
latency at N clients (p95 from a wrk Lua `done` hook), p50 at 1 client, the gunicorn workers' CPU
milliseconds per request (utime + stime from /proc/<pid>/stat, before and after, divided by the
requests), and the database queries of one request (in-process, through Django's test client; for
cached pages "hit/miss"). Responses other than 2xx/3xx are counted and shown; a page with any is
marked. The API's per-user throttle is raised for the run (KOPA_API_RATE_USER).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("KOPA_API_RATE_USER", "1000000/min")
os.environ.setdefault("KOPA_API_RATE_ANON", "1000000/min")

from directory_latency import (  # noqa: E402
    HOST,
    free_port,
    log_in,
    start_server,
    worker_memory,
    workers_cpu_seconds,
)
from run_all import fresh_postgres  # noqa: E402

DEFAULT_URL = os.environ.get("BENCH_CEILING_URL", "postgres://postgres@127.0.0.1:5432/kopa_bench_ceiling")
STAFF_LOGIN = "officer.si@kopa.example"

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("KOPA requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p95_us=%d\\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def load_demo(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1",
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)


def pages() -> list[tuple[str, str, str]]:
    """(label, kind, path): kind is "anon", "staff" (session cookie) or "api" (token)."""
    from django.db.models import Count

    from kopa.directory.models import Organisation
    from kopa.events.models import Event
    from kopa.outreach.models import Campaign

    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("pk").first()
    # The staff login's agency organises it, so the staff page and the registrations API answer 200.
    busiest = (Event.objects.filter(organiser_agency__memberships__user__username=STAFF_LOGIN)
               .annotate(n=Count("registrations")).order_by("-n", "pk").first())
    org = Organisation.objects.filter(public_listing=True).order_by("pk").first()
    campaign = (Campaign.objects.filter(agency__memberships__user__username=STAFF_LOGIN)
                .annotate(n=Count("interactions")).order_by("-n", "pk").first())
    return [
        ("/healthz (the ceiling)", "anon", "/healthz"),
        ("public event page", "anon", f"/en/events/{event.pk}/"),
        ("public calendar", "anon", "/en/events/"),
        ("public directory search ?q=youth", "anon", "/en/directory/?q=youth"),
        ("organisation profile", "anon", f"/en/directory/{org.pk}/"),
        ("staff events list", "staff", "/en/staff/events/"),
        ("staff organisations list", "staff", "/en/staff/organisations/"),
        ("staff event page", "staff", f"/en/staff/events/{busiest.pk}/"),
        ("staff registrations list", "staff", f"/en/staff/events/{busiest.pk}/registrations/"),
        ("staff campaign page", "staff", f"/en/staff/outreach/{campaign.pk}/"),
        ("API events list", "api", "/api/v1/events/"),
        ("API organisations list", "api", "/api/v1/organisations/"),
        ("API registrations list", "api", f"/api/v1/events/{busiest.pk}/registrations/"),
        ("API interactions list", "api", f"/api/v1/campaigns/{campaign.pk}/interactions/"),
        ("API organisations by cursor", "api", "/api/v1/organisations/?cursor="),
    ]


def query_counts(rows: list[tuple[str, str, str]], token: str) -> dict[str, str]:
    """Queries of one request in-process: for anonymous pages the cache miss and the next request."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    staff = Client(HTTP_HOST=HOST)
    staff.force_login(get_user_model().objects.get(username=STAFF_LOGIN))
    api = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Token {token}")
    counts = {}
    cache.clear()
    for label, kind, path in rows:
        client = {"anon": Client(HTTP_HOST=HOST), "staff": staff, "api": api}[kind]
        found = []
        for _attempt in range(2 if kind == "anon" and path != "/healthz" else 1):
            with CaptureQueriesContext(connection) as captured:
                status = client.get(path).status_code
            found.append(str(len(captured)) if status == 200 else f"status {status}")
        counts[label] = " / ".join(reversed(found)) if len(found) == 2 else found[0]
    return counts


def wrk(port: int, path: str, headers: list[str], *, connections: int, seconds: int, script: str) -> dict:
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
               "--latency", "--timeout", "10s", "-s", script, "-H", f"Host: {HOST}"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True,
                            check=True).stdout
    match = re.search(r"KOPA (.*)", output)
    if not match:
        raise RuntimeError(f"wrk printed no summary:\n{output}")
    values = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--single-duration", type=int, default=5)
    parser.add_argument("--keep-data", action="store_true", help="reuse the database as it is (no drop, no demo load)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    if not args.database_url.startswith("postgres"):
        sys.exit("The ceiling benchmark runs on PostgreSQL (--database-url postgres://...).")
    if not args.keep_data:
        if not fresh_postgres(args.database_url):
            sys.exit(1)
        began = time.perf_counter()
        load_demo(args.database_url)
        print(f"Demo data loaded in {time.perf_counter() - began:.0f} s.", flush=True)
    os.environ["DATABASE_URL"] = args.database_url

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from kopa.api.services import token_create

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG=0 serves from
    _token, key = token_create(user=get_user_model().objects.get(username=STAFF_LOGIN), name="ceiling benchmark")
    rows = pages()
    counts = query_counts(rows, key)

    port = free_port()
    server = start_server(port)
    results = []
    try:
        cookie = log_in(port, STAFF_LOGIN, os.environ.get("KOPA_DEMO_PASSWORD", "kopa-demo-2026"))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA)
        for label, kind, path in rows:
            headers = {"anon": [], "staff": [f"Cookie: {cookie}"], "api": [f"Authorization: Token {key}"]}[kind]
            wrk(port, path, headers, connections=1, seconds=1, script=lua.name)  # warm up (and fill the cache)
            cpu_before = workers_cpu_seconds(server.pid)
            many = wrk(port, path, headers, connections=args.connections, seconds=args.duration, script=lua.name)
            cpu_ms = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(many["requests"], 1)
            one = wrk(port, path, headers, connections=1, seconds=args.single_duration, script=lua.name)
            results.append((label, many, one, cpu_ms))
            print(f"  measured {label}: {many['rps']:.0f} req/s", flush=True)
        memory = worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    ceiling = results[0][1]["rps"]
    print(f"\nKopa on PostgreSQL, demo data: gunicorn 2 sync workers, DEBUG=0, wrk {args.connections} clients x "
          f"{args.duration} s and 1 client x {args.single_duration} s\n")
    print(f"| page | req/s ({args.connections} clients) | of ceiling | p50 ms | p95 ms | p50 ms (1 client) "
          "| req/s (1 client) | CPU ms/request | queries/request |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, many, one, cpu_ms in results:
        flag = (f" ({many['non2xx']} non-2xx, {many['errors']} socket errors)"
                if many["non2xx"] or many["errors"] else "")
        print(f"| {label}{flag} | {many['rps']:.0f} | {many['rps'] / ceiling:.0%} | {many['p50_us'] / 1000:.0f} "
              f"| {many['p95_us'] / 1000:.0f} | {one['p50_us'] / 1000:.1f} | {one['rps']:.0f} | {cpu_ms:.1f} "
              f"| {counts[label]} |")
    print("\nqueries/request for cached pages: cache hit / cache miss. Worker memory (VmRSS): "
          + ", ".join(rss for _pid, rss in memory))
    os.unlink(lua.name)


if __name__ == "__main__":
    main()
