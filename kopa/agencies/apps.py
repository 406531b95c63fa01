from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "kopa.agencies"
    label = "agencies"
    verbose_name = _("Agencies")

    def ready(self):
        from kopa.core.pagecache import watch_app

        # A change to any of this app's data makes its cached public pages stale.
        watch_app(self, "agencies")
