from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "kopa.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from kopa.core.pagecache import watch_app

        # A change to any of this app's data makes its cached public pages stale.
        watch_app(self, "programmes")
