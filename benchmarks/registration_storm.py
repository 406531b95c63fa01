"""A registration storm: 1,000 participants register at once for 50 places, and a web worker is killed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/registration_storm.py

PostgreSQL only (registrations lock their event's row). Starts gunicorn with --workers sync workers
(default 2; production settings, as directory_latency.py does), creates a fresh published event with
open registration and --places places, and 1,000 accounts, each with a personal API token (a
logged-in participant registers with the account's name and e-mail address, so this path runs the
real capacity logic with no e-mail confirmation step). Then all clients register at the same moment
(a barrier releases the threads at once) through `POST /api/v1/events/{id}/registrations/`, and once
--kill-after of them have been answered one gunicorn worker is killed with SIGKILL; gunicorn starts
a new one. A client whose connection the kill broke tries once more (registering again is safe: the
same account gets its registration back, 200).

Afterwards it checks in the database, and prints: the places held are exactly the capacity, the
waiting list is everyone else who got an answer, every client answered 201 or 200 has its
registration (the id it was given, for its own account), nobody has two, no registration exists
that no client was told about, places went in arrival order, and gunicorn replaced the killed
worker. It prints decisions per second and the connection errors the kill caused. It fails (exit
status 1) if a check fails. E-mails go to Django's dummy backend.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

from benchmarks.directory_latency import (  # noqa: E402  (sets the server's environment first)
    free_port,
    request,
    start_server,
    worker_pids,
)

BODY = json.dumps({"country_of_residence": "SI", "organisation_name": "Benchmark youth centre",
                   "role": "youth worker", "language": "en"})


def create_event(places: int):
    from django.utils import timezone

    from kopa.agencies.models import Agency
    from kopa.events.models import Event

    agency = Agency.objects.filter(slug="bench-si").first() or Agency.objects.get_or_create(
        slug="bench-storm", defaults={"name": "Benchmark storm agency", "kind": "national_agency", "country": "SI"})[0]
    now = timezone.now()
    return Event.objects.create(
        type=Event.Type.NATIONAL_TRAINING, title={"en": f"Registration storm {now:%Y-%m-%d %H:%M:%S.%f}"},
        organiser_agency=agency, start=now + timedelta(days=60), end=now + timedelta(days=61),
        town="Ljubljana", country="SI", capacity=places, registration_opens=now - timedelta(hours=1),
        status=Event.Status.PUBLISHED)


def accounts(count: int, run: str) -> list[tuple[int, str]]:
    """(user id, API token) of `count` new participant accounts."""
    from django.contrib.auth import get_user_model

    from kopa.api.services import token_create

    User = get_user_model()
    users = User.objects.bulk_create([
        User(username=f"storm{run}.{n}@bench.example.org", email=f"storm{run}.{n}@bench.example.org",
             first_name="Storm", last_name=f"Participant {n}", password="!")
        for n in range(count)])
    return [(user.pk, token_create(user=user, name="registration storm")[1]) for user in users]


class Client:
    def __init__(self, n: int, user_id: int, token: str):
        self.n, self.user_id, self.token = n, user_id, token
        self.attempts, self.errors, self.status, self.body = 0, [], None, None
        self.latency = 0.0


def register(port: int, event_pk: int, client: Client) -> None:
    """POST once; on a connection broken by the kill, once more."""
    began = time.perf_counter()
    for _attempt in range(2):
        client.attempts += 1
        try:
            status, body, _response = request(
                port, f"/api/v1/events/{event_pk}/registrations/", method="POST", body=BODY, timeout=600,
                headers={"Content-Type": "application/json", "Authorization": f"Token {client.token}"})
        except (OSError, http.client.HTTPException) as exc:
            client.errors.append(type(exc).__name__)
            continue
        client.status = status
        try:
            client.body = json.loads(body)
        except ValueError:
            client.body = None
        break
    client.latency = time.perf_counter() - began


def storm(port: int, server_pid: int, event_pk: int, clients: list[Client], kill_after: int) -> dict:
    barrier = threading.Barrier(len(clients) + 1)
    answered = threading.Semaphore(0)
    killed = {}

    def run(client: Client):
        barrier.wait()
        register(port, event_pk, client)
        answered.release()

    def killer():
        for _ in range(kill_after):
            answered.acquire()
        pids = worker_pids(server_pid)
        if pids:
            killed["pid"], killed["at"] = pids[0], time.perf_counter()
            os.kill(pids[0], signal.SIGKILL)

    threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    kill_thread = threading.Thread(target=killer, daemon=True)
    kill_thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    kill_thread.join(timeout=5)
    return {"wall": wall, "killed": killed.get("pid"), "killed_at": killed.get("at", began) - began}


def verify(event, clients: list[Client], places: int) -> tuple[dict, dict]:
    from django.db.models import Count

    from kopa.events.models import HELD_STATUSES, Registration

    rows = list(Registration.objects.filter(event=event).values("id", "user_id", "email", "status"))
    by_status = {}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    held = sum(n for s, n in by_status.items() if s in HELD_STATUSES)
    waiting = by_status.get(Registration.Status.WAITLISTED, 0)
    succeeded = [c for c in clients if c.status in (200, 201)]
    by_id = {row["id"]: row for row in rows}
    lacking = [c.n for c in succeeded
               if not c.body or c.body.get("id") not in by_id or by_id[c.body["id"]]["user_id"] != c.user_id]
    told = {c.body["id"] for c in succeeded if c.body and "id" in c.body}
    untold = [row["id"] for row in rows if row["id"] not in told]
    duplicates = (Registration.objects.filter(event=event).values("user_id").annotate(n=Count("id"))
                  .filter(n__gt=1).count())
    first_waiting = min((r["id"] for r in rows if r["status"] == "waitlisted"), default=None)
    last_held = max((r["id"] for r in rows if r["status"] in HELD_STATUSES), default=None)
    answered_statuses = {c.body.get("status") for c in succeeded if c.body}
    mismatched = sum(1 for c in succeeded if c.body and c.body.get("id") in by_id
                     and by_id[c.body["id"]]["status"] != c.body.get("status"))
    figures = {"by status": by_status, "held": held, "waiting": waiting, "succeeded": len(succeeded),
               "lacking": lacking, "untold": untold, "duplicates": duplicates, "statuses told": answered_statuses}
    checks = {
        f"confirmed == capacity ({held} == {places})": held == places,
        f"waiting list == the other successful clients ({waiting} == {len(succeeded)} - {places})":
            waiting == len(succeeded) - places,
        f"every client answered 201/200 has its own registration ({len(lacking)} lack one)": not lacking,
        f"no registration nobody was told about ({len(untold)})": not untold,
        f"no duplicate registration ({duplicates} accounts with two)": duplicates == 0,
        f"each client was told the status it has ({mismatched} differ)": mismatched == 0,
        "first come, first served (every place-holder arrived before every waiting one)":
            first_waiting is None or last_held is None or last_held < first_waiting,
        "no overbooking": held <= event.capacity,
    }
    return figures, checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--kill-after", type=float, default=0.3,
                        help="kill a worker once this share of the clients has been answered")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The registration storm needs PostgreSQL (set DATABASE_URL).")
    call_command("collectstatic", interactive=False, verbosity=0)
    event = create_event(args.places)
    began = time.perf_counter()
    made = accounts(args.clients, str(event.pk))
    print(f"{args.clients} accounts with API tokens in {time.perf_counter() - began:.0f} s", flush=True)
    connection.close()
    clients = [Client(n, user_id, token) for n, (user_id, token) in enumerate(made)]

    port = free_port()
    server = start_server(port, workers=args.workers)
    try:
        before = worker_pids(server.pid)
        result = storm(port, server.pid, event.pk, clients, max(1, int(args.clients * args.kill_after)))
        deadline = time.time() + 30
        while time.time() < deadline and len(worker_pids(server.pid)) < args.workers:
            time.sleep(0.5)
        after = worker_pids(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    figures, checks = verify(event, clients, args.places)
    checks[f"gunicorn replaced the killed worker ({len(after)} of {args.workers} workers after)"] = (
        result["killed"] is not None and result["killed"] not in after and len(after) == args.workers)
    broken = [c for c in clients if c.errors]
    recovered = [c for c in broken if c.status in (200, 201)]
    statuses = {}
    for c in clients:
        statuses[c.status or 0] = statuses.get(c.status or 0, 0) + 1
    latencies = sorted(c.latency for c in clients)
    print(f"\nRegistration storm on {connection.vendor}: {args.clients} clients, {args.places} places, gunicorn "
          f"with {args.workers} sync workers {before}, worker {result['killed']} killed (SIGKILL) "
          f"{result['killed_at']:.1f} s into the storm, after {int(args.clients * args.kill_after)} answers")
    print(f"  decisions/s {figures['succeeded'] / result['wall']:.1f}   ({figures['succeeded']} decided in "
          f"{result['wall']:.1f} s)   p50 {statistics.median(latencies) * 1000:.0f} ms   "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms   max {latencies[-1] * 1000:.0f} ms")
    print(f"  final responses {dict(sorted(statuses.items()))} (0: no answer after one retry)")
    print(f"  connection errors caused by the kill: {sum(len(c.errors) for c in broken)} "
          f"({', '.join(sorted({e for c in broken for e in c.errors})) or '-'}); {len(broken)} clients retried, "
          f"{len(recovered)} then answered ({', '.join(str(c.status) for c in recovered) or '-'})")
    print(f"  in the database: {figures['by status']}")
    failed = False
    for label, passed in checks.items():
        print(f"  [{'ok' if passed else 'FAILED'}] {label}")
        failed |= not passed
    if failed:
        sys.exit("The storm check failed.")


if __name__ == "__main__":
    main()
