from django.core.management.base import BaseCommand

from kopa.events.registration.participation import purge_private_data, retention_days


class Command(BaseCommand):
    help = (
        "Delete the private participation data (access needs, diet, emergency contacts, travel, "
        "room requests) of every event that ended more than KOPA_PRIVATE_DATA_RETENTION_DAYS ago, "
        "keeping anonymous counts. Safe to run repeatedly, e.g. once a day."
    )

    def handle(self, *args, **options):
        count = purge_private_data()
        self.stdout.write(
            f"Purged the private data of {count} event(s) "
            f"(retention period: {retention_days()} days after the end)."
        )
