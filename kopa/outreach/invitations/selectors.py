"""Reads for e-mailed invitations: who can still be invited, at which address, in which language;
and the response link behind a token, and whether it is still open."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from kopa.core.errors import NotFound
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.directory.people.selectors import contact_emails
from kopa.outreach.invitations.tokens import hash_token
from kopa.outreach.models import Campaign, Interaction, ResponseLink

# The language an invitation goes out in, by the organisation's country; English elsewhere.
COUNTRY_LANGUAGES = {"SI": "sl", "LV": "lv"}
TOKEN_MAX = 200


@dataclass(frozen=True)
class Recipient:
    organisation: Organisation
    email: str
    language: str


def language_for(organisation: Organisation) -> str:
    return COUNTRY_LANGUAGES.get(organisation.country.code or "", "en")


def emailed_organisation_ids(campaign: Campaign) -> QuerySet:
    """Organisations the campaign has already invited by e-mail from Kopa."""
    return Interaction.objects.filter(
        campaign=campaign, kind=Interaction.Kind.INVITATION, channel=Interaction.Channel.EMAIL
    ).values("organisation_id")


def uninvited_targets(*, campaign: Campaign, user, organisation_ids=None) -> QuerySet[Organisation]:
    """Organisations on the target list (and in `user`'s inventory) not yet invited by e-mail."""
    qs = (
        staff_scope(user)
        .filter(campaign_targets__campaign=campaign)
        .exclude(pk__in=emailed_organisation_ids(campaign))
    )
    if organisation_ids is not None:
        qs = qs.filter(pk__in=organisation_ids)
    return qs.order_by("legal_name", "id")


def invitation_recipients(
    *, campaign: Campaign, user, organisation_ids=None
) -> tuple[list[Recipient], list[Organisation]]:
    """Who an e-mailed invitation would reach, and the organisations without any address.

    The address is the organisation's public e-mail, else a contact person's."""
    organisations = list(
        uninvited_targets(campaign=campaign, user=user, organisation_ids=organisation_ids)
    )
    missing = [o.pk for o in organisations if not o.email]
    people = contact_emails(user=user, organisation_ids=missing) if missing else {}
    recipients, without = [], []
    for organisation in organisations:
        email = organisation.email or people.get(organisation.pk, "")
        if email:
            recipients.append(Recipient(organisation, email, language_for(organisation)))
        else:
            without.append(organisation)
    return recipients, without


def response_link_for(token: str) -> ResponseLink:
    """The link behind `token`, with its invitation, campaign and organisation. Raises NotFound."""
    if not token or len(token) > TOKEN_MAX:
        raise NotFound()
    link = (
        ResponseLink.objects.filter(token_hash=hash_token(token))
        .select_related("invitation__campaign__agency", "invitation__organisation", "response")
        .first()
    )
    if link is None:
        raise NotFound()
    return link


def link_state(link: ResponseLink, *, now: datetime | None = None) -> str:
    """The state of a link: "used", "expired" or "open"."""
    if link.used_at is not None:
        return "used"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "open"
