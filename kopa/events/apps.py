from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kopa.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kopa.core.pagecache import watch_app
        from kopa.events.receivers import claim_on_login

        user_logged_in.connect(claim_on_login, dispatch_uid="kopa.events.claim_on_login")
        # A change to any of this app's data (an event, a registration) makes its cached public pages stale.
        watch_app(self, "events")
