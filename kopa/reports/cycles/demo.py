"""The demo's cycle report: MOVIT's 2016–2018 cycle of the social-inclusion partnership, whose
figures come from the outreach and events demo (the funnel 76 → 52 → 36 → 11 of the campaign for
organisations in deprived areas). Only the narrative is written here (invented text); saving it
again changes nothing."""

from kopa.core.demo import DemoContext
from kopa.programmes.selectors import cycles_for, partnership_agency_ids, partnership_detail
from kopa.reports.cycles.selectors import own_narrative
from kopa.reports.cycles.services import narrative_save

PARTNERSHIP = "social-inclusion"
CYCLE = "2016–2018"
NARRATIVE = {
    "summary": "In 2016–2018 we set out to reach organisations in deprived areas that had never "
    "taken part in the programme. We invited 76 of them; 52 answered, 36 came to one of our three "
    "events and 11 had a project approved by the end of the cycle.",
    "outreach": "Personal visits and a call from someone the organisation already knew worked better "
    "than e-mail. Most of the organisations that answered first heard of us at a local information "
    "day.",
    "activities": "Three events of the cycle brought the newcomers together with experienced "
    "beneficiaries: an information day, the national training and the kick-off of the strand.",
    "inclusion": "Most participants travelled by train or bus. Where participants told us about the "
    "barriers they face, the report counts them without names.",
    "outlook": "In the next cycle we will keep one officer as the first contact of each newcomer "
    "from the first call to the application.",
}


def write_narrative(ctx: DemoContext) -> None:
    agency = ctx.agencies["movit"]
    partnership = partnership_detail(slug=PARTNERSHIP)
    cycle = cycles_for(partnership).get(name=CYCLE)
    if own_narrative(cycle=cycle, agency=agency) is not None:
        return
    narrative_save(actor=ctx.officers["movit"][0], cycle=cycle, agency=agency,
                   partnership_agency_ids=partnership_agency_ids(partnership), data=NARRATIVE)
