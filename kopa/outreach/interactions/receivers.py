"""What outreach does when something happens elsewhere: a check-in at an event is attendance."""

from kopa.outreach.interactions.services import attendance_from_check_in


def record_event_attendance(sender, *, registration, day, actor, **kwargs):
    """A check-in at an event moves the organisation to "attended" in the linked campaigns."""
    attendance_from_check_in(registration=registration, day=day, actor=actor)
