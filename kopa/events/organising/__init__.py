"""The organisers' event management: their agency's events, the event form and its extra questions."""
