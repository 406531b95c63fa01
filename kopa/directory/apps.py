from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "kopa.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from kopa.core.pagecache import watch_app

        # A change to any of this app's data makes its cached public pages stale.
        watch_app(self, "directory")
