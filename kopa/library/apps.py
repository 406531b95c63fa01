from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "kopa.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from kopa.core.pagecache import watch_app

        # A change to any of this app's data makes its cached public pages stale.
        watch_app(self, "library")
