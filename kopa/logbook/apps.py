from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogbookConfig(AppConfig):
    name = "kopa.logbook"
    label = "logbook"
    verbose_name = _("Logbook")

    def ready(self):
        from kopa.core.pagecache import watch_app

        # A change to the Logbook's data makes the cached public overview stale.
        watch_app(self, "logbook")
