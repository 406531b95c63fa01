"""What every page needs to know about events: how many of the visitor's registrations wait for
their answer (the badge of My events in the menu)."""

from kopa.events.registration.selectors import pending_answers


def my_events(request) -> dict:
    user = getattr(request, "user", None)
    # A callable: the menu asks once, and only for a signed-in person.
    return {"my_events_pending": lambda: pending_answers(user=user)}
