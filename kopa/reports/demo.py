"""Demo reports. Activity reports: the 2SoKrog (Interreg Slovenia–Croatia) report of the Ormož peer
review (6 December 2018, Grad Ormož, 74 people checked in), filled as the partner would fill it: the
figures come from the demo check-ins; the activity, the summary and the contact person are invented
(the event, its date, place, times and the project's news page are public). Cycle reports: the
officers' narrative of the Slovenian agency's 2016–2018 cycle (its figures come from the records)."""

from kopa.core.demo import DemoContext, step
from kopa.events.models import Event
from kopa.reports.activity.services import activity_report_create, activity_report_update
from kopa.reports.cycles.demo import write_narrative
from kopa.reports.models import ActivityReport

# --- activity reports -----------------------------------------------------------------------------

ORMOZ_TITLE = "Peer review: the role of social activation in the Slovenia–Croatia cross-border area"
ORMOZ_REPORT = {
    "activity": "Strokovno srečanje »Peer Review« o socialni aktivaciji",
    "summary": (
        "Srečanje je odprla predstavitev projekta 2SoKrog. Govorniki so predstavili, kako potekajo pilotni "
        "projekti socialne aktivacije v Sloveniji, in jih primerjali s praksami drugod v Evropi.\n\n"
        "V drugem delu so predstavniki uradov za delo in centrov za socialno delo iz Slovenije in Hrvaške "
        "razpravljali o tem, kako skupaj najti in vključiti ljudi, ki jim je socialna aktivacija namenjena. "
        "Na koncu so udeleženci spoznali program socialne aktivacije Centra ponovne uporabe v Ormožu in "
        "njegovo popravljalnico v gradu."
    ),
    "link": "https://www.bistra.si/2sokrog/novice/645-vloga-socialne-aktivacije-na-cezmejnem-obmocju-slovenija-hrvaska",
    "contact": "Maja Kos, maja.kos@example.org",
}


def ormoz_report(event: Event) -> ActivityReport:
    report = ActivityReport.objects.filter(event=event, template=ActivityReport.Template.INTERREG_2SOKROG).first()
    if report is None:
        report = activity_report_create(actor=None, system=True, event=event,
                                        template=ActivityReport.Template.INTERREG_2SOKROG, language="sl")
        report = activity_report_update(actor=None, system=True, report=report, data=ORMOZ_REPORT)
    return report


@step(order=70)
def add_reports(ctx: DemoContext) -> None:
    event = (getattr(ctx, "events", None) or {}).get(ORMOZ_TITLE)
    if event is not None:
        ormoz_report(event)


# --- cycle reports --------------------------------------------------------------------------------


@step(order=66)
def add_cycle_narratives(ctx: DemoContext) -> None:
    write_narrative(ctx)
