"""Whether the visitor has a Logbook role: the main menu then shows "Logbook"."""

from kopa.logbook.selectors import has_logbook_role


def logbook(request) -> dict:
    user = getattr(request, "user", None)
    return {"has_logbook_role": lambda: has_logbook_role(user)}
