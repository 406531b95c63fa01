"""Where one anonymous request to each public page spends its time, on the demo data.

    DATABASE_URL=sqlite:////tmp/kopa_demo.sqlite3 .venv/bin/python benchmarks/profile_pages.py [--top 25]
    DATABASE_URL=... .venv/bin/python benchmarks/profile_pages.py --staff   # staff pages and API lists, logged in

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


STAFF_LOGIN = "officer.si@kopa.example"


def staff_pages() -> list[tuple[str, str, str]]:
    """(label, kind, path) of the signed-in lists: kind "staff" (session) or "api" (token)."""
    from django.db.models import Count

    from kopa.events.models import Event
    from kopa.outreach.models import Campaign

    busiest = (Event.objects.filter(organiser_agency__memberships__user__username=STAFF_LOGIN)
               .annotate(n=Count("registrations")).order_by("-n", "pk").first())
    campaign = (Campaign.objects.filter(agency__memberships__user__username=STAFF_LOGIN)
                .annotate(n=Count("interactions")).order_by("-n", "pk").first())
    return [
        ("staff events list", "staff", "/en/staff/events/"),
        ("staff organisations list", "staff", "/en/staff/organisations/"),
        ("staff registrations list", "staff", f"/en/staff/events/{busiest.pk}/registrations/"),
        ("staff campaign page", "staff", f"/en/staff/outreach/{campaign.pk}/"),
        ("API events list", "api", "/api/v1/events/"),
        ("API organisations list", "api", "/api/v1/organisations/"),
        ("API registrations list", "api", f"/api/v1/events/{busiest.pk}/registrations/"),
        ("API interactions list", "api", f"/api/v1/campaigns/{campaign.pk}/interactions/"),
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
    parser.add_argument("--repeat", type=int, default=9, help="unprofiled requests whose median CPU time is printed")
    parser.add_argument("--staff", action="store_true", help="the staff pages and API lists instead, logged in")
    args = parser.parse_args()
    call_command("collectstatic", "--noinput", verbosity=0)  # production settings need the manifest
    client = Client()
    rows = [(label, url, client) for label, url in public_pages()]
    if args.staff:
        from django.contrib.auth import get_user_model

        from kopa.api.services import token_create

        staff_user = get_user_model().objects.get(username=STAFF_LOGIN)
        staff = Client()
        staff.force_login(staff_user)
        _token, key = token_create(user=staff_user, name="profile")
        api = Client(HTTP_AUTHORIZATION=f"Token {key}")
        rows = [(label, url, staff if kind == "staff" else api) for label, kind, url in staff_pages()]
    for label, url, client in rows:
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        query_count = len(queries)  # read now: the next request empties Django's query log
        timings = []
        for _repeat in range(args.repeat):
            began = time.process_time()
            client.get(url)
            timings.append((time.process_time() - began) * 1000)
        plain_ms = sorted(timings)[len(timings) // 2]
        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        stats = pstats.Stats(profile)
        print(f"\n== {label}: {url}")
        print(f"   request {plain_ms:.1f} ms of CPU (median of {args.repeat}) without the profiler; {query_count} queries, {sql_ms:.1f} ms in SQL")
        for part, seconds in part_times(stats).items():
            print(f"   {part:<40} {seconds * 1000:7.1f} ms (cumulative, under the profiler)")
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
