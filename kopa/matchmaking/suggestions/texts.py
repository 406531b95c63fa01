"""The reasons of a suggestion in words, in the reader's language."""

from dataclasses import dataclass

from django_countries import countries

from django.utils.translation import gettext as _

from kopa.core.i18n import language_name
from kopa.directory.organisations.selectors import target_group_list, theme_list
from kopa.matchmaking.models import ACTIONS, PartnerRequest
from kopa.matchmaking.rules import Reason


@dataclass(frozen=True)
class ReasonText:
    text: str
    weight: int


class ReasonWords:
    """Turns reasons into sentences; reads the names of target groups and themes once per page."""

    def __init__(self):
        self.groups = {g.code: str(g) for g in target_group_list()}
        self.themes = {t.code: str(t) for t in theme_list()}
        self.roles = dict(PartnerRequest.Role.choices)
        self.actions = dict(ACTIONS)

    def sentence(self, reason: Reason) -> str:
        value = reason.value
        if reason.code == "target_group":
            return _("Shares the target group %(name)s") % {"name": self.groups.get(value, value)}
        if reason.code == "experience":
            if value == "experienced":
                return _("Complements your experience: experienced in the programme, for a newcomer")
            return _("Complements your experience: a newcomer to the programme, for an experienced partner")
        if reason.code == "country":
            return _("Is in another country (%(country)s): a transnational partnership") % {
                "country": countries.name(value) or value}
        if reason.code == "language":
            return _("Shares the working language %(name)s") % {"name": language_name(value)}
        if reason.code == "host_send":
            if value == "host":
                return _("Can host when you can send")
            return _("Can send when you can host")
        if reason.code == "role":
            if value.startswith("offer:"):
                role = value.removeprefix("offer:")
                return _("Looks for a partner to %(role)s, which you can do") % {
                    "role": self.roles.get(role, role)}
            return _("Can take the role you look for: %(role)s") % {"role": self.roles.get(value, value)}
        if reason.code == "theme":
            return _("Works on the theme %(name)s") % {"name": self.themes.get(value, value)}
        if reason.code == "action":
            return _("Has run %(action)s before") % {"action": value}
        return value

    def texts(self, reasons) -> list[ReasonText]:
        return [ReasonText(self.sentence(r), r.weight) for r in reasons]
