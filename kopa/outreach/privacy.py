"""What outreach holds about a person: the invitations e-mailed to their address (with the answer
given through the link). Campaign work records (who owns a campaign, who wrote an interaction, whom a
follow-up is assigned to) are staff at work, not data about a person as a subject."""

from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.outreach.models import Campaign, CampaignTarget, FollowUpTask, Interaction, ResponseLink


def _invitations(subject):
    if not subject.emails:
        return []
    links = ResponseLink.objects.filter(email__in=subject.emails).select_related(
        "invitation__campaign", "invitation__organisation", "response")
    records = []
    for link in links:
        record = [(str(_("Campaign")), str(link.invitation.campaign)),
                  (str(_("Organisation")), str(link.invitation.organisation))]
        record += privacy.values(link, ("email", "language", "expires_at", "used_at"))
        if link.response is not None:
            record += privacy.values(link.response, ("answer",))
        records.append(record)
    return records


privacy.subject("invitations", title=_("Invitations e-mailed to you"), collect=_invitations, order=50,
                links={ResponseLink: ("email",)})
privacy.subject_exempt(Campaign, fields=("owners",), why="staff at work: who runs a campaign")
privacy.subject_exempt(CampaignTarget, fields=("added_by",), why="staff at work")
privacy.subject_exempt(Interaction, fields=("author", "coach"), why="staff at work")
privacy.subject_exempt(FollowUpTask, fields=("assignee", "created_by"), why="staff at work")
