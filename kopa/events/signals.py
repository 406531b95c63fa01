"""Signals other apps listen to, so events never needs to know about them."""

from django.dispatch import Signal

# Sent inside the check-in transaction when a registration is checked in for a day for the first
# time, and again for each day checked in when organisers later link the registration to an
# organisation (receivers record attendance once per organisation). Arguments: registration, day
# (date), actor. Receivers write in the same transaction.
attendance_recorded = Signal()
