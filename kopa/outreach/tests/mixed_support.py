"""Campaigns that measure different stages, for the tests of honest funnel figures."""

from datetime import date

from kopa.outreach.models import Interaction
from kopa.programmes.models import Strand

K = Interaction.Kind


def information_and_clinics(make_campaign, make_organisation, record, partnership):
    """The case from the field: "Information days" (another strand) measures invited → responded →
    applied, and 11 organisations go all the way; "Application clinics" measures applied → approved
    only, and of its 11 applicants 5 are approved. Its organisations were invited as well, a stage
    it does not measure. Returns (information days, application clinics)."""
    rural = Strand.objects.create(partnership=partnership, name={"en": "Rural youth"})
    days = make_campaign(name={"en": "Information days"}, strand=rural,
                         stages=["invited", "responded", "applied"])
    clinics = make_campaign(name={"en": "Application clinics"}, stages=["applied", "approved"])
    for i in range(11):
        org = make_organisation(legal_name=f"Information {i:02d}")
        record(days, org, K.INVITATION, channel="email", on=date(2016, 3, 1))
        record(days, org, K.RESPONSE, answer="interested", on=date(2016, 3, 11))
        record(days, org, K.APPLICATION, action_type="KA105", on=date(2016, 10, 4))
    for i in range(11):
        org = make_organisation(legal_name=f"Clinic {i:02d}")
        record(clinics, org, K.INVITATION, channel="email", on=date(2016, 3, 1))
        record(clinics, org, K.APPLICATION, action_type="KA105", on=date(2016, 10, 4))
        if i < 5:
            record(clinics, org, K.DECISION, outcome="approved", amount="21000", on=date(2017, 1, 30))
    return days, clinics
