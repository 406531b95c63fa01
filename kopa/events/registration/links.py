"""Signed links in e-mails: a participant confirms the e-mail address of a new registration,
answers an offer, confirms or declines a selected place, cancels a registration or fills in the
participation form from the e-mail, without logging in.

A link names one registration and one action, and for an offer the offer itself. It is signed with
Django's `TimestampSigner`, with a salt per action, so a link for one action or registration cannot
be turned into another. It lapses at the action's own deadline (the offer's, the confirmation's,
`UNCONFIRMED_HOURS` after registering for the e-mail address, or the start of the event, its end for
the participation form), and never later than `LINK_DAYS` after it was sent. Opening a link never
acts: the page says what the button does, and only the posted button acts
(`kopa.events.registration.views.registration_link`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kopa.core.errors import KopaError
from kopa.core.http import site_url
from kopa.events.models import UNCONFIRMED_HOURS, Registration, WaitingListOffer

# What a link lets its holder do: confirm the e-mail address of a new registration, answer the
# waiting-list offer, confirm (or decline) a selected place, cancel the registration, fill in the
# participation form.
VERIFY, OFFER, CONFIRM, CANCEL, PARTICIPATION = (
    "verify", "offer", "confirm", "cancel", "participation"
)
ACTIONS = (VERIFY, OFFER, CONFIRM, CANCEL, PARTICIPATION)
LINK_DAYS = 60


class LinkInvalid(KopaError):
    code = "link_invalid"
    status = 400
    default_message = gettext_lazy(
        "This link is not valid. Please check that you copied the whole link from the e-mail."
    )


class LinkExpired(KopaError):
    code = "link_expired"
    status = 410
    default_message = gettext_lazy("This link has expired.")


@dataclass(frozen=True)
class RegistrationLink:
    """A verified link: who may act on which registration, until when."""

    action: str
    registration_id: int
    offer_id: int | None
    expires_at: datetime

    def allows(
        self, registration: Registration, actions: tuple[str, ...], *, offer=None
    ) -> bool:
        """Whether this link lets its holder do one of `actions` to `registration` (and `offer`)."""
        return (
            self.action in actions
            and self.registration_id == registration.pk
            and (offer is None or self.offer_id == offer.pk)
        )


def _signer(action: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"kopa.events.registration.link.{action}")


def link_deadline(
    registration: Registration,
    action: str,
    *,
    offer: WaitingListOffer | None = None,
    now: datetime | None = None,
) -> datetime:
    """When a link for `action` lapses: the offer's deadline, the confirmation deadline or the
    event's start, and at the latest `LINK_DAYS` from now."""
    now = now or timezone.now()
    latest = now + timedelta(days=LINK_DAYS)
    if action == VERIFY:
        own = min(registration.created_at + timedelta(hours=UNCONFIRMED_HOURS), registration.event.start)
    elif action == OFFER and offer is not None:
        own = offer.expires_at
    elif action == CONFIRM and registration.confirm_by is not None:
        own = registration.confirm_by
    elif action == PARTICIPATION:
        own = registration.event.end
    else:
        own = registration.event.start
    return min(own, latest)


def link_token(
    registration: Registration, action: str, *, offer: WaitingListOffer | None = None
) -> str:
    """The signed token of a link for `action` on `registration` (and `offer`)."""
    expires = link_deadline(registration, action, offer=offer)
    payload = {
        "r": registration.pk,
        "o": offer.pk if offer is not None else None,
        "e": int(expires.timestamp()),
    }
    return _signer(action).sign_object(payload, compress=True)


def link_url(
    registration: Registration, action: str, *, offer: WaitingListOffer | None = None
) -> str:
    """The absolute address of the link, in the active language, for an e-mail."""
    path = reverse(
        "events:registration_link",
        kwargs={"action": action, "token": link_token(registration, action, offer=offer)},
    )
    return site_url() + path


def link_verify(action: str, token: str, *, now: datetime | None = None) -> RegistrationLink:
    """The link `token` stands for. Raises LinkInvalid (unknown action, altered or not a token),
    LinkExpired (past its deadline)."""
    if action not in ACTIONS:
        raise LinkInvalid()
    now = now or timezone.now()
    try:
        payload = _signer(action).unsign_object(token, max_age=timedelta(days=LINK_DAYS))
    except signing.SignatureExpired as exc:
        raise LinkExpired() from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid() from exc
    try:
        link = RegistrationLink(
            action=action,
            registration_id=int(payload["r"]),
            offer_id=int(payload["o"]) if payload.get("o") is not None else None,
            expires_at=datetime.fromtimestamp(int(payload["e"]), tz=UTC),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid() from exc
    if now >= link.expires_at:
        raise LinkExpired()
    return link
