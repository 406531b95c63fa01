"""The waiting list of an event with open registration: offering freed places, and the answers.

A person who registers when every place is taken waits; the people waiting longest come first
(`kopa.events.registration.selectors.waiting_list`). A freed place is offered at once
(`kopa.events.registration.states.offer_free_places`, also run when someone leaves a held place);
the offer holds the place for the event's offer hours, or until the event starts. The person
accepts (confirmed) or declines; an offer nobody answered lapses (`offers_expire`, a scheduled job)
and the place is offered to the next person. A lapsed offer counts as declined: the person may
register again, at the end of the list.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core.errors import Conflict
from kopa.events.access import require_registrant_or_organiser
from kopa.events.models import Event, Registration, WaitingListOffer
from kopa.events.registration.links import OFFER, RegistrationLink
from kopa.events.registration.states import lock, offer_free_places, transition

S = Registration.Status


@transaction.atomic
def offer_next(*, event: Event, now: datetime | None = None) -> list[WaitingListOffer]:
    """Offer every free place to the people waiting longest; each offer lapses after the event's
    offer hours (or when the event starts)."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    return offer_free_places(event, now)


def _locked_open_offer(offer: WaitingListOffer) -> tuple[WaitingListOffer, Registration]:
    registration = lock(offer.registration)
    offer = WaitingListOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != WaitingListOffer.Status.OPEN:
        raise Conflict(_("This offer has already been answered or has lapsed."))
    return offer, registration


@transaction.atomic
def offer_accept(
    *, offer: WaitingListOffer, actor, now: datetime | None = None,
    link: RegistrationLink | None = None,
) -> Registration:
    """Take the offered place. Raises PermissionDenied, Conflict (answered or lapsed)."""
    now = now or timezone.now()
    offer, registration = _locked_open_offer(offer)
    require_registrant_or_organiser(actor, registration, link=link, actions=(OFFER,), offer=offer)
    if now >= offer.expires_at:
        raise Conflict(_("This offer has lapsed: the time to accept it has passed."))
    return transition(registration, S.CONFIRMED, actor=actor, now=now)


@transaction.atomic
def offer_decline(
    *, offer: WaitingListOffer, actor, now: datetime | None = None,
    link: RegistrationLink | None = None,
) -> Registration:
    """Turn the offered place down; it goes to the next person. Raises PermissionDenied, Conflict."""
    now = now or timezone.now()
    offer, registration = _locked_open_offer(offer)
    require_registrant_or_organiser(actor, registration, link=link, actions=(OFFER,), offer=offer)
    return transition(registration, S.DECLINED, actor=actor, now=now)


def offers_expire(*, now: datetime | None = None) -> int:
    """Let lapsed offers go and offer those places to the next people; one transaction per offer.
    Returns how many offers lapsed."""
    now = now or timezone.now()
    lapsed = list(
        WaitingListOffer.objects.filter(
            status=WaitingListOffer.Status.OPEN, expires_at__lte=now
        ).values_list("id", "registration_id")
    )
    count = 0
    for offer_id, registration_id in lapsed:
        with transaction.atomic():
            registration = lock(Registration.objects.get(pk=registration_id))
            offer = WaitingListOffer.objects.select_for_update().get(pk=offer_id)
            if offer.status != WaitingListOffer.Status.OPEN:
                continue
            transition(registration, S.DECLINED, actor=None, now=now, notice="offer_expired")
            count += 1
    return count
