"""Mentor pairing for a campaign through its page, in-process, on the database in DATABASE_URL.

    DEBUG=1 DATABASE_URL=sqlite:///var/bench/pairing.sqlite3 .venv/bin/python benchmarks/pairing.py [--runs 3]

Migrates, then (once: it reuses the benchmark agency when it exists) writes an agency whose inventory
holds 500 newcomers on a campaign's target list and 200 experienced organisations, with target groups,
themes, working languages and what they can do drawn as `benchmarks/matchmaking.py` draws them (a
fixed seed). It then asks the page for a proposal as an officer does (POST "Propose pairs" with every
newcomer and mentor ticked, k = 3) and prints the seconds of the whole answer (reading the profiles,
scoring 100,000 pairs, the min-cost flow, the reasons and the page; the first run is also the
process's first request, which loads the URL map, the templates and OR-Tools), then the same steps one
by one.
The goal: at most 2 s for 500 newcomers and 200 mentors. DEBUG=1 because the page's static files have
no manifest without `collectstatic`.
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kopa.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.matchmaking import pairing_profiles  # noqa: E402
from kopa.agencies.models import Agency, AgencyMembership  # noqa: E402
from kopa.directory.models import Language, Organisation, TargetGroup, Theme  # noqa: E402
from kopa.directory.organisations.services import search_text_for  # noqa: E402
from kopa.matchmaking.pairing import selectors  # noqa: E402
from kopa.outreach.models import Campaign, CampaignTarget  # noqa: E402

NEWCOMERS, MENTORS, K = 500, 200, 3
SLUG = "bench-pairing"


def generate(rng: random.Random) -> tuple[Agency, Campaign]:
    agency = Agency.objects.create(slug=SLUG, name="Pairing benchmark agency", country="SI",
                                   kind=Agency.Kind.NATIONAL_AGENCY)
    campaign = Campaign.objects.create(agency=agency, name={"en": "Pairing benchmark"}, start=date(2026, 1, 1))
    groups = {g.code: g for g in TargetGroup.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    made = []
    for profiles in (pairing_profiles(rng, NEWCOMERS, "none", "n"), pairing_profiles(rng, MENTORS, "experienced", "m")):
        for profile in profiles:
            org = Organisation(legal_name=f"Benchmark organisation {profile.key}", country=profile.country,
                               city="Ljubljana", experience=profile.experience, can_host="host" in profile.can,
                               can_send="send" in profile.can, can_coordinate="coordinate" in profile.can)
            org.search_text = search_text_for(org)
            made.append((org, profile))
    Organisation.objects.bulk_create([org for org, _profile in made])
    for org, profile in made:
        org.agencies.add(agency)
        org.target_groups.set([groups[c] for c in profile.target_groups if c in groups])
        org.themes.set([themes[c] for c in profile.themes if c in themes])
        org.working_languages.set([languages[c] for c in profile.languages if c in languages])
    CampaignTarget.objects.bulk_create([CampaignTarget(campaign=campaign, organisation=org, source="manual")
                                        for org, profile in made if profile.experience == "none"])
    return agency, campaign


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    agency = Agency.objects.filter(slug=SLUG).first()
    if agency is None:
        with transaction.atomic():
            agency, campaign = generate(random.Random(12))
    campaign = Campaign.objects.get(agency=agency)
    officer, _created = get_user_model().objects.get_or_create(username="bench.pairing@kopa.example")
    AgencyMembership.objects.get_or_create(agency=agency, user=officer)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    newcomers, mentors = selectors.newcomer_candidates(campaign), selectors.mentor_candidates(campaign)
    print(f"{len(newcomers)} newcomers, {len(mentors)} mentors, k = {K}")
    data = {"action": "propose", "newcomers": [o.pk for o in newcomers], "mentors": [o.pk for o in mentors], "k": K}
    path = f"/en/staff/outreach/{campaign.pk}/mentor-pairing/"
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        response = client.post(path, data)
        took = time.perf_counter() - started
        assert response.status_code == 200 and b"Confirm the pairs" in response.content, response.status_code
        print(f"run {run}: the proposal page in {took:.2f} s ({len(response.content) // 1024} KiB)")
    started = time.perf_counter()
    scoring = selectors.pairing_scoring(newcomers, mentors)
    scored = time.perf_counter()
    choice = selectors.proposal(campaign=campaign, scoring=scoring, k=K)
    solved = time.perf_counter()
    table = selectors.pairing_table(scoring=scoring, choice=choice, current={})
    tabled = time.perf_counter()
    print(f"profiles and scores {scored - started:.2f} s, min-cost flow {solved - scored:.2f} s, "
          f"table with reasons {tabled - solved:.2f} s: {table.paired} pairs, total score {table.total}")


if __name__ == "__main__":
    main()
