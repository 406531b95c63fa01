from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Partner requests and suggested partners. The public pages' cache family "matchmaking" is
    bumped by the services (kopa/matchmaking/requests/services.py) whenever a change shows publicly."""

    name = "kopa.matchmaking"
    label = "matchmaking"
    verbose_name = _("Matchmaking")
