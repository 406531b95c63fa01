"""Outreach histories for the funnel pages' tests: who was invited, answered, came, applied, won."""

from datetime import date

from kopa.outreach.models import Interaction

K = Interaction.Kind
INVITED_ON = date(2016, 3, 1)
RESPONDED_ON = date(2016, 3, 11)
ATTENDED_ON = date(2016, 5, 20)
APPLIED_ON = date(2016, 10, 4)
DECIDED_ON = date(2017, 1, 30)


def outreach(campaign, make_organisation, record, *, invited, responded, attended, approved,
             prefix="Organisation", **organisation_fields):
    """`invited` organisations invited; the first `responded` of them answer, the first `attended`
    come to an event, the first `approved` apply and are approved. Returns the organisations."""
    organisations = []
    for i in range(invited):
        org = make_organisation(legal_name=f"{prefix} {i:03d}", **organisation_fields)
        record(campaign, org, K.INVITATION, channel="email", on=INVITED_ON)
        if i < responded:
            record(campaign, org, K.RESPONSE, answer="interested", on=RESPONDED_ON)
        if i < attended:
            record(campaign, org, K.ATTENDANCE, on=ATTENDED_ON)
        if i < approved:
            record(campaign, org, K.APPLICATION, action_type="KA105", on=APPLIED_ON)
            record(campaign, org, K.DECISION, outcome="approved", amount="21000", on=DECIDED_ON)
        organisations.append(org)
    return organisations


def content(response) -> bytes:
    """The body of a response, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
