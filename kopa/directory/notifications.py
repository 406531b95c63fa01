"""E-mails the directory sends: the decision on an organisation proposal, to the person who made it.

In the recipient's language, with a link to their area, where the decision is shown.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.models import UserPreference
from kopa.core.tasks import enqueue
from kopa.directory.models import OrganisationProposal


def recipient_language(user) -> str:
    """The language `user` chose, else the site's default."""
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


def proposal_decided(proposal: OrganisationProposal) -> None:
    """Tell the proposer what staff decided about their organisation proposal (after the commit)."""
    user = proposal.proposed_by
    if not user.email:
        return
    with override(recipient_language(user)):
        link = settings.KOPA_SITE_URL.rstrip("/") + reverse("site:my_home")
        subject = _("Your proposal of %(name)s: %(status)s") % {
            "name": proposal.legal_name, "status": proposal.get_status_display()}
        body = render_to_string("directory/email/proposal_decided.txt", {
            "proposal": proposal, "user": user, "link": link,
            "organisation": proposal.organisation,
        })
    enqueue("kopa.core.tasks:send_email", to=[user.email], subject=subject, body=body)
