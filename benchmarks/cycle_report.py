"""Build the cycle report on the national dataset and print how long it takes (goal: 10 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench_... .venv/bin/python benchmarks/cycle_report.py

Needs a database filled by generate.py, generate_events.py (5,000 events, 300,000 registrations) and
generate_outreach.py (1,000,000 interactions, the "bench-inclusion" partnership and its cycles). The
generators write no cycle on the events and no check-ins; before measuring, this script (once,
idempotently, printed) puts every benchmark event into the partnership cycle its start falls in and
records one check-in for every registration of a past event that ended as attended. Then it builds,
in-process and cold (empty cache), the report of the Slovenian benchmark agency for the cycle
2024–2025 and the partnership's report across both agencies, each as the figures and as the tagged
PDF, and prints the time and the number of database queries of each.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.generate_outreach import BENCH_CYCLE, PARTNERSHIP  # noqa: E402
from kopa.agencies.models import Agency  # noqa: E402
from kopa.events.models import Attendance, Event, Registration  # noqa: E402
from kopa.programmes.models import Cycle  # noqa: E402
from kopa.programmes.selectors import partnership_agency_ids  # noqa: E402
from kopa.reports.cycles.documents import report_pdf  # noqa: E402
from kopa.reports.cycles.selectors import cycle_report, partnership_agencies  # noqa: E402


def prepare(cycles) -> tuple[int, int]:
    """Cycles on the events, check-ins for the attended: what the generators leave out."""
    placed = 0
    with transaction.atomic():
        for cycle in cycles:
            placed += Event.objects.filter(
                cycle__isnull=True, start__date__gte=cycle.start, start__date__lte=cycle.end,
                organiser_agency_id__in=partnership_agency_ids(cycle.partnership),
            ).update(cycle=cycle)
        missing = Registration.objects.filter(status=Registration.Status.ATTENDED, attendance__isnull=True)
        rows = list(missing.annotate(start=Subquery(
            Event.objects.filter(pk=OuterRef("event_id")).values("start"))).values_list("pk", "start"))
        Attendance.objects.bulk_create(
            [Attendance(registration_id=pk, day=start.date(), checked_in_at=start) for pk, start in rows],
            batch_size=5000)
    return placed, len(rows)


def measure(label: str, build):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = build()
        seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s, {len(queries)} queries", flush=True)
    return result


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    cycles = list(Cycle.objects.filter(partnership__slug=PARTNERSHIP).select_related("partnership"))
    if not cycles:
        sys.exit("Run generate_outreach.py first: the benchmark partnership is missing.")
    cycle = next(c for c in cycles if c.name == BENCH_CYCLE)
    placed, checked_in = prepare(cycles)
    print(f"prepared: {placed} events put into cycles, {checked_in} check-ins recorded", flush=True)
    si = Agency.objects.get(slug="bench-si")
    print(f"dataset: {Event.objects.count()} events, {Registration.objects.count()} registrations, "
          f"{Attendance.objects.count()} check-ins; cycle {cycle.name}: "
          f"{Event.objects.filter(cycle=cycle).count()} events", flush=True)
    agencies = partnership_agencies(partnership_agency_ids(cycle.partnership))
    with translation.override("en"):
        report = measure("cycle report, one agency (figures)",
                         lambda: cycle_report(cycle=cycle, agencies=[si]))
        measure("cycle report, one agency (figures + tagged PDF)",
                lambda: report_pdf(cycle_report(cycle=cycle, agencies=[si])))
        measure("partnership report, every agency (figures + tagged PDF)",
                lambda: report_pdf(cycle_report(cycle=cycle, agencies=agencies, partnership=True)))
    kpis = report.tables[0].rows
    print("figures: " + "; ".join(f"{row[0]} {row[1]}" for row in kpis), flush=True)


if __name__ == "__main__":
    main()
