"""Interactions, every recorded contact with an organisation: recording them by hand, coaching with its
private notes, and the attendance that event check-ins record."""
