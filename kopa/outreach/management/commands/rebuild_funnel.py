from django.core.management.base import BaseCommand

from kopa.outreach.jobs import rebuild_funnel


class Command(BaseCommand):
    help = (
        "Rebuild the funnel's first day of each stage per campaign and organisation from the "
        "interactions. Kopa keeps it exact as interactions are written; run this after writing "
        "interactions in bulk outside Kopa's code (bulk inserts, SQL). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, action="append", help="Only this campaign (repeatable).")

    def handle(self, *args, **options):
        written = rebuild_funnel(campaign_ids=options.get("campaign"))
        self.stdout.write(f"Rebuilt the funnel: {written} campaign and organisation row(s).")
