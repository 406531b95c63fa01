"""What the events app does when something happens elsewhere: a verified account that logs in
(also right after confirming its address) gets the registrations made with its address."""

from kopa.events.registration.services import registrations_claim


def claim_on_login(sender, request, user, **kwargs):
    registrations_claim(user=user)
