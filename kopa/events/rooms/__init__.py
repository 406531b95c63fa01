"""Rooms: room types and rooms at the venue, participants' requests, allocation, the venue's list."""
