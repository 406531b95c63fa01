"""Demo organisations and people: plausible, invented, and the same on every run.

Organisations named in the public seed documents (the youth network Mreža MaMa, the Ormož reuse
centre and the other project organisations) appear under their public names without invented
identifiers. Every other organisation and every person is invented; towns and regions are real.
Running `load` again adds nothing: organisations are found by OID (or by name and city), people by
e-mail address.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify

from kopa.core.demo import DemoContext, step
from kopa.directory.models import (
    Affiliation,
    ConsentRecord,
    DataProtectionRequest,
    Language,
    Organisation,
    Person,
    TargetGroup,
    Theme,
)
from kopa.directory.organisations.bulk import (
    organisation_links_bulk_create,
    organisations_bulk_create,
)
from kopa.directory.organisations.services import representative_request
from kopa.directory.rules import dp_due_on, normalise

SEED = 2016
GENERATED_COUNT = 190  # plus the newcomers below and the organisations named in the seeds: about 250 in all
# Slovenian organisations in smaller towns that had never taken part in the programme: those the
# Slovenian agency's outreach of 2016–2018 reached (kopa/outreach/demo.py). Generated after the others,
# from their own random stream, so that adding them changed none of the organisations above.
NEWCOMER_COUNT = 52
DEMO_SOURCE = "Demo data"

# Slovenia: town, statistical region, postcode, has an ordinary (not urban) municipality.
SI_TOWNS = [
    ("Ljubljana", "Osrednjeslovenska", "1000", False), ("Maribor", "Podravska", "2000", False),
    ("Celje", "Savinjska", "3000", False), ("Kranj", "Gorenjska", "4000", False),
    ("Koper", "Obalno-kraška", "6000", False), ("Novo mesto", "Jugovzhodna Slovenija", "8000", False),
    ("Velenje", "Savinjska", "3320", False), ("Ptuj", "Podravska", "2250", False),
    ("Murska Sobota", "Pomurska", "9000", False), ("Nova Gorica", "Goriška", "5000", False),
    ("Trbovlje", "Zasavska", "1420", True), ("Krško", "Posavska", "8270", False),
    ("Postojna", "Primorsko-notranjska", "6230", True), ("Slovenj Gradec", "Koroška", "2380", False),
    ("Ormož", "Podravska", "2270", True), ("Laško", "Savinjska", "3270", True),
    ("Bled", "Gorenjska", "4260", True), ("Ravne na Koroškem", "Koroška", "2390", True),
    ("Idrija", "Goriška", "5280", True), ("Kočevje", "Jugovzhodna Slovenija", "1330", True),
    ("Lendava", "Pomurska", "9220", True), ("Brežice", "Posavska", "8250", True),
    ("Jesenice", "Gorenjska", "4270", True), ("Škofja Loka", "Gorenjska", "4220", True),
    ("Izola", "Obalno-kraška", "6310", True), ("Sežana", "Obalno-kraška", "6210", True),
    ("Domžale", "Osrednjeslovenska", "1230", True), ("Kamnik", "Osrednjeslovenska", "1241", True),
    ("Zagorje ob Savi", "Zasavska", "1410", True), ("Hrastnik", "Zasavska", "1430", True),
    ("Ilirska Bistrica", "Primorsko-notranjska", "6250", True),
    ("Črnomelj", "Jugovzhodna Slovenija", "8340", True), ("Ajdovščina", "Goriška", "5270", True),
    ("Slovenska Bistrica", "Podravska", "2310", True), ("Ljutomer", "Pomurska", "9240", True),
]

# Latvia: town, statistical region, postcode, genitive (for names), centre of a county (novads).
LV_TOWNS = [
    ("Rīga", "Rīga", "LV-1050", "Rīgas", False), ("Daugavpils", "Latgale", "LV-5401", "Daugavpils", False),
    ("Rēzekne", "Latgale", "LV-4601", "Rēzeknes", False), ("Ludza", "Latgale", "LV-5701", "Ludzas", True),
    ("Krāslava", "Latgale", "LV-5601", "Krāslavas", True), ("Preiļi", "Latgale", "LV-5301", "Preiļu", True),
    ("Balvi", "Latgale", "LV-4501", "Balvu", True), ("Liepāja", "Kurzeme", "LV-3401", "Liepājas", False),
    ("Ventspils", "Kurzeme", "LV-3601", "Ventspils", False), ("Kuldīga", "Kurzeme", "LV-3301", "Kuldīgas", True),
    ("Talsi", "Kurzeme", "LV-3201", "Talsu", True), ("Saldus", "Kurzeme", "LV-3801", "Saldus", True),
    ("Jelgava", "Zemgale", "LV-3001", "Jelgavas", False), ("Bauska", "Zemgale", "LV-3901", "Bauskas", True),
    ("Dobele", "Zemgale", "LV-3701", "Dobeles", True), ("Jēkabpils", "Zemgale", "LV-5201", "Jēkabpils", False),
    ("Aizkraukle", "Zemgale", "LV-5101", "Aizkraukles", True),
    ("Valmiera", "Vidzeme", "LV-4201", "Valmieras", False), ("Cēsis", "Vidzeme", "LV-4101", "Cēsu", True),
    ("Madona", "Vidzeme", "LV-4801", "Madonas", True), ("Gulbene", "Vidzeme", "LV-4401", "Gulbenes", True),
    ("Alūksne", "Vidzeme", "LV-4301", "Alūksnes", True), ("Smiltene", "Vidzeme", "LV-4729", "Smiltenes", True),
    ("Sigulda", "Pierīga", "LV-2150", "Siguldas", True), ("Ogre", "Pierīga", "LV-5001", "Ogres", True),
    ("Jūrmala", "Pierīga", "LV-2015", "Jūrmalas", False), ("Salaspils", "Pierīga", "LV-2121", "Salaspils", True),
    ("Olaine", "Pierīga", "LV-2114", "Olaines", True),
]

# Other countries of the partnerships and projects: town and region.
OTHER_TOWNS = {
    "HU": [("Budapest", "Budapest"), ("Pécs", "Baranya"), ("Debrecen", "Hajdú-Bihar"), ("Miskolc", "Borsod-Abaúj-Zemplén")],
    "IS": [("Reykjavík", "Capital Region"), ("Akureyri", "Northeast"), ("Ísafjörður", "Westfjords")],
    "FR": [("Lyon", "Auvergne-Rhône-Alpes"), ("Lille", "Hauts-de-France"), ("Marseille", "Provence-Alpes-Côte d'Azur"), ("Rennes", "Bretagne")],
    "DE": [("Frankfurt am Main", "Hessen"), ("Leipzig", "Sachsen"), ("Bremen", "Bremen"), ("Köln", "Nordrhein-Westfalen")],
    "EE": [("Tallinn", "Harju County"), ("Tartu", "Tartu County"), ("Narva", "Ida-Viru County"), ("Pärnu", "Pärnu County")],
    "BE": [("Liège", "Wallonia"), ("Namur", "Wallonia"), ("Charleroi", "Wallonia"), ("Mons", "Wallonia")],
    "PT": [("Lisboa", "Lisboa"), ("Porto", "Norte"), ("Braga", "Norte"), ("Coimbra", "Centro"), ("Faro", "Algarve")],
    "RO": [("Cluj-Napoca", "Cluj"), ("Iași", "Iași"), ("Timișoara", "Timiș"), ("Brașov", "Brașov")],
    "CZ": [("Praha", "Prague"), ("Brno", "South Moravian Region"), ("Ostrava", "Moravian-Silesian Region")],
    "AT": [("Wien", "Wien"), ("Graz", "Steiermark"), ("Linz", "Oberösterreich"), ("Innsbruck", "Tirol")],
    "GB": [("Manchester", "England"), ("Glasgow", "Scotland"), ("Cardiff", "Wales"), ("Belfast", "Northern Ireland")],
    "IT": [("Bologna", "Emilia-Romagna"), ("Torino", "Piemonte"), ("Napoli", "Campania"), ("Palermo", "Sicilia")],
    "SE": [("Stockholm", "Stockholm County"), ("Göteborg", "Västra Götaland County"), ("Umeå", "Västerbotten County")],
    "HR": [("Zagreb", "City of Zagreb"), ("Varaždin", "Varaždin County"), ("Čakovec", "Međimurje County"), ("Rijeka", "Primorje-Gorski Kotar County")],
    "FI": [("Helsinki", "Uusimaa"), ("Tampere", "Pirkanmaa"), ("Oulu", "North Ostrobothnia")],
}
LOCAL_LANGUAGE = {
    "SI": "sl", "LV": "lv", "HU": "hu", "IS": "is", "FR": "fr", "DE": "de", "EE": "et", "BE": "fr", "PT": "pt",
    "RO": "ro", "CZ": "cs", "AT": "de", "GB": "en", "IT": "it", "SE": "sv", "HR": "hr", "FI": "fi",
}


@dataclass(frozen=True)
class Kind:
    """A kind of organisation: type, name pattern, description and likely target groups and themes."""

    type: str
    name: str
    en: str
    local: str
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]


YOUTH_CENTRE_EN = "A youth centre offering open youth work, workshops and support for young people's own initiatives."
DISABILITY_EN = "An association supporting young people with disabilities to take part in leisure, learning and international activities."
MENTAL_HEALTH_EN = "An organisation offering peer support and workshops on mental health for young people."
VOCATIONAL_EN = "A vocational school working to keep students at risk of dropping out in education."
SOCIAL_ENTERPRISE_EN = "A social enterprise that trains and employs young people in repair, reuse and gardening."
INFORMAL_EN = "An informal group of young people organising local cultural and volunteering activities."
ASSOCIATION_EN = "An association of young people running volunteering, leisure and international youth exchange projects."

SI_KINDS = [
    Kind("youth_centre", "Mladinski center {city}", YOUTH_CENTRE_EN,
         "Mladinski center, ki nudi odprto mladinsko delo, delavnice in podporo pobudam mladih.",
         ("geographical", "social", "economic", "neet"), ("youth_work", "participation", "culture")),
    Kind("ngo", "Društvo prijateljev mladine {city}",
         "An association running leisure and holiday programmes for children and young people, including "
         "those from families with low income.",
         "Društvo, ki izvaja prostočasne in počitniške programe za otroke in mlade, tudi za tiste iz družin "
         "z nizkimi dohodki.",
         ("economic", "social", "geographical"), ("participation", "sport", "solidarity")),
    Kind("ngo", "Društvo za vključevanje mladih z invalidnostjo {city}", DISABILITY_EN,
         "Društvo, ki mladim z invalidnostjo pomaga pri vključevanju v prostočasne, izobraževalne in "
         "mednarodne dejavnosti.",
         ("disability", "health"), ("inclusion", "sport", "culture")),
    Kind("ngo", "Zavod za duševno zdravje mladih {city}", MENTAL_HEALTH_EN,
         "Zavod, ki mladim nudi medvrstniško podporo in delavnice o duševnem zdravju.",
         ("health", "social"), ("mental_health", "inclusion")),
    Kind("school", "Srednja poklicna šola {city}", VOCATIONAL_EN,
         "Srednja poklicna šola, ki si prizadeva, da dijaki, ki jim grozi osip, ostanejo v izobraževanju.",
         ("education", "neet"), ("employment", "digital")),
    Kind("school", "Ljudska univerza {city}",
         "An adult-education centre running programmes for young people who left school early.",
         "Ljudska univerza, ki izvaja programe za mlade, ki so predčasno opustili šolanje.",
         ("education", "neet", "economic"), ("employment", "digital", "youth_work")),
    Kind("municipality", "Občina {city}",
         "The municipality's youth office, which supports local youth work and youth participation.",
         "Občinska služba za mlade, ki podpira lokalno mladinsko delo in participacijo mladih.",
         ("geographical", "economic"), ("participation", "rural")),
    Kind("public_body", "Javni zavod za kulturo, šport in mladino {city}",
         "A public institute running cultural, sports and youth programmes in the municipality.",
         "Javni zavod, ki v občini izvaja kulturne, športne in mladinske programe.",
         ("geographical", "social"), ("culture", "sport", "youth_work")),
    Kind("social_enterprise", "Zadruga Ponovno {city}", SOCIAL_ENTERPRISE_EN,
         "Socialno podjetje, ki mlade usposablja in zaposluje na področju popravil, ponovne uporabe in "
         "vrtnarjenja.",
         ("economic", "neet", "social"), ("employment", "environment")),
    Kind("informal_group", "Mladi za mlade {city}", INFORMAL_EN,
         "Neformalna skupina mladih, ki organizira lokalne kulturne in prostovoljske dejavnosti.",
         ("geographical", "cultural"), ("culture", "solidarity", "participation")),
    Kind("ngo", "Društvo mladih Romov {city}",
         "An association of young Roma supporting education, employment and inclusion in the local community.",
         "Društvo mladih Romov, ki podpira izobraževanje, zaposlovanje in vključevanje v lokalno skupnost.",
         ("cultural", "discrimination", "education"), ("inclusion", "employment")),
]

LV_KINDS = [
    Kind("youth_centre", "{gen} jauniešu centrs", YOUTH_CENTRE_EN,
         "Jauniešu centrs, kas piedāvā atvērto jaunatnes darbu, neformālo izglītību un atbalstu jauniešu "
         "iniciatīvām.",
         ("geographical", "social", "economic", "neet"), ("youth_work", "participation", "culture")),
    Kind("ngo", "{gen} jauniešu biedrība", ASSOCIATION_EN,
         "Jauniešu biedrība, kas īsteno brīvprātīgā darba, brīvā laika un starptautisku jauniešu apmaiņu "
         "projektus.",
         ("geographical", "social"), ("solidarity", "participation", "sport")),
    Kind("ngo", "{gen} biedrība cilvēkiem ar invaliditāti", DISABILITY_EN,
         "Biedrība, kas atbalsta jauniešus ar invaliditāti, lai viņi varētu piedalīties brīvā laika, mācību "
         "un starptautiskās aktivitātēs.",
         ("disability", "health"), ("inclusion", "sport", "culture")),
    Kind("ngo", "{gen} garīgās veselības atbalsta biedrība", MENTAL_HEALTH_EN,
         "Biedrība, kas sniedz vienaudžu atbalstu un rīko nodarbības par garīgo veselību jauniešiem.",
         ("health", "social"), ("mental_health", "inclusion")),
    Kind("school", "{gen} tehnikums", VOCATIONAL_EN,
         "Profesionālās izglītības iestāde, kas palīdz izglītībā noturēt audzēkņus, kuriem ir risks "
         "pārtraukt mācības.",
         ("education", "neet"), ("employment", "digital")),
    Kind("municipality", "{gen} novada pašvaldība",
         "The municipality's youth affairs specialists, who support local youth work and youth participation.",
         "Pašvaldības jaunatnes lietu speciālisti, kas atbalsta vietējo jaunatnes darbu un jauniešu līdzdalību.",
         ("geographical", "economic"), ("participation", "rural")),
    Kind("public_body", "{gen} sociālais dienests",
         "The local social service, working with young people in a NEET situation and families with low "
         "income.",
         "Vietējais sociālais dienests, kas strādā ar jauniešiem NEET situācijā un ģimenēm ar zemiem "
         "ienākumiem.",
         ("neet", "economic", "social"), ("employment", "inclusion")),
    Kind("social_enterprise", "SIA “{gen} sociālās darbnīcas”",
         "A social enterprise that trains and employs young people in crafts, repair and reuse.",
         "Sociālais uzņēmums, kas apmāca un nodarbina jauniešus amatniecībā, remontā un atkārtotā izmantošanā.",
         ("economic", "neet", "social"), ("employment", "environment")),
    Kind("informal_group", "{gen} jauniešu iniciatīvas grupa", INFORMAL_EN,
         "Neformāla jauniešu grupa, kas rīko vietējus kultūras un brīvprātīgā darba pasākumus.",
         ("geographical", "cultural"), ("culture", "solidarity", "participation")),
]

_YOUTH = ("geographical", "social", "economic", "neet", "disability")
OTHER_KINDS = {
    "DE": [("youth_centre", "Jugendzentrum {city}"), ("ngo", "Inklusive Jugendarbeit {city} e.V.")],
    "AT": [("youth_centre", "Jugendzentrum {city}"), ("ngo", "Verein Inklusive Jugendarbeit {city}")],
    "FR": [("youth_centre", "Maison des jeunes de {city}"), ("ngo", "Association Jeunesse Solidaire {city}")],
    "BE": [("youth_centre", "Maison de jeunes de {city}"), ("ngo", "ASBL Jeunesse et Inclusion {city}")],
    "IT": [("youth_centre", "Centro giovani {city}"), ("social_enterprise", "Cooperativa sociale Insieme {city}")],
    "PT": [("ngo", "Associação Juvenil de {city}"), ("youth_centre", "Centro de Juventude de {city}")],
}
ENGLISH_KINDS = [
    ("ngo", "{city} Youth Inclusion Association"), ("youth_centre", "{city} Youth Centre"),
    ("social_enterprise", "{city} Social Cooperative for Young People"),
]
ENGLISH_DESCRIPTIONS = {
    "ngo": ASSOCIATION_EN, "youth_centre": YOUTH_CENTRE_EN, "social_enterprise": SOCIAL_ENTERPRISE_EN,
}

ACCESSIBILITY_PARTIAL = {
    "en": "The ground floor is accessible; there is no lift to the first floor.",
    "sl": "Pritličje je dostopno; do prvega nadstropja ni dvigala.",
    "lv": "Pirmais stāvs ir pieejams; uz otro stāvu nav lifta.",
}

# Organisations named in the seed documents (public facts), and illustrative project partners.
NAMED_ORGANISATIONS = {
    "mreza-mama": dict(
        legal_name="Mladinska mreža MaMa", type="ngo", country="SI", city="Ljubljana", region="Osrednjeslovenska",
        postcode="1000", experience="experienced", can_host=True, can_send=True, can_coordinate=True,
        public_listing=True, target_groups=("geographical", "social", "economic"),
        themes=("youth_work", "participation"), languages=("sl", "en"),
        description={"en": "The Slovenian network of youth centres: working groups, trainings, international "
                           "projects and the Logbook for documenting youth work.",
                     "sl": "Slovenska mreža mladinskih centrov: delovne skupine, usposabljanja, mednarodni "
                           "projekti in orodje Logbook za beleženje mladinskega dela."}),
    "cpu-ormoz": dict(
        legal_name="Center ponovne uporabe d.o.o., so.p.", type="social_enterprise", country="SI", city="Ormož",
        region="Podravska", postcode="2270", address="Vrazova ulica 9", experience="experienced",
        can_host=True, can_send=True, public_listing=True, target_groups=("economic", "social", "neet"),
        themes=("employment", "environment"), languages=("sl",),
        description={"en": "A social enterprise for reuse and repair; partner in the Interreg Slovenia–Croatia "
                           "project 2SoKrog on social activation.",
                     "sl": "Socialno podjetje za ponovno uporabo in popravila; partner v projektu Interreg "
                           "Slovenija–Hrvaška 2SoKrog o socialni aktivaciji."}),
    "vozim": dict(
        legal_name="Zavod VOZIM", type="ngo", country="SI", city="Ljubljana", region="Osrednjeslovenska",
        experience="experienced", can_coordinate=True, public_listing=True,
        themes=("youth_work",), languages=("sl", "en"),
        description={"en": "Coordinator of the strategic partnership Be a Hero on road safety in youth work.",
                     "sl": "Koordinator strateškega partnerstva Be a Hero o prometni varnosti v mladinskem delu."}),
    "ipm": dict(
        legal_name="Inštitut za politični menedžment", type="ngo", country="SI", city="Ljubljana",
        region="Osrednjeslovenska", experience="experienced", public_listing=False, themes=("participation",),
        languages=("sl", "en"), description={"en": "Partner in the EUYOU project."}),
    "m-komunikacije": dict(
        legal_name="M komunikacije", type="company", country="SI", city="Ljubljana", region="Osrednjeslovenska",
        experience="one_project", public_listing=False, themes=("participation",), languages=("sl",),
        description={"en": "Partner in the EUYOU project."}),
    "bistra": dict(
        legal_name="Znanstveno-raziskovalno središče Bistra Ptuj", type="public_body", country="SI", city="Ptuj",
        region="Podravska", experience="experienced", public_listing=False, themes=("employment",),
        languages=("sl", "hr"),
        description={"en": "Publishes the pages of the 2SoKrog project; shown as its lead partner for "
                           "illustration."}),
}
ILLUSTRATIVE = {"en": "Illustrative partner organisation in the demo data.",
                "sl": "Ilustrativna partnerska organizacija v demo podatkih."}
ILLUSTRATIVE_PARTNERS = {
    "ywn-si": ("Mladinski center Zasavje", "youth_centre", "SI", "Trbovlje", "Zasavska"),
    "ywn-se": ("Ungdomens Hus Umeå", "youth_centre", "SE", "Umeå", "Västerbotten County"),
    "ywn-hr": ("Udruga mladih Čakovec", "ngo", "HR", "Čakovec", "Međimurje County"),
    "smart-ee": ("Tartu Noortekeskus", "youth_centre", "EE", "Tartu", "Tartu County"),
    "smart-de": ("Jugendhaus Leipzig-Ost e.V.", "youth_centre", "DE", "Leipzig", "Sachsen"),
    "smart-fi": ("Tampereen nuorisotalo", "youth_centre", "FI", "Tampere", "Pirkanmaa"),
    "hero-pt": ("Associação Juvenil Estrada Segura", "ngo", "PT", "Braga", "Norte"),
    "hero-be": ("ASBL Jeunes et Mobilité", "ngo", "BE", "Namur", "Wallonia"),
    "sokrog-hr": ("Udruga za socijalnu aktivaciju Međimurje", "ngo", "HR", "Čakovec", "Međimurje County"),
}

SI_FIRST = {"f": ["Maja", "Ana", "Nina", "Eva", "Mojca", "Petra", "Katja", "Tina", "Sara", "Urška", "Špela", "Nataša"],
            "m": ["Luka", "Marko", "Jure", "Matej", "Gregor", "Tomaž", "Žiga", "Rok", "Nejc", "Blaž", "Andrej", "Primož"]}
SI_LAST = ["Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač", "Mlakar", "Kos", "Vidmar",
           "Golob", "Turk", "Božič", "Kralj", "Zupan", "Bizjak", "Hribar", "Korošec", "Rozman", "Kotnik"]
LV_FIRST = {"f": ["Anna", "Laura", "Elīna", "Kristīne", "Ilze", "Līga", "Inese", "Santa", "Marta", "Dace"],
            "m": ["Jānis", "Andris", "Mārtiņš", "Kristaps", "Roberts", "Artūrs", "Toms", "Raivis", "Uldis", "Juris"]}
# Latvian surnames have a masculine and a feminine form.
LV_LAST = [("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"), ("Jansons", "Jansone"),
           ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"), ("Vītols", "Vītola"), ("Zariņš", "Zariņa"),
           ("Pētersons", "Pētersone"), ("Balodis", "Balode"), ("Eglītis", "Eglīte"), ("Kļaviņš", "Kļaviņa")]
OTHER_NAMES = {
    "DE": (["Anna", "Lena", "Lukas", "Jonas"], ["Müller", "Schmidt", "Schneider", "Fischer"]),
    "AT": (["Sarah", "Julia", "Florian", "Tobias"], ["Gruber", "Huber", "Wagner", "Bauer"]),
    "FR": (["Camille", "Léa", "Thomas", "Hugo"], ["Martin", "Bernard", "Dubois", "Moreau"]),
    "BE": (["Marie", "Julie", "Nicolas", "Maxime"], ["Dubois", "Lambert", "Dupont", "Simon"]),
    "IT": (["Giulia", "Chiara", "Marco", "Luca"], ["Rossi", "Russo", "Ferrari", "Esposito"]),
    "PT": (["Ana", "Inês", "João", "Tiago"], ["Silva", "Santos", "Ferreira", "Pereira"]),
    "EE": (["Kadri", "Liis", "Martin", "Rasmus"], ["Tamm", "Saar", "Sepp", "Mägi"]),
    "HR": (["Ivana", "Petra", "Ivan", "Marko"], ["Horvat", "Kovačević", "Babić", "Marić"]),
}
DEFAULT_NAMES = (["Emma", "Sofia", "Daniel", "David"], ["Berg", "Nagy", "Popescu", "Novák"])


@dataclass
class DirectoryDemo:
    """What the directory demo made, for the other demo loaders to refer to."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    generated: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


def _ascii(text: str) -> str:
    return slugify(normalise(text)).replace("-", ".")


def _org_key(country: str, legal_name: str, city: str) -> tuple[str, str, str]:
    return (country, legal_name, city)


def _spec(rnd: random.Random, *, name: str, type: str, country: str, city: str, region: str, postcode: str,
          description: dict, target_pool, theme_pool) -> dict:
    listed = rnd.random() < 0.6
    accessibility = rnd.choices(["unknown", "full", "partial", "none"], [3, 3, 3, 1])[0]
    local = LOCAL_LANGUAGE[country]
    languages = [local]
    if local != "en" and rnd.random() < 0.7:
        languages.append("en")
    if country in ("LV", "EE") and rnd.random() < 0.35:
        languages.append("ru")
    if city in ("Koper", "Izola"):
        languages.append("it")
    if city == "Lendava":
        languages.append("hu")
    experience = rnd.choices(["none", "one_project", "experienced"], [4, 3, 3])[0]
    return dict(
        legal_name=name, type=type, country=country, city=city, region=region, postcode=postcode,
        oid=None if rnd.random() < 0.12 else f"E1{rnd.randrange(10**7):07d}",
        website=f"https://{slugify(normalise(name))[:50]}.example.org",
        email=f"info@{slugify(normalise(name))[:50]}.example.org",
        description=description, experience=experience,
        can_host=rnd.random() < 0.45, can_send=rnd.random() < 0.6,
        can_coordinate=experience == "experienced" and rnd.random() < 0.5,
        accessibility=accessibility,
        accessibility_notes=ACCESSIBILITY_PARTIAL if accessibility == "partial" else {},
        public_listing=listed,
        public_listing_consented_at=(datetime(2019, 1, 7, 9, 0, tzinfo=UTC)
                                     + timedelta(days=rnd.randrange(2200), minutes=rnd.randrange(600))
                                     if listed else None),
        target_groups=tuple(rnd.sample(target_pool, k=min(len(target_pool), rnd.randint(1, 3)))),
        themes=tuple(rnd.sample(theme_pool, k=min(len(theme_pool), rnd.randint(1, 2)))),
        languages=tuple(languages),
    )


def organisation_specs() -> list[dict]:
    """The generated organisations, the same list on every call."""
    rnd = random.Random(SEED)
    specs: list[dict] = []
    seen: set[tuple] = set()
    oids: set[str] = set()

    def add(spec):
        key = _org_key(spec["country"], spec["legal_name"], spec["city"])
        if key in seen:
            return
        while spec["oid"] and spec["oid"] in oids:
            spec["oid"] = f"E1{rnd.randrange(10**7):07d}"
        seen.add(key)
        if spec["oid"]:
            oids.add(spec["oid"])
        specs.append(spec)

    while sum(1 for s in specs if s["country"] == "SI") < 70:
        town, region, postcode, ordinary = rnd.choice(SI_TOWNS[:12] * 2 + SI_TOWNS)
        kind = rnd.choice(SI_KINDS)
        if kind.type == "municipality" and not ordinary:
            continue
        add(_spec(rnd, name=kind.name.format(city=town), type=kind.type, country="SI", city=town,
                  region=region, postcode=postcode, description={"en": kind.en, "sl": kind.local},
                  target_pool=kind.target_groups, theme_pool=kind.themes))
    while sum(1 for s in specs if s["country"] == "LV") < 60:
        town, region, postcode, genitive, county = rnd.choice(LV_TOWNS[:8] * 2 + LV_TOWNS)
        kind = rnd.choice(LV_KINDS)
        if kind.type == "municipality" and not county:
            continue
        name = kind.name.format(gen=genitive)
        if kind.type == "public_body" and county:
            name = f"{genitive} novada sociālais dienests"
        add(_spec(rnd, name=name, type=kind.type, country="LV", city=town, region=region, postcode=postcode,
                  description={"en": kind.en, "lv": kind.local}, target_pool=kind.target_groups,
                  theme_pool=kind.themes))
    countries = sorted(OTHER_TOWNS)
    while len(specs) < GENERATED_COUNT:
        country = countries[len(specs) % len(countries)]
        town, region = rnd.choice(OTHER_TOWNS[country])
        type_, pattern = rnd.choice(OTHER_KINDS.get(country, ENGLISH_KINDS))
        add(_spec(rnd, name=pattern.format(city=town), type=type_, country=country, city=town, region=region,
                  postcode="", description={"en": ENGLISH_DESCRIPTIONS[type_]}, target_pool=_YOUTH,
                  theme_pool=("inclusion", "youth_work", "participation", "employment", "solidarity")))
    newcomers = random.Random(SEED + 2)
    small_towns = [town for town in SI_TOWNS if town[3]]
    wanted = len(specs) + NEWCOMER_COUNT
    while len(specs) < wanted:
        town, region, postcode, _ordinary = newcomers.choice(small_towns)
        kind = newcomers.choice(SI_KINDS)
        spec = _spec(newcomers, name=kind.name.format(city=town), type=kind.type, country="SI", city=town,
                     region=region, postcode=postcode, description={"en": kind.en, "sl": kind.local},
                     target_pool=kind.target_groups, theme_pool=kind.themes)
        spec.update(experience="none", can_coordinate=False)
        add(spec)
    return specs


def _named_specs() -> dict[str, dict]:
    specs = {}
    for key, data in NAMED_ORGANISATIONS.items():
        spec = {"region": "", "postcode": "", "oid": None, "target_groups": (), "themes": (), "languages": (),
                **data}
        spec["public_listing_consented_at"] = (datetime(2020, 1, 15, 10, 0, tzinfo=UTC)
                                               if spec["public_listing"] else None)
        specs[key] = spec
    for key, (name, type_, country, city, region) in ILLUSTRATIVE_PARTNERS.items():
        specs[key] = dict(legal_name=name, type=type_, country=country, city=city, region=region, postcode="",
                          oid=None, experience="experienced", can_host=True, can_send=True, public_listing=False,
                          public_listing_consented_at=None, description=ILLUSTRATIVE,
                          target_groups=("social",), themes=("youth_work",),
                          languages=(LOCAL_LANGUAGE[country], "en"))
    return specs


LIST_KEYS = ("target_groups", "themes", "languages")


def _create_organisations(specs: list[dict], agencies) -> list[Organisation]:
    """The organisations of `specs`, creating those that do not exist yet (found by OID or name and city)."""
    existing = {
        _org_key(country, name, city): pk
        for pk, country, name, city in Organisation.objects.values_list("pk", "country", "legal_name", "city")
    }
    existing_oids = dict(Organisation.objects.exclude(oid=None).values_list("oid", "pk"))
    new, new_specs = [], []
    for spec in specs:
        key = _org_key(spec["country"], spec["legal_name"], spec["city"])
        if key in existing or (spec["oid"] and spec["oid"] in existing_oids):
            continue
        new.append(Organisation(**{k: v for k, v in spec.items() if k not in LIST_KEYS}))
        new_specs.append(spec)
    organisations_bulk_create(new)

    ids = {
        "target_groups": dict(TargetGroup.objects.values_list("code", "pk")),
        "themes": dict(Theme.objects.values_list("code", "pk")),
        "working_languages": dict(Language.objects.values_list("code", "pk")),
    }
    pairs: dict[str, list] = {name: [] for name in (*ids, "agencies")}
    for org, spec in zip(new, new_specs, strict=True):
        pairs["target_groups"] += [(org.pk, ids["target_groups"][c]) for c in spec["target_groups"]]
        pairs["themes"] += [(org.pk, ids["themes"][c]) for c in spec["themes"]]
        pairs["working_languages"] += [(org.pk, ids["working_languages"][c]) for c in spec["languages"]]
        pairs["agencies"] += [(org.pk, agency.pk) for agency in _inventories(org, agencies)]
    for name, links in pairs.items():
        organisation_links_bulk_create(field=name, pairs=links)

    by_key = {
        _org_key(o.country.code, o.legal_name, o.city): o
        for o in Organisation.objects.filter(legal_name__in=[s["legal_name"] for s in specs])
    }
    keys = [_org_key(s["country"], s["legal_name"], s["city"]) for s in specs]
    return [by_key[key] for key in keys if key in by_key]


def _inventories(org: Organisation, agencies) -> list:
    """Slovenian organisations are in MOVIT's inventory (youth centres also in Mreža MaMa's), Latvian ones
    in the Latvian agency's; organisations abroad are in no inventory."""
    if org.country == "SI":
        chosen = [agencies["movit"]]
        if org.type == "youth_centre" or org.legal_name == NAMED_ORGANISATIONS["mreza-mama"]["legal_name"]:
            chosen.append(agencies["mreza-mama"])
        return chosen
    if org.country == "LV":
        return [agencies["jspa"]]
    return []


def _person_specs(organisations: list[Organisation]) -> list[dict]:
    rnd = random.Random(SEED + 1)
    specs, emails = [], set()
    for org in organisations:
        for number in range(1 if rnd.random() < 0.5 else 2):
            gender = rnd.choice("fm")
            country = org.country.code
            if country == "SI":
                first, last = rnd.choice(SI_FIRST[gender]), rnd.choice(SI_LAST)
            elif country == "LV":
                first = rnd.choice(LV_FIRST[gender])
                last = rnd.choice(LV_LAST)[0 if gender == "m" else 1]
            else:
                firsts, lasts = OTHER_NAMES.get(country, DEFAULT_NAMES)
                first, last = rnd.choice(firsts), rnd.choice(lasts)
            domain = org.website.split("//")[-1] if org.website else f"{slugify(normalise(org.legal_name))[:40]}.example.org"
            email = f"{_ascii(first)}.{_ascii(last)}@{domain}"
            if email in emails:
                email = f"{_ascii(first)}.{_ascii(last)}.{len(emails)}@{domain}"
            emails.add(email)
            languages = sorted({LOCAL_LANGUAGE.get(country, "en"), "en"})
            role = ["contact", "project_manager"][number] if rnd.random() < 0.7 else rnd.choice(
                ["youth_worker", "legal_representative", "board_member", "volunteer"])
            specs.append(dict(first_name=first, last_name=last, email=email, languages=languages,
                              organisation=org, role=role,
                              consents=[("agency_contact", True),
                                        ("directory_contact", rnd.random() < 0.5),
                                        ("newsletter", rnd.random() < 0.3)]))
    return specs


def _create_people(specs: list[dict]) -> list[Person]:
    existing = dict(Person.objects.filter(email__in=[s["email"] for s in specs]).values_list("email", "pk"))
    new = [Person(first_name=s["first_name"], last_name=s["last_name"], email=s["email"])
           for s in specs if s["email"] not in existing]
    Person.objects.bulk_create(new, batch_size=500)
    people = {p.email: p for p in Person.objects.filter(email__in=[s["email"] for s in specs])}
    fresh = {p.email for p in new}
    language_ids = dict(Language.objects.values_list("code", "pk"))
    Person.languages.through.objects.bulk_create(
        [Person.languages.through(person_id=people[s["email"]].pk, language_id=language_ids[code])
         for s in specs if s["email"] in fresh for code in s["languages"]], batch_size=1000)
    Affiliation.objects.bulk_create(
        [Affiliation(person=people[s["email"]], organisation=s["organisation"], role=s["role"])
         for s in specs if s["email"] in fresh], batch_size=500)
    ConsentRecord.objects.bulk_create(
        [ConsentRecord(person=people[s["email"]], purpose=purpose, given=given, source=DEMO_SOURCE)
         for s in specs if s["email"] in fresh for purpose, given in s["consents"]], batch_size=500)
    return [people[s["email"]] for s in specs]


def load(*, agencies: dict) -> DirectoryDemo:
    """Create the demo organisations and their contact people; `agencies` by slug (movit, jspa, mreza-mama)."""
    named = _named_specs()
    generated_specs = organisation_specs()
    named_orgs = _create_organisations(list(named.values()), agencies)
    generated = _create_organisations(generated_specs, agencies)
    people = _create_people(_person_specs(generated))
    return DirectoryDemo(organisations=dict(zip(named, named_orgs, strict=True)), generated=generated,
                         people=people)


def link_account(*, user, organisation: Organisation, role: str = "contact", representative: bool = False,
                 languages=("sl", "en")) -> Person:
    """Give a demo login its own person record at `organisation`; as an approved representative if asked."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(first_name=user.first_name, last_name=user.last_name, email=user.email,
                                       user=user)
        person.languages.set(Language.objects.filter(code__in=languages))
        ConsentRecord.objects.create(person=person, purpose="agency_contact", given=True, source=DEMO_SOURCE)
    Affiliation.objects.get_or_create(person=person, organisation=organisation, role=role)
    if representative:
        representative_request(user=user, organisation=organisation, approved=True)
    return person


def people_at(demo: DirectoryDemo, *, country: str, types: tuple[str, ...], limit: int) -> list[Person]:
    """Up to `limit` demo people working at demo organisations of `types` in `country`, oldest first."""
    return list(Person.objects.filter(
        pk__in=[p.pk for p in demo.people], affiliations__organisation__country=country,
        affiliations__organisation__type__in=types,
    ).distinct().order_by("pk")[:limit])


@step(order=20)
def add_directory(ctx: DemoContext) -> None:
    ctx.directory = load(agencies=ctx.agencies)


@step(order=21)
def add_data_protection_requests(ctx: DemoContext) -> None:
    """Three requests to the Slovenian national agency about demo contact people: an access request
    received last week, an erasure request past its deadline and a rectification that is done."""
    agency = ctx.agencies["movit"]
    people = [p for p in ctx.directory.people if p.email][:3]
    today = timezone.localdate()
    K, S = DataProtectionRequest.Kind, DataProtectionRequest.Status
    for person, kind, days_ago, status in zip(people, (K.ACCESS, K.ERASURE, K.RECTIFICATION), (7, 40, 60),
                                             (S.OPEN, S.IN_PROGRESS, S.DONE), strict=False):
        received = today - timedelta(days=days_ago)
        DataProtectionRequest.objects.get_or_create(
            agency=agency, kind=kind, subject_email=person.email,
            defaults={"subject_name": str(person), "person": person, "received_on": received,
                      "due_on": dp_due_on(received), "status": status,
                      "closed_at": timezone.now() if status == S.DONE else None,
                      "resolution_note": "Corrected the phone number." if status == S.DONE else ""},
        )
