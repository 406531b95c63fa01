"""Add outreach at national scale to a database filled by generate.py: 200 campaigns, 1,000,000 interactions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kopa_bench .venv/bin/python benchmarks/generate_outreach.py

Needs the benchmark agencies and staff login that generate.py creates (generate_events.py is optional:
its events are linked to attendance when present), and refuses a database that already has campaigns.
Creates one partnership of the two benchmark agencies with five cycles and four strands, and 200
campaigns over agencies × cycles × strands. Each campaign reaches organisations of its agency's
inventory with a realistic funnel shape: everyone invited (some twice), about two thirds answer,
most of the interested attend events (some several), some of those are coached over several
sessions, fewer apply, under half of the applications are approved; a few meetings on the side.
One campaign is large (BENCH_LARGE_CAMPAIGN, ~40,000 interactions over the whole inventory), and the
cycle BENCH_CYCLE holds the most campaigns. Also about 3,000 follow-up tasks (300 for the staff login).

Deterministic (seeded). Rows are written with bulk_create in batches, not through the services: this
is test data only. `Interaction.stage` is computed by the database from the kind and the outcome. On
PostgreSQL the interactions are vacuumed at the end, as autovacuum would have done on a live site.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

SEED = 1_000_000
# Nothing happens after this day, so that every run writes the same data.
ANCHOR = date(2026, 11, 1)
PARTNERSHIP = "bench-inclusion"
CYCLES = [
    ("2016–2018", date(2016, 2, 1), date(2018, 6, 30)),
    ("2018–2020", date(2018, 7, 1), date(2020, 12, 31)),
    ("2021–2023", date(2021, 1, 1), date(2023, 12, 31)),
    ("2024–2025", date(2024, 1, 1), date(2025, 12, 31)),
    ("2026–2027", date(2026, 1, 1), date(2027, 12, 31)),
]
STRANDS = [
    "Young people from deprived areas",
    "Early school leavers",
    "Young people with health problems and disabilities",
    "Young people in a NEET situation",
]
BENCH_CYCLE = "2024–2025"  # the cycle of the "dashboard of a cycle" scenarios
BENCH_LARGE_CAMPAIGN = "Benchmark large campaign"
LARGE_BUDGET = 40_000  # or a 25th of all interactions, when fewer are asked for
CAMPAIGNS_PER_COMBINATION = 5  # 2 agencies × 5 cycles × 4 strands × 5 = 200 campaigns
TOPICS = [
    "Project idea",
    "Finding a partner abroad",
    "Inclusion support and budget",
    "Activities and learning",
    "The application form",
]
ROUNDS = ["round 1", "round 2", "round 3"]


def _setup() -> None:
    import django

    django.setup()


def _programme(agencies):
    from kopa.programmes.models import Cycle, Partnership, PartnershipMember, Strand

    partnership = Partnership.objects.create(
        slug=PARTNERSHIP,
        name={"en": "Benchmark partnership on inclusion"},
        coordinator=agencies[0],
        start=CYCLES[0][1],
    )
    for agency in agencies:
        PartnershipMember.objects.create(
            partnership=partnership, country=agency.country, agency=agency
        )
    cycles = [
        Cycle.objects.create(partnership=partnership, name=name, start=start, end=end)
        for name, start, end in CYCLES
    ]
    strands = [
        Strand.objects.create(partnership=partnership, name={"en": name}) for name in STRANDS
    ]
    return cycles, strands


def _budgets(rnd: random.Random, total: int, caps: list[int]) -> list[int]:
    """Split `total` interactions over campaigns unevenly (Pareto weights), none above its cap."""
    weights = [min(rnd.paretovariate(1.4), 12.0) for _ in caps]
    budgets = [0] * len(caps)
    remaining = total
    while remaining > 0:
        room = [i for i, cap in enumerate(caps) if budgets[i] < cap]
        if not room:
            sys.exit(f"The campaigns' inventories cannot hold {total} interactions.")
        weight = sum(weights[i] for i in room)
        given = 0
        for i in room:
            share = min(
                caps[i] - budgets[i], int(remaining * weights[i] / weight), remaining - given
            )
            budgets[i] += share
            given += share
        if given == 0:  # every share rounded down to nothing: the last few, one each
            for i in room[:remaining]:
                budgets[i] += 1
                given += 1
        remaining -= given
    return budgets


class Journey:
    """The interactions of one organisation in one campaign, as (kind, day, fields) tuples."""

    def __init__(
        self,
        rnd: random.Random,
        start: date,
        end: date,
        intensity: float,
        events: list[int],
        staff_id: int,
    ):
        self.rnd, self.start, self.end = rnd, start, min(end, ANCHOR)
        self.intensity, self.events, self.staff_id = intensity, events, staff_id

    def _day(self, after: date, low: int, high: int) -> date | None:
        day = after + timedelta(days=self.rnd.randint(low, high))
        return day if day <= self.end else None

    def rows(self) -> list[tuple[str, date, dict]]:
        rnd, out = self.rnd, []
        span = max(1, (self.end - self.start).days)
        invited = self.start + timedelta(days=rnd.randint(0, max(1, span // 5)))
        out.append(
            (
                "invitation",
                invited,
                {"channel": rnd.choices(["email", "phone", "visit", "letter"], [70, 18, 8, 4])[0]},
            )
        )
        if rnd.random() < 0.3 * self.intensity and (again := self._day(invited, 14, 40)):
            out.append(("invitation", again, {"channel": "phone"}))
        if rnd.random() < 0.15 * self.intensity and (met := self._day(invited, 5, 120)):
            out.append(("meeting", met, {"meeting_type": rnd.choice(["meeting", "info_session"])}))
        if rnd.random() >= 0.65 or not (answered := self._day(invited, 3, 30)):
            return out
        answer = rnd.choices(["interested", "not_now", "no"], [75, 15, 10])[0]
        source = "response_link" if rnd.random() < 0.5 else "manual"
        out.append(("response", answered, {"answer": answer, "source": source}))
        if answer != "interested":
            return out
        last = answered
        attended = rnd.random() < 0.7
        if attended:
            for _n in range(rnd.choices([1, 2, 3], [60, 30, 10])[0]):
                if day := self._day(answered, 10, 220):
                    event = rnd.choice(self.events) if self.events else None
                    out.append(("attendance", day, {"event_id": event, "source": "check_in"}))
                    last = max(last, day)
        coached = rnd.random() < (0.45 if attended else 0.1) * self.intensity
        if coached:
            sessions = max(1, int(rnd.randint(1, 6) * self.intensity))
            day = last
            for n in range(sessions):
                day = self._day(day, 14, 60)
                if day is None:
                    break
                coach = (
                    {"coach_id": self.staff_id} if n % 2 == 0 else {"coach_name": "External coach"}
                )
                out.append(
                    (
                        "coaching",
                        day,
                        {
                            **coach,
                            "duration_minutes": rnd.choice([60, 90, 120]),
                            "topics": TOPICS[n % len(TOPICS)],
                            "next_steps": "Send a draft.",
                        },
                    )
                )
                last = day
        if rnd.random() < (0.5 if coached else 0.15 if attended else 0.02):
            for _n in range(rnd.choices([1, 2], [80, 20])[0]):
                applied = self._day(last, 7, 90)
                if applied is None:
                    break
                out.append(
                    (
                        "application",
                        applied,
                        {
                            "action_type": rnd.choice(
                                ["KA152-YOU", "KA153-YOU", "KA154-YOU", "KA210-YOU", "ESC30"]
                            ),
                            "round": f"{applied.year} {rnd.choice(ROUNDS)}",
                            "reference": f"{applied.year}-{rnd.randint(1, 3)}-SI02-{rnd.randrange(10**6):06d}",
                        },
                    )
                )
                decided = self._day(applied, 50, 80)
                if decided is None:
                    break
                approved = rnd.random() < 0.45
                out.append(
                    (
                        "decision",
                        decided,
                        {
                            "outcome": "approved" if approved else "rejected",
                            "amount": Decimal(rnd.randrange(60, 600) * 100) if approved else None,
                        },
                    )
                )
                last = decided
                if approved:
                    break
        return out


def generate(*, total: int, batch_size: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from benchmarks.generate import BENCH_USERNAME
    from kopa.agencies.models import Agency, AgencyMembership
    from kopa.directory.models import Organisation
    from kopa.events.models import Event
    from kopa.outreach.jobs import rebuild_funnel
    from kopa.outreach.models import Campaign, CampaignTarget, FollowUpTask, Interaction

    began = time.perf_counter()
    if Campaign.objects.exists():
        sys.exit(
            "This database already has campaigns; give generate_outreach.py a database filled by "
            "generate.py (and generate_events.py) only."
        )
    agencies = list(Agency.objects.filter(slug__in=["bench-si", "bench-lv"]).order_by("-slug"))
    if len(agencies) != 2:
        sys.exit("Run generate.py first: the benchmark agencies are missing.")
    staff = get_user_model().objects.get(username=BENCH_USERNAME)
    rnd = random.Random(SEED)
    inventories = {
        a.pk: list(
            Organisation.objects.filter(agencies=a).order_by("pk").values_list("pk", flat=True)
        )
        for a in agencies
    }
    events = {
        a.pk: list(
            Event.objects.filter(organiser_agency=a, start__date__lte=ANCHOR)
            .order_by("pk")
            .values_list("pk", flat=True)[:2000]
        )
        for a in agencies
    }

    with transaction.atomic():
        cycles, strands = _programme(agencies)
        plan = []  # (agency, cycle, strand, name)
        for agency in agencies:
            for cycle in cycles:
                for strand in strands:
                    for n in range(CAMPAIGNS_PER_COMBINATION):
                        plan.append(
                            (agency, cycle, strand, f"{strand.name['en']} – {cycle.name} #{n + 1}")
                        )
        # The large campaign: the Slovenian agency, the benchmark cycle, the first strand.
        large = next(
            i
            for i, (a, c, s, _n) in enumerate(plan)
            if a.slug == "bench-si" and c.name == BENCH_CYCLE and s == strands[0]
        )
        plan[large] = (*plan[large][:3], BENCH_LARGE_CAMPAIGN)
        campaigns = []
        for agency, cycle, strand, name in plan:
            offset = timedelta(days=rnd.randint(0, 120))
            campaigns.append(
                Campaign(
                    agency=agency,
                    cycle=cycle,
                    strand=strand,
                    name={"en": name},
                    goal={"en": "A benchmark campaign."},
                    start=cycle.start + offset,
                    end=cycle.end,
                    response_days=30,
                )
            )
        Campaign.objects.bulk_create(campaigns)
        Campaign.owners.through.objects.bulk_create(
            [
                Campaign.owners.through(campaign_id=c.pk, user_id=staff.pk)
                for c in campaigns
                if c.agency_id == agencies[0].pk
            ]
        )
    elapsed = time.perf_counter() - began
    print(f"partnership, 5 cycles, 4 strands, {len(campaigns)} campaigns in {elapsed:.1f} s")

    step = time.perf_counter()
    # About 3.7 interactions per target organisation on average; a campaign reaches at most its
    # agency's inventory.
    caps = [min(len(inventories[c.agency_id]) * 3, 25_000) for c in campaigns]
    large_budget = min(LARGE_BUDGET, total // 25)
    others = [i for i in range(len(campaigns)) if i != large]
    budgets = dict(
        zip(others, _budgets(rnd, total - large_budget, [caps[i] for i in others]), strict=True)
    )
    budgets[large] = large_budget

    pending, targets, made, target_count = [], [], 0, 0

    def flush():
        with transaction.atomic():
            CampaignTarget.objects.bulk_create(targets, batch_size=batch_size)
            Interaction.objects.bulk_create(pending, batch_size=batch_size)
        pending.clear()
        targets.clear()

    for index, campaign in enumerate(campaigns):
        budget = budgets[index]
        organisations = inventories[campaign.agency_id][:]
        rnd.shuffle(organisations)
        intensity = 1.6 if index == large else rnd.uniform(0.7, 1.3)
        written, reached = 0, []
        for organisation_id in organisations:
            if written >= budget:
                break
            journey = Journey(
                rnd, campaign.start, campaign.end, intensity, events[campaign.agency_id], staff.pk
            )
            rows = journey.rows()[: budget - written]
            targets.append(
                CampaignTarget(
                    campaign_id=campaign.pk,
                    organisation_id=organisation_id,
                    source=rnd.choice(["filter", "filter", "import", "manual"]),
                    added_by_id=staff.pk,
                )
            )
            reached.append(organisation_id)
            for kind, day, fields in rows:
                pending.append(
                    Interaction(
                        campaign_id=campaign.pk,
                        organisation_id=organisation_id,
                        kind=kind,
                        occurred_on=day,
                        author_id=staff.pk,
                        **{"source": "manual", **fields},
                    )
                )
            written += len(rows)
        # A campaign whose budget outlasts its inventory: more meetings with organisations it reached.
        while written < budget:
            day = campaign.start + timedelta(
                days=rnd.randint(0, max(1, (min(campaign.end, ANCHOR) - campaign.start).days))
            )
            pending.append(
                Interaction(
                    campaign_id=campaign.pk,
                    organisation_id=rnd.choice(reached),
                    kind="meeting",
                    occurred_on=day,
                    author_id=staff.pk,
                    meeting_type="meeting",
                )
            )
            written += 1
        made += written
        target_count += len(reached)
        if len(pending) >= batch_size * 10:
            flush()
    if pending or targets:
        flush()
    print(
        f"interactions: {made} for {target_count} target organisations in {time.perf_counter() - step:.1f} s"
    )

    step = time.perf_counter()
    # 300 open tasks for the staff login ("My tasks"), the rest for a colleague at the other agency.
    colleague = get_user_model().objects.create_user(
        username="bench.staff.lv@kopa.example", email="bench.staff.lv@kopa.example"
    )
    AgencyMembership.objects.create(
        agency=agencies[1], user=colleague, role=AgencyMembership.Role.STAFF
    )
    tasks = []
    for n in range(3000):
        agency, assignee = (agencies[0], staff) if n < 300 else (agencies[1], colleague)
        campaign = rnd.choice([c for c in campaigns if c.agency_id == agency.pk])
        tasks.append(
            FollowUpTask(
                agency=agency,
                campaign=campaign,
                organisation_id=rnd.choice(inventories[agency.pk]),
                title=rnd.choice(
                    [
                        "Call after the drop-off",
                        "Send the guidelines",
                        "Invite to the next training",
                    ]
                ),
                assignee=assignee,
                due_on=ANCHOR + timedelta(days=rnd.randint(-30, 60)),
                drop_off=rnd.choice(["", "responded:attended", "coached:applied"]),
                created_by=assignee,
            )
        )
    with transaction.atomic():
        FollowUpTask.objects.bulk_create(tasks, batch_size=batch_size)
    print(f"follow-up tasks: {len(tasks)} in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    # The interactions were bulk-inserted past the model's signals: the funnel's first days
    # (FunnelReach) are rebuilt from them, as `manage.py rebuild_funnel` does after any bulk write.
    written = rebuild_funnel()
    print(f"funnel first days (FunnelReach): {written} rows in {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE outreach_funnelreach")
            # A live database has been through autovacuum: its visibility map lets the funnel's
            # grouped query read the interaction_funnel index alone (an index-only scan). Freshly
            # bulk-loaded rows have none yet, so the plan would be one a live site never sees.
            cursor.execute("VACUUM ANALYZE outreach_interaction")
        cursor.execute("ANALYZE")
    print(f"vacuum and analyze: {time.perf_counter() - step:.1f} s")
    print(f"total: {time.perf_counter() - began:.1f} s on {connection.vendor}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()
    _setup()
    generate(total=args.interactions, batch_size=args.batch_size)


if __name__ == "__main__":
    main()
