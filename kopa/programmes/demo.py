"""Demo agencies, partnerships, strands, cycles, working groups and projects, from the public seed pages.

Everything is found by its natural key before it is created (agency and partnership slugs, strand and
working-group names, cycle names, project titles), so loading twice adds nothing. Writes go through the
programme services as a system load (no person behind them).
"""

from datetime import date

from kopa.agencies.models import Agency
from kopa.core.demo import DemoContext, step
from kopa.directory.demo import people_at
from kopa.directory.models import TargetGroup
from kopa.programmes import services
from kopa.programmes.models import Cycle, Partnership, Project, Strand, WorkingGroup

# Erasmus+ Youth national agencies of the member countries that have no agency on Kopa.
AGENCY_NAMES = {
    "AT": "OeAD – Agentur für Bildung und Internationalisierung", "BE": "Bureau International Jeunesse",
    "CZ": "Dům zahraniční spolupráce", "DE": "JUGEND für Europa", "EE": "Haridus- ja Noorteamet",
    "FR": "Agence Erasmus+ France Jeunesse & Sport", "GB": "UK National Agency (British Council and Ecorys)",
    "HR": "Agencija za mobilnost i programe EU", "HU": "Tempus Közalapítvány", "IS": "Rannís",
    "IT": "Agenzia Nazionale per i Giovani", "LT": "Jaunimo tarptautinio bendradarbiavimo agentūra",
    "PL": "Fundacja Rozwoju Systemu Edukacji", "PT": "Agência Nacional Erasmus+ Juventude em Ação",
    "RO": "ANPCDEFP",
}

PARTNERSHIPS = [
    dict(
        slug="social-inclusion", coordinator="movit", start=date(2016, 2, 1), end=None,
        name={"en": "Strategic Partnership on Social Inclusion",
              "sl": "Strateško partnerstvo na področju socialnega vključevanja",
              "lv": "Stratēģiskā partnerība sociālās iekļaušanas jautājumos"},
        description={
            "en": "Sixteen national agencies coordinating their work on social inclusion, so that more young "
                  "people with fewer opportunities take part in Erasmus+. Six of the sixteen member countries "
                  "shown here are illustrative: the public sources name ten.",
            "sl": "Šestnajst nacionalnih agencij usklajuje svoje delo na področju socialnega vključevanja, da bi "
                  "se v program Erasmus+ vključilo več mladih z manj priložnostmi. Šest od šestnajstih držav "
                  "članic je navedenih ilustrativno, saj javni viri navajajo deset.",
            "lv": "Sešpadsmit nacionālās aģentūras saskaņo savu darbu sociālās iekļaušanas jomā, lai programmā "
                  "Erasmus+ piedalītos vairāk jauniešu ar ierobežotām iespējām. Sešas no sešpadsmit dalībvalstīm "
                  "ir norādītas ilustratīvi, jo publiskajos avotos nosauktas desmit."},
        members=["SI", "LV", "HU", "IS", "FR", "DE", "EE", ("BE", "Wallonia"), "PT", "RO",
                 "AT", "CZ", "HR", "IT", "LT", "PL"],
        strands=[
            ({"en": "Young people from deprived areas", "sl": "Mladi iz deprivilegiranih območij",
              "lv": "Jaunieši no mazāk attīstītām teritorijām"}, ("geographical", "economic", "social")),
            ({"en": "Early school leavers", "sl": "Mladi osipniki",
              "lv": "Jaunieši, kuri priekšlaicīgi pametuši mācības"}, ("education",)),
            ({"en": "Young people with health problems and disabilities",
              "sl": "Mladi z zdravstvenimi težavami in invalidnostjo",
              "lv": "Jaunieši ar veselības grūtībām un invaliditāti"}, ("health", "disability")),
        ],
        cycles=[("2016–2018", date(2016, 2, 1), date(2018, 6, 30)),
                ("2018–2020", date(2018, 7, 1), date(2020, 12, 31))],
    ),
    dict(
        slug="but-kopa", coordinator="jspa", start=date(2018, 7, 1), end=date(2020, 12, 31),
        name={"en": "Being together (Būt kopā)", "sl": "Biti skupaj (Būt kopā)", "lv": "Būt kopā"},
        description={
            "en": "The Latvian agency's part of the partnership on social inclusion: finding organisations that "
                  "work with young people with health difficulties and disabilities, training and coaching them, "
                  "and supporting international partnerships between them.",
            "sl": "Latvijski del partnerstva za socialno vključevanje: iskanje organizacij, ki delajo z mladimi z "
                  "zdravstvenimi težavami in invalidnostjo, njihovo usposabljanje in podpora mednarodnim "
                  "partnerstvom med njimi.",
            "lv": "Latvijas daļa stratēģiskajā partnerībā sociālās iekļaušanas jautājumos: tiek apzinātas "
                  "organizācijas, kuras strādā ar jauniešiem ar veselības grūtībām un invaliditāti, tās tiek "
                  "apmācītas un atbalstītas starptautisku partnerību veidošanā."},
        members=["LV", "HU", "IS", "FR", "DE", "EE", "SI", ("BE", "Wallonia"), "PT", "RO"],
        strands=[({"en": "Young people with health difficulties and disabilities",
                   "sl": "Mladi z zdravstvenimi težavami in invalidnostjo",
                   "lv": "Jaunieši ar veselības grūtībām un invaliditāti"}, ("health", "disability"))],
        cycles=[("2018–2020", date(2018, 7, 1), date(2020, 12, 31))],
    ),
    dict(
        slug="neet", coordinator="jspa", start=date(2018, 1, 1), end=date(2020, 12, 31),
        name={"en": "International projects as a method for working with young people in a NEET situation",
              "sl": "Mednarodni projekti kot metoda dela z mladimi v položaju NEET",
              "lv": "Starptautiski projekti kā metode darbā ar jauniešiem NEET situācijā"},
        description={
            "en": "Pairing institutions that work with young people in a NEET situation every day with "
                  "organisations experienced in Erasmus+, to start new joint international projects.",
            "sl": "Povezovanje ustanov, ki vsak dan delajo z mladimi v položaju NEET, z organizacijami z "
                  "izkušnjami v programu Erasmus+, da začnejo nove skupne mednarodne projekte.",
            "lv": "Institūciju, kuras ikdienā strādā ar jauniešiem NEET situācijā, sadarbība ar programmā "
                  "Erasmus+ pieredzējušām organizācijām, lai uzsāktu jaunus kopīgus starptautiskus projektus."},
        members=["LV", "EE", "CZ", "AT", "PT", "RO", "GB", "IT", "FR"],
        strands=[({"en": "Young people in a NEET situation", "sl": "Mladi v položaju NEET",
                   "lv": "Jaunieši NEET situācijā"}, ("neet",))],
        cycles=[("2018–2019", date(2018, 9, 1), date(2019, 7, 31)),
                ("2019–2020", date(2019, 8, 1), date(2020, 7, 31))],
    ),
]

WORKING_GROUPS = {
    "mreza-mama": [
        ({"en": "Information", "sl": "Informiranje", "lv": "Informēšana"},
         {"en": "Youth information in youth centres", "sl": "Mladinsko informiranje v mladinskih centrih",
          "lv": "Jauniešu informēšana jauniešu centros"}),
        ({"en": "Promotion", "sl": "Promocija", "lv": "Popularizēšana"},
         {"en": "Making youth work and youth centres visible",
          "sl": "Prepoznavnost mladinskega dela in mladinskih centrov",
          "lv": "Jaunatnes darba un jauniešu centru atpazīstamība"}),
        ({"en": "Training and education", "sl": "Usposabljanje in izobraževanje", "lv": "Apmācības un izglītība"},
         {"en": "Training for youth workers", "sl": "Usposabljanje mladinskih delavcev",
          "lv": "Jaunatnes darbinieku apmācības"}),
        ({"en": "Local youth policy", "sl": "Oblikovanje lokalnih politik", "lv": "Vietējā jaunatnes politika"},
         {"en": "Youth policy in municipalities", "sl": "Mladinske politike v občinah",
          "lv": "Jaunatnes politika pašvaldībās"}),
    ],
    "movit": [
        ({"en": "Working group on social inclusion", "sl": "Delovna skupina za socialno vključevanje",
          "lv": "Darba grupa sociālās iekļaušanas jautājumos"},
         {"en": "Guidelines for projects with young people with fewer opportunities and special needs",
          "sl": "Smernice za projekte z mladimi z manj priložnostmi in posebnimi potrebami",
          "lv": "Vadlīnijas projektiem ar jauniešiem ar ierobežotām iespējām un īpašām vajadzībām"}),
    ],
}

APPROXIMATE = {"en": "Dates are approximate.", "sl": "Datumi so približni.", "lv": "Datumi ir aptuveni."}


def _texts(main: dict, extra: dict | None = None) -> dict:
    if not extra:
        return main
    return {code: f"{text} {extra[code]}" if code in extra else text for code, text in main.items()}


# Projects of the youth network, from its published half-year plan, and the Interreg project 2SoKrog.
NETWORK_PROJECTS = [
    dict(title={"en": "Youth Workers' Network", "sl": "Mreža mladinskih delavcev",
                "lv": "Jaunatnes darbinieku tīkls"},
         description=_texts({"en": "A 24-month strategic partnership for the professionalisation of youth work, "
                                   "with partners from Slovenia, Sweden and Croatia.",
                             "sl": "Štiriindvajsetmesečno strateško partnerstvo za profesionalizacijo "
                                   "mladinskega dela s partnerji iz Slovenije, Švedske in Hrvaške."}),
         programme="erasmus_plus", action="KA205", lead="mreza-mama", start=date(2019, 9, 1),
         end=date(2021, 8, 31), status="completed", partners=["ywn-si", "ywn-se", "ywn-hr"]),
    dict(title={"en": "Smart Youth Work in Youth Centres", "sl": "Pametno mladinsko delo v mladinskih centrih",
                "lv": "Vieds jaunatnes darbs jauniešu centros"},
         description=_texts({"en": "A strategic partnership with partners from Estonia, Germany and Finland, "
                                   "closing in 2020 with a multiplier event.",
                             "sl": "Strateško partnerstvo s partnerji iz Estonije, Nemčije in Finske, ki se "
                                   "zaključi leta 2020 z diseminacijskim dogodkom."}, APPROXIMATE),
         programme="erasmus_plus", action="KA205", lead="mreza-mama", start=date(2018, 9, 1),
         end=date(2020, 8, 31), status="completed", partners=["smart-ee", "smart-de", "smart-fi"]),
    dict(title={"en": "Be a Hero", "sl": "Be a Hero", "lv": "Be a Hero"},
         description=_texts({"en": "A strategic partnership on road safety in youth work, coordinated by Zavod "
                                   "VOZIM with partners from Portugal and Belgium.",
                             "sl": "Strateško partnerstvo o prometni varnosti v mladinskem delu, ki ga vodi "
                                   "Zavod VOZIM s partnerji iz Portugalske in Belgije."}, APPROXIMATE),
         programme="erasmus_plus", action="KA205", lead="vozim", start=date(2019, 10, 1),
         end=date(2021, 9, 30), status="completed", partners=["mreza-mama", "hero-pt", "hero-be"]),
    dict(title={"en": "EUYOU", "sl": "EUYOU", "lv": "EUYOU"}, acronym="EUYOU",
         description=_texts({"en": "Promoting the civic rights of mobile EU citizens, especially young people, "
                                   "and their inclusion in local democratic communities.",
                             "sl": "Promocija državljanskih pravic mobilnih državljanov EU, zlasti mladih, in "
                                   "njihova vključitev v lokalne demokratične skupnosti."}, APPROXIMATE),
         programme="rec", action="", lead="mreza-mama", start=date(2019, 11, 1), end=date(2021, 10, 31),
         status="completed", partners=["ipm", "m-komunikacije"]),
    dict(title={"en": "We Are All EU", "sl": "Vsi smo EU", "lv": "Mēs visi esam ES"},
         description=_texts({"en": "A youth dialogue project connecting young people with Members of the "
                                   "European Parliament, closing with a national conference.",
                             "sl": "Projekt mladinskega dialoga, ki mlade povezuje z evropskimi poslanci in se "
                                   "zaključi z nacionalno konferenco."}, APPROXIMATE),
         programme="erasmus_plus", action="KA347", lead="mreza-mama", start=date(2019, 3, 1),
         end=date(2020, 2, 28), status="completed", partners=[]),
    dict(title={"en": "Social activation for a healthy, safe and more accessible cross-border area",
                "sl": "Socialna aktivacija za zagotavljanje zdravega, varnega in dostopnejšega čezmejnega "
                      "območja"},
         acronym="2SoKrog",
         description={"en": "An Interreg Slovenia–Croatia project on social activation. The Ormož reuse centre "
                            "is a partner; the other partners shown are illustrative.",
                      "sl": "Projekt Interreg Slovenija–Hrvaška o socialni aktivaciji. Center ponovne uporabe "
                            "Ormož je partner; drugi prikazani partnerji so ilustrativni."},
         programme="interreg", action="", lead="bistra", start=None, end=None, status="completed",
         partners=["cpu-ormoz", "sokrog-hr"]),
]

ILLUSTRATIVE_PROJECT = {"en": "Illustrative project in the demo data.",
                        "sl": "Ilustrativni projekt v demo podatkih.",
                        "lv": "Ilustratīvs projekts demonstrācijas datos."}
# Projects that came out of the agencies' outreach, with invented titles, on generated organisations.
OUTREACH_PROJECTS = [
    ("movit", "social-inclusion", "2016–2018", {"en": "Bridges Across the Valley", "sl": "Mostovi čez dolino"},
     "KA105", date(2017, 5, 1), date(2018, 4, 30), "completed"),
    ("movit", "social-inclusion", "2016–2018", {"en": "Our Street, Our Europe", "sl": "Naša ulica, naša Evropa"},
     "KA105", date(2017, 9, 1), date(2018, 8, 31), "completed"),
    ("movit", "social-inclusion", "2018–2020", {"en": "Sport Without Barriers", "sl": "Šport brez ovir"},
     "KA105", date(2019, 6, 1), date(2020, 5, 31), "completed"),
    ("jspa", "neet", "2018–2019", {"en": "First Steps Abroad", "lv": "Pirmie soļi ārzemēs"},
     "KA105", date(2019, 3, 1), date(2019, 12, 31), "completed"),
    ("jspa", "neet", "2019–2020", {"en": "Skills for the Next Job", "lv": "Prasmes nākamajam darbam"},
     "KA105", date(2020, 2, 1), date(2021, 1, 31), "approved"),
]


def _partnership(data: dict, agencies: dict[str, Agency]) -> Partnership:
    partnership = Partnership.objects.filter(slug=data["slug"]).first()
    if partnership is None:
        partnership = services.partnership_create(actor=None, system=True, data={
            "slug": data["slug"], "name": data["name"], "description": data["description"],
            "coordinator": agencies[data["coordinator"]], "start": data["start"], "end": data["end"]})
    on_kopa = {agency.country.code: agency for agency in agencies.values()
               if agency.kind == Agency.Kind.NATIONAL_AGENCY}
    present = set(partnership.members.values_list("country", "region"))
    for member in data["members"]:
        country, region = member if isinstance(member, tuple) else (member, "")
        if (country, region) in present:
            continue
        services.partnership_member_add(
            actor=None, system=True, partnership=partnership, country=country, region=region,
            agency=on_kopa.get(country), agency_name="" if country in on_kopa else AGENCY_NAMES[country])
    for name, codes in data["strands"]:
        if not Strand.objects.filter(partnership=partnership, name__en=name["en"]).exists():
            services.strand_create(actor=None, system=True, partnership=partnership, data={
                "name": name, "target_groups": list(TargetGroup.objects.filter(code__in=codes))})
    for name, start, end in data["cycles"]:
        if not Cycle.objects.filter(partnership=partnership, name=name).exists():
            services.cycle_create(actor=None, system=True, partnership=partnership,
                                  data={"name": name, "start": start, "end": end})
    return partnership


def _working_groups(agencies: dict[str, Agency], people_by_agency: dict[str, list]) -> None:
    for slug, groups in WORKING_GROUPS.items():
        people = people_by_agency.get(slug, [])
        for index, (name, theme) in enumerate(groups):
            if WorkingGroup.objects.filter(agency=agencies[slug], name__en=name["en"]).exists():
                continue
            members = people[index * 3:index * 3 + 3]
            services.working_group_create(actor=None, system=True, agency=agencies[slug],
                                          data={"name": name, "theme": theme, "members": members})


def _project(agency: Agency, data: dict, organisations: dict) -> None:
    if Project.objects.filter(agency=agency, title__en=data["title"]["en"]).exists():
        return
    services.project_create(actor=None, system=True, agency=agency, data={
        "title": data["title"], "description": data["description"], "acronym": data.get("acronym", ""),
        "programme": data["programme"], "action": data["action"], "lead": organisations[data["lead"]],
        "start": data["start"], "end": data["end"], "status": data["status"], "cycle": data.get("cycle"),
        "partners": [(organisations[key], None) for key in data["partners"]],
    })


def load(*, agencies: dict[str, Agency], organisations: dict, leads: dict[str, list],
         people_by_agency: dict[str, list]) -> None:
    """Partnerships, strands, cycles, working groups and projects.

    `organisations`: the organisations named in the seeds by key; `leads`: generated organisations that
    may lead the illustrative outreach projects, by agency slug; `people_by_agency`: people who may sit
    in each agency's working groups.
    """
    partnerships = {data["slug"]: _partnership(data, agencies) for data in PARTNERSHIPS}
    _working_groups(agencies, people_by_agency)
    for data in NETWORK_PROJECTS:
        _project(agencies["mreza-mama"], data, organisations)
    for index, (slug, partnership, cycle, title, action, start, end, status) in enumerate(OUTREACH_PROJECTS):
        candidates = leads.get(slug) or []
        if not candidates:
            continue
        lead = candidates[index % len(candidates)]
        _project(agencies[slug], {
            "title": title, "description": ILLUSTRATIVE_PROJECT, "programme": "erasmus_plus", "action": action,
            "lead": "lead", "start": start, "end": end, "status": status, "partners": [],
            "cycle": Cycle.objects.get(partnership=partnerships[partnership], name=cycle),
        }, {"lead": lead})


@step(order=40)
def add_programmes(ctx: DemoContext) -> None:
    directory = ctx.directory
    load(
        agencies=ctx.agencies,
        organisations=directory.organisations,
        leads={
            "movit": [o for o in directory.generated if o.country == "SI" and o.experience != "none"],
            "jspa": [o for o in directory.generated if o.country == "LV" and o.experience != "none"],
        },
        people_by_agency={
            "mreza-mama": people_at(directory, country="SI",
                                    types=("youth_centre", "ngo", "informal_group"), limit=12),
            "movit": people_at(directory, country="SI", types=("ngo", "school"), limit=3),
        },
    )
