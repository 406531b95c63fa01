"""The demo agencies: the Slovenian and Latvian national agencies and the Slovenian youth-centre network."""

from django.db.models import Q

from kopa.agencies.models import Agency
from kopa.core.demo import DemoContext, step

AGENCIES = [
    dict(slug="movit", name="Zavod MOVIT", short_name="MOVIT", kind=Agency.Kind.NATIONAL_AGENCY, country="SI",
         website="https://www.movit.si",
         description={"en": "The Slovenian national agency for Erasmus+: Youth in Action and the European "
                            "Solidarity Corps.",
                      "sl": "Slovenska nacionalna agencija programov Erasmus+: Mladi v akciji in Evropska "
                            "solidarnostna enota."}),
    dict(slug="jspa", name="Jaunatnes starptautisko programmu aģentūra", short_name="JSPA",
         kind=Agency.Kind.NATIONAL_AGENCY, country="LV", website="https://www.jaunatne.gov.lv",
         description={"en": "The Latvian national agency for Erasmus+: Youth in Action and the European "
                            "Solidarity Corps.",
                      "lv": "Latvijas nacionālā aģentūra programmām “Erasmus+: Jaunatne darbībā” un “Eiropas "
                            "Solidaritātes korpuss”."}),
    dict(slug="mreza-mama", name="Mladinska mreža MaMa", short_name="Mreža MaMa", kind=Agency.Kind.NETWORK,
         country="SI", website="https://www.mreza-mama.si",
         description={"en": "The Slovenian network of youth centres.",
                      "sl": "Slovenska mreža mladinskih centrov."}),
]


def load_agencies() -> dict[str, Agency]:
    """The three demo agencies, by slug."""
    agencies = {}
    for data in AGENCIES:
        # By slug, or by name for a database filled by an earlier version of the demo.
        agency = Agency.objects.filter(Q(slug=data["slug"]) | Q(name=data["name"])).order_by("pk").first()
        agencies[data["slug"]] = agency or Agency.objects.create(**data)
    return agencies


@step(order=10)
def add_agencies(ctx: DemoContext) -> None:
    ctx.agencies = load_agencies()
