"""Objects the accessibility scans of the outreach pages build their paths from."""

from datetime import date, timedelta

from django.utils import timezone

from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.invitations.tokens import hash_token
from kopa.outreach.models import Campaign, FollowUpTask, Interaction, ResponseLink

RESPONSE_TOKEN = "scan-response-token-0123456789abcdefghijklmnop"


def build_campaign(d):
    """A campaign of the staff user's agency in the demo partnership, with a target list and an
    interaction of every kind."""
    partnership = d["partnership"]
    staff = d.users["staff"]
    campaign = Campaign.objects.create(
        agency=d.agency,
        name={"en": "Reaching deprived areas", "sl": "Doseči prikrajšana območja", "lv": "Sasniegt nelabvēlīgos rajonus"},
        goal={"en": "Organisations new to the programme apply for their first project."},
        cycle=partnership.cycles.first(),
        strand=partnership.strands.first(),
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
        invitation_subject={"en": "Invitation to an information day", "sl": "Vabilo na informativni dan"},
        invitation_body={"en": "We would like to tell you about inclusion projects."},
    )
    campaign.owners.set([staff])
    organisations = [
        d.make_organisation(legal_name=name, city=city, agencies=[d.agency], email=f"info{i}@example.org",
                            region="Zasavska")
        for i, (name, city) in enumerate(
            [("Mladinski center Trbovlje", "Trbovlje"), ("Društvo Sožitje", "Hrastnik"), ("Zavod Pot", "Zagorje")]
        )
    ]
    on = date(2026, 3, 2)
    kinds = [
        (Interaction.Kind.INVITATION, {"channel": "email"}),
        (Interaction.Kind.RESPONSE, {"answer": "interested"}),
        (Interaction.Kind.INFO_MEETING, {"meeting_type": "info_session"}),
        (Interaction.Kind.ATTENDANCE, {}),
        (Interaction.Kind.COACHING, {"coach": staff, "duration_minutes": 90, "topics": "Budget",
                                     "next_steps": "Draft the activity plan", "private_notes": "Needs support"}),
        (Interaction.Kind.APPLICATION, {"action_type": "KA210-YOU", "round": "2026 round 2", "reference": "2026-2-SI02"}),
        (Interaction.Kind.DECISION, {"outcome": "approved", "amount": "30000"}),
    ]
    for i, org in enumerate(organisations):
        for kind, data in kinds[: len(kinds) - 2 * i]:
            interaction_create(actor=None, system=True, campaign=campaign, organisation=org, kind=kind,
                               data={"occurred_on": on + timedelta(days=7 * len(data)), **data})
    return campaign


def build_interaction(d):
    """The coaching session of the scan campaign."""
    return d["campaign"].interactions.filter(kind=Interaction.Kind.COACHING).first()


def build_task(d):
    campaign = d["campaign"]
    return FollowUpTask.objects.create(
        agency=d.agency, campaign=campaign, organisation=campaign.targets.first().organisation,
        title="Call about the information day", assignee=d.users["staff"], due_on=timezone.localdate(),
        drop_off="responded:attended",
    )


def build_response_token(d):
    """An unanswered e-mailed invitation of the scan campaign; returns the token of its link."""
    campaign = d["campaign"]
    invitation = campaign.interactions.filter(kind=Interaction.Kind.INVITATION).first()
    ResponseLink.objects.create(
        invitation=invitation, token_hash=hash_token(RESPONSE_TOKEN), email="info0@example.org",
        language="sl", expires_at=timezone.now() + timedelta(days=30),
    )
    return RESPONSE_TOKEN


def build_campaign_invitees(d):
    """The scan campaign with two organisations not yet invited by e-mail: one with an address, one
    without; returns the campaign."""
    campaign = d["campaign"]
    for name, email in (("Društvo Prostor", "info@prostor.example.org"), ("Klub mladih Litija", "")):
        org = d.make_organisation(legal_name=name, city="Litija", agencies=[d.agency], email=email)
        ensure_target(campaign=campaign, organisation=org, actor=None, source="manual")
    return campaign


def _link(d, *, token: str, email: str, **fields):
    campaign = d["campaign"]
    organisation = d.make_organisation(legal_name=f"Zavod {token[:6]}", agencies=[d.agency], email=email)
    invitation = interaction_create(
        actor=None, system=True, campaign=campaign, organisation=organisation,
        kind=Interaction.Kind.INVITATION, data={"occurred_on": date(2026, 3, 2), "channel": "email"},
    )
    ResponseLink.objects.create(
        invitation=invitation, token_hash=hash_token(token), email=email, language="sl", **fields
    )
    return token


def build_expired_response_token(d):
    """A response link whose time ran out before anyone answered."""
    return _link(d, token="scan-expired-token-0123456789abcdefghijklmno", email="expired@example.org",
                 expires_at=timezone.now() - timedelta(days=1))


def build_used_response_token(d):
    """A response link answered already (the answer itself recorded)."""
    token = "scan-used-token-0123456789abcdefghijklmnopqrs"
    _link(d, token=token, email="used@example.org", expires_at=timezone.now() + timedelta(days=20))
    from kopa.outreach.invitations.services import response_record

    response_record(token=token, answer="not_now", message="")
    return token


def build_mixed_campaign(d):
    """Beside the scan campaign, one in the same cycle that measures applications and decisions
    only, so that the funnel pages show stages and conversions it does not measure."""
    campaign = d["campaign"]
    clinics = Campaign.objects.create(
        agency=d.agency, name={"en": "Application clinics", "sl": "Prijavne delavnice"},
        cycle=campaign.cycle, strand=None, start=date(2026, 1, 1), stages=["applied", "approved"],
    )
    for i in range(2):
        org = d.make_organisation(legal_name=f"Klinika {i}", city="Celje", agencies=[d.agency])
        for kind, data in ((Interaction.Kind.APPLICATION, {"action_type": "KA210-YOU"}),
                           (Interaction.Kind.DECISION, {"outcome": "approved" if i else "rejected"})):
            interaction_create(actor=None, system=True, campaign=clinics, organisation=org, kind=kind,
                               data={"occurred_on": date(2026, 5, 4), **data})
    return clinics
