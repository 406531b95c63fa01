"""Race for the last places: 200 clients register at once for an event with 10 places; then page latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/registration_race.py

PostgreSQL only (the race needs row locks). Starts gunicorn (2 workers, production settings, as
directory_latency.py does), creates a fresh published event with open registration and 10 places, and
lets 200 clients (threads with http.client, each with its own e-mail address) register at the same
moment. The registration goes through, in this order of preference:

1. the API, `POST /api/v1/events/{id}/registrations/`, when the site has it: it registers the account
   that calls it, so the script first creates 200 accounts, each with a personal API token;
2. the HTML form, `events/{id}/register/`, with its CSRF token;
3. otherwise the registration service itself, called in-process from 200 threads (each with its own
   database connection); the output says so.

It prints decisions per second (a place or the waiting list) and p50/p95 latency, then checks in the
database that exactly 10 registrations hold places, the other 190 wait, none is lost and the event is
not overbooked. Then it measures the calendar page, an event page and the events API list with 20
concurrent clients, where the site has them ("not available" otherwise). E-mails go to Django's dummy
backend: the benchmark sends none.
"""

import argparse
import json
import os
import re
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

from benchmarks.directory_latency import (  # noqa: E402  (sets the server's environment first)
    _cookies,
    free_port,
    load,
    request,
    start_server,
    workers_cpu_seconds,
)

PLACES = 10
CLIENTS = 200
# In-process, each client needs a database connection: at most this many at once (PostgreSQL's default
# limit is 100 connections for everyone).
SERVICE_CONNECTIONS = 40
PERSON = {"first_name": "Race", "last_name": "Participant", "country_of_residence": "SI",
          "organisation_name": "Benchmark youth centre", "role": "youth worker", "language": "en"}


def _email(n: int, run: str) -> str:
    return f"race{run}.{n}@bench.example.org"


def create_event():
    """A fresh published event with open registration and 10 places, starting in 60 days."""
    from django.utils import timezone

    from kopa.agencies.models import Agency
    from kopa.events.models import Event

    agency = Agency.objects.filter(slug="bench-si").first() or Agency.objects.get_or_create(
        slug="bench-race", defaults={"name": "Benchmark race agency", "kind": "national_agency", "country": "SI"})[0]
    now = timezone.now()
    return Event.objects.create(
        type=Event.Type.NATIONAL_TRAINING, title={"en": f"Registration race {now:%Y-%m-%d %H:%M:%S.%f}"},
        organiser_agency=agency, start=now + timedelta(days=60), end=now + timedelta(days=61),
        town="Ljubljana", country="SI", capacity=PLACES, registration_opens=now - timedelta(hours=1),
        status=Event.Status.PUBLISHED)


def method_available(event_pk: int) -> list[str]:
    """The ways to register that the site offers, best first; the service always works."""
    from django.urls import Resolver404, resolve

    methods = []
    try:
        if resolve(f"/api/v1/events/{event_pk}/registrations/").url_name != "api-unknown":
            methods.append("api")
    except Resolver404:
        pass
    try:
        resolve(f"/en/events/{event_pk}/register/")
        methods.append("form")
    except Resolver404:
        pass
    return [*methods, "service"]


def _form_fields(html: str) -> tuple[dict, str] | None:
    """Values for the registration form: our person's fields, every checkbox ticked, selects set."""
    forms = re.findall(r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, re.S | re.I)
    body = next((f for f in forms if 'name="email"' in f and "csrfmiddlewaretoken" in f), None)
    if body is None:
        return None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    values = {}
    for tag in re.findall(r"<input[^>]*>", body):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = kind.group(1) if kind else "text"
        if kind in ("checkbox", "radio"):
            value = re.search(r'value="([^"]*)"', tag)
            values.setdefault(name.group(1), value.group(1) if value else "on")
        elif kind not in ("submit", "button", "hidden") or name.group(1) not in values:
            values[name.group(1)] = PERSON.get(name.group(1), re.search(r'value="([^"]*)"', tag).group(1)
                                               if 'value="' in tag else "Benchmark")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        choices = [v for v in re.findall(r'<option[^>]*value="([^"]*)"', options) if v]
        values[name] = PERSON.get(name) if PERSON.get(name) in choices else (choices[0] if choices else "")
    for name in re.findall(r'<textarea[^>]*name="([^"]+)"', body):
        values[name] = "Benchmark"
    return values, token


def api_tokens(run: str) -> list[str]:
    """One account with a personal API token per client: the API registers you with your account's e-mail."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from kopa.api.services import token_create

    User = get_user_model()
    users = User.objects.bulk_create([
        User(username=_email(n, run), email=_email(n, run), first_name="Race", last_name=f"Participant {n}",
             password="!")  # no usable password: the token is the only way in
        for n in range(CLIENTS)])
    keys = [token_create(user=user, name="registration race")[1] for user in users]
    connection.close()
    return keys


def _register_http(port: int, method: str, event_pk: int, n: int, run: str, form: tuple | None) -> int:
    if method == "api":
        status, _body, _response = request(
            port, f"/api/v1/events/{event_pk}/registrations/", method="POST", body=json.dumps(PERSON),
            headers={"Content-Type": "application/json", "Authorization": f"Token {form[n]}"}, timeout=120)
        return status
    email = _email(n, run)
    values, token, cookie = form
    body = urlencode({**values, "email": email, "csrfmiddlewaretoken": token})
    status, _body, _response = request(
        port, f"/en/events/{event_pk}/register/", method="POST", body=body, cookie=cookie,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/"},
        timeout=120)
    return status


def _register_service(event, n: int, run: str) -> int:
    from django.db import connection

    from kopa.core.errors import KopaError
    from kopa.events.registration.services import registration_create

    try:
        registration_create(event=event, data={**PERSON, "email": _email(n, run)})
        return 201
    except KopaError:
        return 409
    finally:
        connection.close()


def race(port: int, method: str) -> dict:
    """One race on a fresh event: every client waits at a barrier, then registers."""
    from django.db import connection

    event = create_event()
    connection.close()
    run = str(event.pk)
    form = api_tokens(run) if method == "api" else None
    if method == "form":
        status, body, response = request(port, f"/en/events/{event.pk}/register/")
        fields = _form_fields(body.decode()) if status == 200 else None
        if fields is None:
            return {"method": method, "event": event, "failed": f"the form page answered {status} without a form"}
        cookies = _cookies(response)
        form = (*fields, "; ".join(f"{k}={v}" for k, v in cookies.items()))
    barrier = threading.Barrier(CLIENTS)
    connections = threading.BoundedSemaphore(SERVICE_CONNECTIONS)
    lock = threading.Lock()
    latencies, statuses = [], {}

    def client(n: int):
        barrier.wait()
        began = time.perf_counter()
        try:
            if method == "service":
                with connections:
                    status = _register_service(event, n, run)
            else:
                status = _register_http(port, method, event.pk, n, run, form)
        except OSError:
            status = 0
        elapsed = time.perf_counter() - began
        with lock:
            latencies.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"method": method, "event": event, "wall": wall, "statuses": statuses,
            "p50": statistics.median(ordered) * 1000, "p95": ordered[int(len(ordered) * 0.95) - 1] * 1000,
            "max": ordered[-1] * 1000}


def verify(event) -> dict:
    from django.db.models import Count

    from kopa.events.models import HELD_STATUSES, Registration

    rows = dict(Registration.objects.filter(event=event).values_list("status").annotate(n=Count("id")))
    held = sum(n for status, n in rows.items() if status in HELD_STATUSES)
    waiting = rows.get(Registration.Status.WAITLISTED, 0)
    total = sum(rows.values())
    # Places were handed out in arrival order: nobody waits who arrived before someone holding a place.
    first_waiting = Registration.objects.filter(event=event, status="waitlisted").order_by("id").first()
    last_held = Registration.objects.filter(event=event, status__in=HELD_STATUSES).order_by("-id").first()
    return {"by status": rows, "held": held, "waiting": waiting, "total": total,
            "checks": {
                f"exactly {PLACES} hold places": held == PLACES,
                f"the other {CLIENTS - PLACES} wait": waiting == CLIENTS - PLACES,
                f"none lost ({CLIENTS} registrations)": total == CLIENTS,
                "no overbooking": held <= event.capacity,
                "first come, first served": first_waiting is None or last_held is None
                or last_held.pk < first_waiting.pk,
            }}


def page_scenarios(event_pk: int) -> list[tuple[str, str]]:
    return [("calendar page", "/en/events/"), ("event page", f"/en/events/{event_pk}/"),
            ("events API list", "/api/v1/events/")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per page scenario")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=90)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The registration race needs PostgreSQL (set DATABASE_URL).")
    call_command("collectstatic", interactive=False, verbosity=0)
    connection.close()

    port = free_port()
    server = start_server(port)
    try:
        methods = method_available(0)
        results = []
        for method in methods:
            result = race(port, method)
            results.append(result)
            ok = sum(n for s, n in result.get("statuses", {}).items() if 200 <= s < 400)
            if "failed" not in result and ok:
                break
        pages = []
        for name, path in page_scenarios(result["event"].pk):
            status = request(port, path)[0]
            if status != 200:
                pages.append((name, path, None, status))
                continue
            request(port, path)
            cpu_before = workers_cpu_seconds(server.pid)
            measured = load(port, [path], cookie="", total=args.requests, concurrency=args.concurrency,
                            max_seconds=args.max_seconds)
            measured["cpu"] = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, measured["requests"])
            pages.append((name, path, measured, status))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nRegistration race on {connection.vendor}: {CLIENTS} clients, {PLACES} places, gunicorn with 2 workers")
    for attempt in results[:-1]:
        reason = attempt.get("failed") or f"statuses {attempt['statuses']}"
        print(f"  via {attempt['method']}: did not register anyone ({reason}); trying the next way")
    how = {"api": f"POST /api/v1/events/{{id}}/registrations/, {CLIENTS} accounts with API tokens", "form": "the HTML form events/{id}/register/",
           "service": f"the registration service in-process from {CLIENTS} threads, {SERVICE_CONNECTIONS} database "
                      "connections at a time (the site has no registration endpoint yet)"}[result["method"]]
    print(f"  registered through {how}")
    if "failed" in result:
        sys.exit(f"  failed: {result['failed']}")
    print(f"  decisions/s {CLIENTS / result['wall']:.1f}   p50 {result['p50']:.0f} ms   p95 {result['p95']:.0f} ms   "
          f"max {result['max']:.0f} ms   responses {dict(sorted(result['statuses'].items()))}")
    checked = verify(result["event"])
    print(f"  in the database: {checked['by status']}")
    for label, passed in checked["checks"].items():
        print(f"  [{'ok' if passed else 'FAILED'}] {label}")

    print(f"\nEvent pages: {args.concurrency} concurrent clients")
    print(f"{'scenario':<20}{'requests':>9}{'ok':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}{'cpu ms':>8}")
    for name, path, measured, status in pages:
        if measured is None:
            print(f"{name:<20}  not available ({path} answered {status})")
            continue
        print(f"{name:<20}{measured['requests']:>9}{measured['ok']:>6}{measured['p50']:>9.0f}{measured['p95']:>9.0f}"
              f"{measured['max']:>9.0f}{measured['rps']:>8.1f}{measured['cpu']:>8.0f}")
    if not all(checked["checks"].values()):
        sys.exit("The race check failed.")


if __name__ == "__main__":
    main()
