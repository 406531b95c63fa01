"""Demo library: the Bled compendium "Labirint iz krize" (October 2018), the social-inclusion working
group's guidelines and the harvesting conference's report of recommendations (June 2018), each in
Slovenian and English with a small committed PDF (kopa/library/demo_files/). Titles and dates come
from the Slovenian agency's public page (../shared/seeds); the texts are invented."""

from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile

from kopa.core.demo import DemoContext, step
from kopa.directory.models import TargetGroup, Theme
from kopa.library.models import Resource
from kopa.library.services import resource_create, resource_publish, version_read, version_upload
from kopa.programmes.models import Cycle, Strand, WorkingGroup

FILES = Path(__file__).parent / "demo_files"
PARTNERSHIP = "social-inclusion"

ENTRIES = [
    dict(
        kind=Resource.Kind.COMPENDIUM, published_on=date(2018, 10, 19), cycle="2018–2020",
        strand="Young people with health problems and disabilities", event="Labyrinth out of crisis: kick-off of "
        "the second cycle", target_groups=("health", "disability"), themes=("mental_health", "inclusion"),
        title={"sl": "Labirint iz krize – zbornik priporočil",
               "en": "Labyrinth out of crisis – a compendium of recommendations"},
        summary={"sl": "Zbornik priporočil za organizacije, kako ravnati, ko so mladi v stiski, nastal na uvodni "
                       "aktivnosti drugega cikla na Bledu oktobra 2018.",
                 "en": "Recommendations for organisations on how to act when young people are in distress, from "
                       "the kick-off of the second cycle in Bled in October 2018."},
        files={"sl": "labirint-iz-krize-sl.pdf", "en": "labirint-iz-krize-en.pdf"},
    ),
    dict(
        kind=Resource.Kind.GUIDELINES, published_on=date(2020, 6, 15), cycle="2018–2020",
        strand="Young people with health problems and disabilities", working_group="Working group on social inclusion",
        target_groups=("health", "disability", "social"), themes=("inclusion", "youth_work"),
        title={"sl": "Smernice za pripravo projektov, ki vključujejo mlade z manj priložnostmi in posebnimi potrebami",
               "en": "Guidelines for projects that include young people with fewer opportunities and special needs"},
        summary={"sl": "Smernice delovne skupine za socialno vključevanje za organizacije in za Nacionalno agencijo.",
                 "en": "The social-inclusion working group's guidelines for organisations and for the National "
                       "Agency."},
        files={"sl": "smernice-delovne-skupine-sl.pdf", "en": "smernice-delovne-skupine-en.pdf"},
    ),
    dict(
        kind=Resource.Kind.REPORT, published_on=date(2018, 9, 3), cycle="2016–2018",
        strand="Young people from deprived areas", target_groups=("geographical", "economic", "social"),
        themes=("inclusion",),
        title={"sl": "Poročilo s konference Harvesting: priporočila za nadaljnje cikle",
               "en": "Harvesting conference report: recommendations for the next cycles"},
        summary={"sl": "Poročilo z zaključne konference prvega cikla (19.–21. junij 2018) s priporočili za delo "
                       "v nadaljnjih ciklih strateškega partnerstva.",
                 "en": "The report of the first cycle's closing conference (19–21 June 2018), with recommendations "
                       "for the partnership's next cycles."},
        files={"sl": "harvesting-porocilo-sl.pdf", "en": "harvesting-report-en.pdf"},
    ),
]


def _entry(agency, data: dict, events: dict) -> None:
    if Resource.objects.filter(agency=agency, title__en=data["title"]["en"]).exists():
        return
    cycle = Cycle.objects.filter(partnership__slug=PARTNERSHIP, name=data["cycle"]).first()
    strand = Strand.objects.filter(partnership__slug=PARTNERSHIP, name__en=data["strand"]).first()
    group = (WorkingGroup.objects.filter(agency=agency, name__en=data["working_group"]).first()
             if data.get("working_group") else None)
    resource = resource_create(actor=None, system=True, agency=agency, data={
        "kind": data["kind"], "title": data["title"], "summary": data["summary"],
        "published_on": data["published_on"], "licence": Resource.Licence.CC_BY_SA, "cycle": cycle,
        "strand": strand, "working_group": group, "event": events.get(data.get("event", "")),
        "target_groups": TargetGroup.objects.filter(code__in=data["target_groups"]),
        "themes": Theme.objects.filter(code__in=data["themes"]),
    })
    for language, name in data["files"].items():
        version = version_upload(actor=None, system=True, resource=resource, language=language,
                                 upload=ContentFile((FILES / name).read_bytes(), name=name))
        version_read(version_id=version.pk)  # at once: the demo does not wait for a worker
    resource_publish(actor=None, system=True, resource=resource)


@step(order=65)
def add_library(ctx: DemoContext) -> None:
    agency = ctx.agencies["movit"]
    for data in ENTRIES:
        _entry(agency, data, getattr(ctx, "events", {}) or {})
