import os
import signal

from rq import Worker

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kopa.core import scheduler, tasks


class Command(BaseCommand):
    help = (
        "Run Kopa's background work. With REDIS_URL: a queue worker, and the scheduler that queues the "
        "scheduled jobs when they are due. Without REDIS_URL: the scheduler alone, running the "
        "scheduled jobs itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-scheduler", action="store_true",
                            help="Run the queue worker only (needs REDIS_URL).")
        parser.add_argument("--once", action="store_true",
                            help="Run (or queue) the scheduled jobs that are due now, then stop.")

    def handle(self, *args, **options):
        if options["once"]:
            runs = scheduler.tick()
            self.stdout.write(f"{len(runs)} scheduled job(s) due: {', '.join(r.job for r in runs) or '-'}")
            return
        if settings.KOPA_WORKER_NICE > 0:  # web requests first; the processes it forks inherit it
            os.nice(settings.KOPA_WORKER_NICE)
        if not settings.REDIS_URL:
            if options["no_scheduler"]:
                raise CommandError("REDIS_URL is not set: tasks run inline and no queue worker is needed.")
            self.stdout.write("REDIS_URL is not set: running the scheduled jobs here (Ctrl+C to stop).")
            stop = scheduler.start_thread()
            signal.signal(signal.SIGTERM, lambda *_args: stop.set())
            try:
                while not stop.wait(1):
                    pass
            except KeyboardInterrupt:
                stop.set()
            return
        if not options["no_scheduler"]:
            scheduler.pause_for_forks()  # the worker forks for each task
            scheduler.start_thread()
        Worker([tasks.QUEUE_NAME], connection=tasks.connection()).work(with_scheduler=True)
