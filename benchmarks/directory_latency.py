"""Measure the directory's latency and throughput on a generated database, through a real server.

    DATABASE_URL=... .venv/bin/python benchmarks/directory_latency.py [--requests 300] [--concurrency 20]

Starts gunicorn (2 workers, production settings: DEBUG=0) on a free port of 127.0.0.1 against the
database in DATABASE_URL (filled by generate.py), logs in as the generated staff user, and sends a
bounded number of requests per scenario from concurrent clients (threads with http.client; nothing
else to install). Prints p50/p95/max latency and requests per second per scenario, the database
queries each page makes, the query plan of a directory search, and each worker's resident memory.
Traffic goes to 127.0.0.1 only, and every scenario stops after --requests or --max-seconds.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "kopa.settings",
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}
for _name, _value in SERVER_ENV.items():
    os.environ.setdefault(_name, _value)

WORDS = ["mladinski", "center", "drustvo", "youth", "ljubljana", "riga", "biedriba", "most", "saule", "bridge"]


def scenarios(deep_public: int, deep_staff: int) -> list[tuple[str, str, bool, list[str]]]:
    """(name, kind, logged in, paths): each request takes the next path, round robin."""
    return [
        ("public search, page 1", "web", False, [f"/en/directory/?q={w}" for w in WORDS]),
        ("public search + filters", "web", False, [
            "/en/directory/?" + urlencode({"q": w, "country": c, "target_group": g, "offers": "send"})
            for w, c, g in [("center", "SI", "disability"), ("biedriba", "LV", "neet"), ("youth", "DE", "social"),
                            ("most", "SI", "economic"), ("saule", "LV", "health")]]),
        ("public list, deep page", "web", False, [f"/en/directory/?page={deep_public - n}" for n in range(5)]),
        ("staff search, page 1", "web", True, [f"/en/staff/organisations/?q={w}" for w in WORDS]),
        ("staff list, deep page", "web", True, [f"/en/staff/organisations/?page={deep_staff - n}" for n in range(5)]),
        ("API search", "api", True, [f"/api/v1/organisations/?q={w}" for w in WORDS]),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def request(port: int, path: str, *, cookie: str = "", method: str = "GET", body: str = "",
            headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        all_headers = {"Host": HOST, **(headers or {})}
        if cookie:
            all_headers["Cookie"] = cookie
        connection.request(method, path, body=body or None, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _sep, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def log_in(port: int, username: str, password: str) -> str:
    """Log in through the real login form; return the Cookie header of the session."""
    status, body, response = request(port, "/en/accounts/login/")
    cookies = _cookies(response)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise RuntimeError(f"The login page answered {status} without a form.")
    form = urlencode({"username": username, "password": password,
                      "csrfmiddlewaretoken": token.group(1).decode()})
    status, _body, response = request(
        port, "/en/accounts/login/", method="POST", body=form,
        cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    cookies.update(_cookies(response))
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"Logging in as {username} failed ({status}).")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def load(port: int, paths: list[str], *, cookie: str, total: int, concurrency: int, max_seconds: float) -> dict:
    """Send `total` requests from `concurrency` clients (or stop at `max_seconds`); collect latencies."""
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    issued = 0
    deadline = time.perf_counter() + max_seconds

    def client():
        nonlocal issued
        while True:
            with lock:
                if issued >= total or time.perf_counter() > deadline:
                    return
                path = paths[issued % len(paths)]
                issued += 1
            began = time.perf_counter()
            try:
                status, _body, _response = request(port, path, cookie=cookie)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "ok": sum(n for s, n in statuses.items() if 200 <= s < 300),
        "statuses": statuses,
        "p50": statistics.median(ordered) * 1000 if ordered else 0,
        "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000 if ordered else 0,
        "max": ordered[-1] * 1000 if ordered else 0,
        "rps": len(ordered) / wall if wall else 0,
    }


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) the gunicorn workers have used so far, from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in worker_pids(master_pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime and stime
    return total


def worker_memory(master_pid: int) -> list[tuple[int, str]]:
    """Resident memory (VmRSS) of each gunicorn worker, from /proc."""
    rows = []
    for pid in worker_pids(master_pid):
        status = Path(f"/proc/{pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(.+)$", status, re.MULTILINE)
        rows.append((pid, match.group(1).strip() if match else "?"))
    return rows


def query_counts(username: str) -> list[tuple[str, int, int]]:
    """Database queries per page, in-process: page 1 against a deep page (a constant count is the aim)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    staff = Client(HTTP_HOST=HOST)
    staff.force_login(get_user_model().objects.get(username=username))
    public = Client(HTTP_HOST=HOST)
    rows = []
    for label, client, first, deep in [
        ("public directory", public, "/en/directory/?q=center", "/en/directory/?page=300"),
        ("staff directory", staff, "/en/staff/organisations/?q=center", "/en/staff/organisations/?page=200"),
        ("API list", staff, "/api/v1/organisations/?q=center", "/api/v1/organisations/?page=200"),
    ]:
        counts = []
        for path in (first, deep):
            with CaptureQueriesContext(connection) as captured:
                status = client.get(path).status_code
            counts.append(len(captured) if status == 200 else -status)
        rows.append((label, *counts))
    return rows


def search_plan() -> tuple[str, str]:
    """The database's plan for the public directory's search query, page 1."""
    from django.db import connection

    from kopa.directory.organisations.selectors import OrganisationFilters, public_organisation_list

    qs = public_organisation_list(filters=OrganisationFilters(q="center"))
    return connection.vendor, qs.order_by("legal_name", "id")[:20].explain()


def public_pages(username: str) -> tuple[int, int]:
    from django.contrib.auth import get_user_model

    from kopa.directory.organisations.selectors import (
        public_organisation_list,
        staff_organisation_list,
    )
    from kopa.directory.organisations.views import PAGE_SIZE

    user = get_user_model().objects.get(username=username)
    public = public_organisation_list().count()
    staff = staff_organisation_list(user=user).count()
    return max(1, public // PAGE_SIZE), max(1, staff // PAGE_SIZE)


def start_server(port: int, workers: int = 2) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, **{k: os.environ[k] for k in SERVER_ENV}}
    server = subprocess.Popen(
        [str(gunicorn), "kopa.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}", "--timeout", "60",
         "--log-level", "warning"],
        cwd=ROOT, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if request(port, "/healthz", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting.")
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario")
    parser.add_argument("--api-requests", type=int, default=150,
                        help="requests for the API scenario (the API throttles each user to 600/min per worker)")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=90, help="time limit per scenario")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.generate import BENCH_USERNAME

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG=0 serves from
    deep_public, deep_staff = public_pages(BENCH_USERNAME)
    vendor, plan = search_plan()
    counts = query_counts(BENCH_USERNAME)
    connection.close()

    port = free_port()
    server = start_server(port)
    try:
        cookie = log_in(port, BENCH_USERNAME, settings.KOPA_DEMO_PASSWORD)
        api_status = request(port, "/api/v1/organisations/?q=center", cookie=cookie)[0]
        rows = []
        for name, kind, logged_in, paths in scenarios(deep_public, deep_staff):
            if kind == "api" and api_status != 200:
                rows.append((name, None))
                continue
            for path in paths[:2]:  # warm up each worker
                request(port, path, cookie=cookie if logged_in else "")
            total = args.api_requests if kind == "api" else args.requests
            cpu_before = workers_cpu_seconds(server.pid)
            result = load(port, paths, cookie=cookie if logged_in else "", total=total,
                          concurrency=args.concurrency, max_seconds=args.max_seconds)
            result["cpu"] = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, result["requests"])
            rows.append((name, result))
        memory = worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nDirectory on {vendor}: gunicorn, 2 workers, {args.concurrency} concurrent clients")
    print(f"{'scenario':<28}{'requests':>9}{'ok':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}"
          f"{'cpu ms':>8}  other")
    for name, result in rows:
        if result is None:
            print(f"{name:<28}  not available (the API answered {api_status})")
            continue
        other = ", ".join(f"{s}: {n}" for s, n in sorted(result["statuses"].items()) if not 200 <= s < 300)
        print(f"{name:<28}{result['requests']:>9}{result['ok']:>6}{result['p50']:>9.0f}{result['p95']:>9.0f}"
              f"{result['max']:>9.0f}{result['rps']:>8.1f}{result['cpu']:>8.0f}  {other}")
    print("(cpu ms: the workers' CPU time per request, which the machine's other load does not inflate)")
    print("\nQueries per page (page 1 with a search, then a deep page; negative = HTTP status of a failure)")
    for label, first, deep in counts:
        print(f"  {label:<20} {first:>4} {deep:>4}")
    print("\nGunicorn workers' resident memory after the run")
    for pid, rss in memory:
        print(f"  worker {pid}: {rss}")
    print(f"\nPlan of the public search (q=center), page 1, on {vendor}:\n{plan}")


if __name__ == "__main__":
    main()
