"""Registration: registering and applying, the waiting list and its offers, selection, cancellation,
the answers to an event's questions and the participation form."""
