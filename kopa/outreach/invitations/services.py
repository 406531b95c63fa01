"""Invitations e-mailed from Kopa, each with a personal response link, and the answers through them.

The token exists only in the e-mail; the database keeps its hash. The e-mail is plain text with
one link, the response link itself: nothing in it tracks whether or when it was read.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.errors import KopaError, ValidationFailed
from kopa.core.i18n import pick
from kopa.core.tasks import enqueue
from kopa.directory.models import Organisation
from kopa.outreach.access import require_campaign_staff
from kopa.outreach.interactions.selectors import person_name
from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.invitations.selectors import (
    Recipient,
    emailed_organisation_ids,
    invitation_recipients,
    link_state,
    response_link_for,
)
from kopa.outreach.invitations.tokens import hash_token, new_token
from kopa.outreach.models import Campaign, CampaignTarget, Interaction, ResponseLink
from kopa.outreach.rules import MESSAGE_MAX

ORGANISATION_PLACEHOLDER = "{organisation}"


class LinkExpired(KopaError):
    code = "link_expired"
    status = 410
    default_message = gettext_lazy("This link has expired.")


class LinkUsed(KopaError):
    code = "link_used"
    status = 409
    default_message = gettext_lazy("This link has already been used to answer.")


def respond_url(*, base_url: str, language: str, token: str) -> str:
    """The personal link, in the recipient's language."""
    with translation.override(language):
        path = reverse("outreach:respond", kwargs={"token": token})
    return base_url.rstrip("/") + path


def invitation_message(
    *,
    campaign: Campaign,
    organisation_name: str,
    language: str,
    link: str | None,
    expires_at: datetime,
    sender,
) -> tuple[str, str]:
    """The subject and plain text of an invitation in `language`: the campaign's own text in that
    language, else Kopa's standard invitation. Without a `link` (a preview) a placeholder stands in."""
    with translation.override(language):
        link = link or _("[the organisation's personal link]")
        campaign_name = pick(campaign.name, language)
        agency = str(campaign.agency)
        subject = (campaign.invitation_subject or {}).get(language, "").strip() or _(
            "Invitation: %(campaign)s"
        ) % {"campaign": campaign_name}
        body = (campaign.invitation_body or {}).get(language, "").strip()
        body = body.replace(ORGANISATION_PLACEHOLDER, organisation_name)
        text = render_to_string(
            "outreach/invitations/email/invitation.txt",
            {
                "body": body,
                "organisation": organisation_name,
                "campaign_name": campaign_name,
                "goal": pick(campaign.goal, language),
                "agency": agency,
                "link": link,
                "expires_at": expires_at,
                "sender": person_name(sender),
            },
        )
    return " ".join(subject.split()), text


def _send_one(
    *, actor, campaign: Campaign, recipient: Recipient, base_url: str, now: datetime
) -> bool:
    """Invite one organisation, all or nothing. False when it was invited by e-mail meanwhile."""
    with transaction.atomic():
        # Locking the target row makes two officers pressing "Send" at once invite only once.
        CampaignTarget.objects.select_for_update().filter(
            campaign=campaign, organisation=recipient.organisation
        ).first()
        if (
            emailed_organisation_ids(campaign)
            .filter(organisation_id=recipient.organisation.pk)
            .exists()
        ):
            return False
        invitation = interaction_create(
            actor=actor,
            campaign=campaign,
            organisation=recipient.organisation,
            kind=Interaction.Kind.INVITATION,
            data={"occurred_on": timezone.localdate(now), "channel": Interaction.Channel.EMAIL},
            today=timezone.localdate(now),
        )
        token = new_token()
        expires_at = now + timedelta(days=campaign.response_days)
        ResponseLink.objects.create(
            invitation=invitation,
            token_hash=hash_token(token),
            email=recipient.email,
            language=recipient.language,
            expires_at=expires_at,
        )
        subject, body = invitation_message(
            campaign=campaign,
            organisation_name=recipient.organisation.legal_name,
            language=recipient.language,
            link=respond_url(base_url=base_url, language=recipient.language, token=token),
            expires_at=expires_at,
            sender=actor,
        )
        enqueue("kopa.core.tasks:send_email", to=[recipient.email], subject=subject, body=body)
    return True


def invitations_send(
    *,
    actor,
    campaign: Campaign,
    organisations: list[Organisation],
    base_url: str,
    now: datetime | None = None,
) -> int:
    """E-mail an invitation with a personal response link to each of `organisations` that is on the
    target list, has an address and was not invited by e-mail yet; one transaction per organisation.
    Returns how many were sent. Raises PermissionDenied."""
    require_campaign_staff(actor, campaign)
    now = now or timezone.now()
    recipients, _without = invitation_recipients(
        campaign=campaign, user=actor, organisation_ids=[o.pk for o in organisations]
    )
    return sum(
        _send_one(actor=actor, campaign=campaign, recipient=recipient, base_url=base_url, now=now)
        for recipient in recipients
    )


@transaction.atomic
def response_record(
    *, token: str, answer: str, message: str = "", now: datetime | None = None
) -> Interaction:
    """Record the answer given through a response link, once.
    Raises NotFound, LinkExpired, LinkUsed, ValidationFailed."""
    now = now or timezone.now()
    found = response_link_for(token)
    link = ResponseLink.objects.select_for_update().get(pk=found.pk)
    state = link_state(link, now=now)
    if state == "used":
        raise LinkUsed()
    if state == "expired":
        raise LinkExpired()
    errors = {}
    if answer not in Interaction.Answer.values:
        errors["answer"] = [_("Choose one of the answers.")]
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        errors["message"] = [_("Write at most %(max)d characters.") % {"max": MESSAGE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    # Claimed with a conditional update as well as the row lock, so that on a database without row
    # locks two answers at once still leave exactly one.
    if not ResponseLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        raise LinkUsed()
    response = interaction_create(
        actor=None,
        campaign=found.invitation.campaign,
        organisation=found.invitation.organisation,
        kind=Interaction.Kind.RESPONSE,
        data={"occurred_on": timezone.localdate(now), "answer": answer, "notes": message},
        source=Interaction.Source.RESPONSE_LINK,
        system=True,
        today=timezone.localdate(now),
    )
    ResponseLink.objects.filter(pk=link.pk).update(response=response)
    return response
