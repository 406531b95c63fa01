from django.core.management.base import BaseCommand
from django.db import transaction

from kopa.site import demo


class Command(BaseCommand):
    help = "Load Kopa's demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = demo.load()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Demo logins (password for all: {demo.password()}):")
        )
        for role, username in logins:
            self.stdout.write(f"  {role:<32} {username}")
