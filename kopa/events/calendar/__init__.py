"""The public calendar: event pages, the month view, iCal feeds and the half-year activity plan."""
