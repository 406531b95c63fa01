from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kopa.outreach.jobs import send_followup_reminders


class Command(BaseCommand):
    help = (
        "E-mail each staff member one reminder listing their open follow-up tasks that are due today "
        "or earlier and were not reminded yet. Each task is reminded once. Run it once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="The date to remind for, as YYYY-MM-DD (default: today in TIME_ZONE)."
        )

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date written as YYYY-MM-DD.") from exc
        sent = send_followup_reminders(today=today)
        self.stdout.write(f"Sent {sent} task reminder e-mail(s).")
