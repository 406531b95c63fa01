from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a background worker for Kopa's task queue (needs REDIS_URL)."

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            raise CommandError("REDIS_URL is not set: tasks run inline and no worker is needed.")
        from redis import Redis
        from rq import Worker

        Worker(["kopa"], connection=Redis.from_url(settings.REDIS_URL)).work(with_scheduler=True)
