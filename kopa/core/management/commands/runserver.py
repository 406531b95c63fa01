from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as StaticfilesRunserver

from kopa.core import scheduler


class Command(StaticfilesRunserver):
    help = (
        StaticfilesRunserver.help
        + " Without REDIS_URL it also runs the scheduled jobs, as `manage.py kopa_worker` does."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_true",
                            help="Do not run the scheduled jobs in this server.")

    def inner_run(self, *args, **options):
        # inner_run runs in the serving process (the reloader's child), once per restart.
        if not settings.REDIS_URL and not options.get("no_scheduler"):
            scheduler.start_thread()
            self.stdout.write("Scheduled jobs run in this server (REDIS_URL is not set).")
        return super().inner_run(*args, **options)
