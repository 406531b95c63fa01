"""Demo events from the public seed pages, with invented participants; plus upcoming events in 2027.

Events are created through the organisers' service (`kopa.events.organising.services.event_create`) by
a staff login of the organising agency. Every event is found by its natural key (organising agency,
start, English title) before it is created, and every registration by its event and e-mail address,
so loading twice adds nothing. Dates, places
and participant numbers come from the seed pages; where a page gives only a month or no place, the
event says that its date or place is illustrative.

Past events are records of what happened: their participants are written straight in as attended,
with a check-in for every day, and nobody is notified. Registrations for the upcoming events go
through the registration engine (`kopa.events.registration.services.registration_create`), at fixed
moments, so their statuses follow the engine's rules.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from kopa.core.demo import DemoContext, step
from kopa.directory.models import Language
from kopa.events.models import Attendance, Event, Place, Registration
from kopa.events.organising.services import event_create
from kopa.events.registration.services import registration_create
from kopa.programmes.models import Cycle, Partnership, Project, Strand

T = Event.Type
ILLUSTRATIVE_DATE = {"en": "The exact date is illustrative: the source gives only the month.",
                     "sl": "Točen datum je ilustrativen: vir navaja le mesec.",
                     "lv": "Precīzs datums ir ilustratīvs: avotā norādīts tikai mēnesis."}
ILLUSTRATIVE_PLACE = {"en": "The place is illustrative.", "sl": "Kraj je ilustrativen.",
                      "lv": "Vieta ir ilustratīva."}
DISABILITY_STRAND = "Young people with health problems and disabilities"
NEET_STRAND = "Young people in a NEET situation"


@dataclass(frozen=True)
class DemoEvent:
    agency: str
    type: str
    title: dict
    start: tuple  # (year, month, day, hour, minute) in the event's time zone
    end: tuple
    town: str
    country: str
    time_zone: str = "Europe/Ljubljana"
    venue: str = ""
    address: str = ""
    capacity: int = 30
    description: dict = field(default_factory=dict)
    languages: tuple = ("en",)
    partnership: str = ""
    strand: str = ""
    cycle: str = ""
    project: str = ""  # English title of a project of the organising agency
    organisation: str = ""  # key of a named demo organisation
    illustrative_date: bool = False
    illustrative_place: bool = False
    format: str = Event.Format.IN_PERSON
    registration_mode: str = Event.RegistrationMode.OPEN
    registration_opens: tuple | None = None
    application_deadline: tuple | None = None
    applicants_told: tuple | None = None
    eligibility: dict = field(default_factory=dict)
    costs_covered: dict = field(default_factory=dict)


def texts_si(en, sl, lv=None):
    return {"en": en, "sl": sl, **({"lv": lv} if lv else {})}


def texts_lv(en, lv, sl=None):
    return {"en": en, "lv": lv, **({"sl": sl} if sl else {})}


SI_INCLUSION = dict(agency="movit", partnership="social-inclusion", strand=DISABILITY_STRAND, cycle="2018–2020")
NEET = dict(agency="jspa", partnership="neet", strand=NEET_STRAND, cycle="2018–2019", time_zone="Europe/Riga")
MAMA = dict(agency="mreza-mama", languages=("sl",))
WORKING_GROUPS = [("Information", "informiranje"), ("Promotion", "promocija"),
                  ("Training and education", "usposabljanje in izobraževanje"),
                  ("Local youth policy", "oblikovanje lokalnih politik")]

PAST_EVENTS = [
    DemoEvent(type=T.CONFERENCE, **SI_INCLUSION, title=texts_si(
        "Labyrinth out of crisis: kick-off of the second cycle", "Labirint iz krize",
        "Labirints ārā no krīzes"), start=(2018, 10, 19, 9, 0), end=(2018, 10, 19, 17, 0), town="Bled",
        country="SI", capacity=60, languages=("sl",), description=texts_si(
            "The kick-off of the partnership's second cycle, on young people in distress. It produced a "
            "compendium of recommendations for organisations on how to act in such situations.",
            "Uvodna aktivnost drugega cikla, posvečena mladim v stiski. Nastal je zbornik s priporočili za "
            "organizacije, kako ravnati v teh situacijah.")),
    DemoEvent(type=T.INFORMATION_MEETING, **SI_INCLUSION, title=texts_si(
        "National event: Erasmus+ for organisations working with young people with disabilities",
        "Nacionalni dogodek: Erasmus+ za organizacije, ki delajo z mladimi z invalidnostjo"),
        start=(2019, 9, 17, 10, 0), end=(2019, 9, 17, 15, 0), town="Ljubljana", country="SI", capacity=40,
        illustrative_place=True, languages=("sl",), description=texts_si(
            "Erasmus+: Youth in Action and the European Solidarity Corps presented to interested "
            "organisations, and a talk about the challenges young people with disabilities meet.",
            "Predstavitev programov Erasmus+: Mladi v akciji in Evropska solidarnostna enota zainteresiranim "
            "organizacijam ter pogovor o izzivih, s katerimi se srečujejo mladi z invalidnostjo.")),
    DemoEvent(type=T.MATCHMAKING, **SI_INCLUSION, title=texts_si(
        "Inclusion Matchmaking – Find European Partners for Inclusion Projects (Frankfurt)",
        "Inclusion Matchmaking – iskanje evropskih partnerjev za vključujoče projekte (Frankfurt)"),
        start=(2019, 10, 15, 9, 0), end=(2019, 10, 17, 13, 0), town="Frankfurt am Main", country="DE",
        time_zone="Europe/Berlin", capacity=90, illustrative_date=True, description=texts_si(
            "A partnership-building event where more than 80 representatives of organisations met to "
            "network and start new joint inclusion projects.",
            "Dogodek vzpostavljanja partnerstev, kjer se je zbralo več kot 80 predstavnikov organizacij za "
            "mreženje in nove skupne vključujoče projekte.")),
    DemoEvent(type=T.MATCHMAKING, **SI_INCLUSION, title=texts_si(
        "Inclusion Matchmaking – Find European Partners for Inclusion Projects (Laško)",
        "Inclusion Matchmaking – iskanje evropskih partnerjev za vključujoče projekte (Laško)"),
        start=(2020, 2, 11, 9, 0), end=(2020, 2, 13, 13, 0), town="Laško", country="SI", capacity=40,
        illustrative_date=True, description=texts_si(
            "38 participants from 13 countries connected and developed 7 project ideas with good potential.",
            "38 udeležencev iz 13 držav se je povezalo, nastalo je 7 projektnih idej z dobrim potencialom.")),
    DemoEvent(type=T.NATIONAL_TRAINING, **NEET, title=texts_lv(
        "National training: international projects with young people in a NEET situation",
        "Nacionālās apmācības: starptautiski projekti darbā ar jauniešiem NEET situācijā"),
        start=(2018, 10, 3, 10, 0), end=(2018, 10, 4, 16, 0), town="Riga", country="LV", capacity=30,
        illustrative_place=True, languages=("lv",), description=texts_lv(
            "Basics of Erasmus+: Youth in Action and the European Solidarity Corps, and strategic cooperation "
            "between experienced organisations and institutions working with young people in a NEET situation.",
            "Pamatinformācija par programmām un stratēģiska sadarbība starp pieredzējušām organizācijām un "
            "institūcijām, kuras strādā ar jauniešiem NEET situācijā.")),
    DemoEvent(type=T.INTERNATIONAL_TRAINING, **{**NEET, "time_zone": "Europe/Tallinn"}, title=texts_lv(
        "International training on involving young people in a NEET situation in international projects",
        "Starptautiskas apmācības par jauniešu NEET situācijā iesaisti starptautiskos projektos"),
        start=(2018, 11, 18, 14, 0), end=(2018, 11, 22, 13, 0), town="Tallinn", country="EE", capacity=30),
    DemoEvent(type=T.INTERNATIONAL_TRAINING, **NEET, title=texts_lv(
        "International training: young people in a NEET situation in the European Solidarity Corps",
        "Starptautiskas mācības: jaunieši NEET situācijā Eiropas Solidaritātes korpusā"),
        start=(2019, 2, 12, 10, 0), end=(2019, 2, 15, 13, 0), town="Sigulda", country="LV", capacity=30,
        illustrative_date=True),
    DemoEvent(type=T.STUDY_VISIT, **{**NEET, "time_zone": "Europe/Vienna"}, title=texts_lv(
        "Study visit to Austria: working with young people in a NEET situation",
        "Pieredzes apmaiņas vizīte Austrijā: darbs ar jauniešiem NEET situācijā"),
        start=(2019, 4, 8, 9, 0), end=(2019, 4, 11, 16, 0), town="Vienna", country="AT", capacity=20,
        illustrative_date=True, illustrative_place=True),
    DemoEvent(type=T.JOB_SHADOWING, **{**NEET, "time_zone": "Europe/Prague"}, title=texts_lv(
        "Job shadowing with a partner organisation abroad", "Ēnošana partnerorganizācijā ārvalstīs"),
        start=(2019, 5, 27, 9, 0), end=(2019, 6, 7, 17, 0), town="Prague", country="CZ", capacity=12,
        illustrative_date=True, illustrative_place=True),
    DemoEvent(type=T.CONFERENCE, agency="mreza-mama", project="Social activation for a healthy, safe and more "
              "accessible cross-border area", organisation="cpu-ormoz", title=texts_si(
                  "Peer review: the role of social activation in the Slovenia–Croatia cross-border area",
                  "»Peer Review« Vloga socialne aktivacije na čezmejnem območju Slovenija – Hrvaška"),
              start=(2018, 12, 6, 9, 30), end=(2018, 12, 6, 14, 15), town="Ormož", country="SI",
              venue="Grad Ormož", address="Grajski trg 3, 2270 Ormož", capacity=80, languages=("sl", "hr"),
              description=texts_si(
                  "A 2SoKrog expert meeting on social activation for stronger partnerships between centres for "
                  "social work, employment offices and social enterprises in Slovenia and Croatia.",
                  "Strokovno srečanje projekta 2SoKrog o socialni aktivaciji za krepitev partnerstev med centri "
                  "za socialno delo, uradi za delo in socialnimi podjetji v Sloveniji in na Hrvaškem.")),
    # The network's published plan for January–June 2020.
    DemoEvent(type=T.CONFERENCE, **MAMA, project="We Are All EU", title=texts_si(
        "We Are All EU: closing national conference of the youth dialogue",
        "Vsi smo EU: zaključna nacionalna konferenca mladinskega dialoga"), start=(2020, 1, 23, 10, 0),
        end=(2020, 1, 23, 16, 0), town="Ljubljana", country="SI", capacity=120, illustrative_date=True),
    DemoEvent(type=T.CAREER_WEEK, **MAMA, title=texts_si(
        "Career week of the KROJ youth network for career development",
        "Karierni teden mreže KROJ – mladinske mreže za karierni razvoj"), start=(2020, 1, 27, 9, 0),
        end=(2020, 1, 31, 17, 0), town="Ljubljana", country="SI", venue="Karierno središče Ljubljana",
        capacity=60, illustrative_date=True),
    DemoEvent(type=T.NATIONAL_TRAINING, **MAMA, title=texts_si(
        "Logbook: presentation and training for newly included municipalities",
        "Logbook: predstavitev in usposabljanje za novo vključene občine"), start=(2020, 2, 6, 10, 0),
        end=(2020, 2, 6, 15, 0), town="Celje", country="SI", capacity=30, illustrative_date=True,
        illustrative_place=True),
    *[DemoEvent(type=T.WORKING_GROUP_MEETING, **MAMA, title=texts_si(
        f"Working group meeting: {en} ({month_en})", f"Srečanje delovne skupine: {sl} ({month_sl})"),
        start=(2020, month, day, 10, 0), end=(2020, month, day, 13, 0), town="Ljubljana", country="SI",
        capacity=15, illustrative_date=True, illustrative_place=True)
      for month, month_en, month_sl, first_day in ((2, "February", "februar", 17), (6, "June", "junij", 8))
      for day, (en, sl) in enumerate(WORKING_GROUPS, start=first_day)],
    DemoEvent(type=T.STUDY_VISIT, **MAMA, project="Be a Hero", title=texts_si(
        "Be a Hero: study visit in Slovenia", "Be a Hero: študijski obisk v Sloveniji"),
        start=(2020, 3, 10, 9, 0), end=(2020, 3, 13, 14, 0), town="Maribor", country="SI", capacity=20,
        illustrative_date=True, illustrative_place=True),
    DemoEvent(type=T.PARTNER_MEETING, **MAMA, project="Youth Workers' Network", title=texts_si(
        "Youth Workers' Network: partner meeting", "Mreža mladinskih delavcev: partnersko srečanje"),
        start=(2020, 3, 24, 9, 0), end=(2020, 3, 25, 16, 0), town="Ljubljana", country="SI", capacity=12,
        illustrative_date=True),
    DemoEvent(type=T.PARTNER_MEETING, **MAMA, project="Smart Youth Work in Youth Centres", title=texts_si(
        "Smart Youth Work in Youth Centres: partner meeting and multiplier event",
        "Pametno mladinsko delo v mladinskih centrih: partnerski sestanek in diseminacijski dogodek"),
        start=(2020, 4, 2, 9, 0), end=(2020, 4, 3, 16, 0), town="Ljubljana", country="SI", capacity=50,
        illustrative_date=True),
    DemoEvent(type=T.ASSEMBLY, **MAMA, title=texts_si(
        "Annual assembly of Mreža MaMa and the first Klub MaMa", "Zbor MaMa in prvi Klub MaMa"),
        start=(2020, 4, 16, 10, 0), end=(2020, 4, 16, 17, 0), town="Ljubljana", country="SI", capacity=80,
        illustrative_date=True),
    DemoEvent(type=T.NATIONAL_TRAINING, **MAMA, project="EUYOU", title=texts_si(
        "EUYOU: trainers' working weekend", "EUYOU: delovni vikend trenerjev"), start=(2020, 5, 9, 9, 0),
        end=(2020, 5, 10, 16, 0), town="Celje", country="SI", capacity=16, illustrative_date=True,
        illustrative_place=True),
    DemoEvent(type=T.STUDY_VISIT, **{**MAMA, "time_zone": "Europe/Stockholm"}, title=texts_si(
        "Logbook study visit to the Swedish KEKS network", "Študijski obisk Logbook na švedski mreži KEKS"),
        start=(2020, 5, 19, 9, 0), end=(2020, 5, 22, 14, 0), town="Gothenburg", country="SE", capacity=15,
        illustrative_date=True),
    DemoEvent(type=T.NATIONAL_TRAINING, **MAMA, title=texts_si(
        "Basics of youth work: annual training", "Osnove mladinskega dela: vsakoletno usposabljanje"),
        start=(2020, 5, 26, 9, 0), end=(2020, 5, 28, 15, 0), town="Ljubljana", country="SI", capacity=25,
        illustrative_date=True),
    DemoEvent(type=T.NATIONAL_TRAINING, **MAMA, project="Youth Workers' Network", title=texts_si(
        "Youth Workers' Network: introductory training for youth workers",
        "Mreža mladinskih delavcev: uvodno usposabljanje za mladinske delavce"), start=(2020, 6, 15, 9, 0),
        end=(2020, 6, 17, 15, 0), town="Ljubljana", country="SI", capacity=24, illustrative_date=True),
    DemoEvent(type=T.INTERNATIONAL_TRAINING, **MAMA, project="Be a Hero", title=texts_si(
        "Be a Hero: international training on road safety in youth work",
        "Be a Hero: mednarodno usposabljanje o prometni varnosti v mladinskem delu"), start=(2020, 6, 22, 9, 0),
        end=(2020, 6, 26, 14, 0), town="Ljubljana", country="SI", capacity=24, illustrative_date=True,
        illustrative_place=True),
]

UPCOMING_EVENTS = [
    DemoEvent(type=T.NATIONAL_TRAINING, agency="movit", title=texts_si(
        "Inclusion in Erasmus+ projects: open national training",
        "Vključevanje v projektih Erasmus+: odprto nacionalno usposabljanje"), start=(2027, 3, 16, 9, 0),
        end=(2027, 3, 17, 16, 0), town="Ljubljana", country="SI", venue="Mladinski center",
        capacity=20, languages=("sl", "en"), registration_opens=(2026, 11, 2, 9, 0), description=texts_si(
            "Two days for organisations new to the programme: planning an inclusive project, extra inclusion "
            "funding and finding partners. First come, first served.",
            "Dva dneva za organizacije, ki so nove v programu: načrtovanje vključujočega projekta, dodatna "
            "sredstva za vključevanje in iskanje partnerjev. Prijave po vrstnem redu prispetja.")),
    DemoEvent(type=T.INTERNATIONAL_TRAINING, agency="jspa", partnership="but-kopa", time_zone="Europe/Riga",
              title=texts_lv("Being together: international training on projects with young people with disabilities",
                        "Būt kopā: starptautiskas apmācības par projektiem ar jauniešiem ar invaliditāti",
                        "Biti skupaj: mednarodno usposabljanje o projektih z mladimi z invalidnostjo"),
              start=(2027, 5, 10, 14, 0), end=(2027, 5, 14, 13, 0), town="Riga", country="LV", capacity=24,
              registration_mode=Event.RegistrationMode.SELECTION, registration_opens=(2026, 11, 2, 9, 0),
              application_deadline=(2027, 2, 28, 23, 59), applicants_told=(2027, 3, 20), description=texts_lv(
                  "Five days for youth workers from the partnership's countries who work with young people "
                  "with health difficulties and disabilities. Apply; your national agency preselects, the "
                  "host agency selects.",
                  "Piecas dienas jaunatnes darbiniekiem no partnerības valstīm, kuri strādā ar jauniešiem ar "
                  "veselības grūtībām un invaliditāti. Piesakieties; nacionālā aģentūra veic priekšatlasi."),
              eligibility={"en": "Youth workers and volunteers from organisations in the partnership's "
                                 "countries, aged 18 or over, able to work in English."},
              costs_covered={"en": "Board and lodging are covered; travel is paid by the distance bands."}),
]

FIRST_NAMES = {
    "SI": ["Tina", "Gregor", "Urška", "Blaž", "Nika", "Žiga", "Katja", "Primož", "Špela", "Aljaž"],
    "HR": ["Ivana", "Tomislav", "Petra", "Josip", "Martina", "Domagoj", "Lucija", "Karlo"],
    "AT": ["Lena", "Florian", "Sophie"], "DE": ["Hannah", "Jonas", "Lea"], "IT": ["Giulia", "Matteo", "Chiara"],
    "FR": ["Camille", "Hugo", "Manon"], "PT": ["Inês", "Tiago", "Beatriz"], "RO": ["Ioana", "Andrei", "Elena"],
    "EE": ["Kertu", "Rasmus", "Liis"], "LV": ["Zane", "Mārtiņš", "Ieva", "Edgars", "Dace", "Raivis"],
    "HU": ["Réka", "Bence", "Dóra"], "CZ": ["Tereza", "Ondřej"], "BE": ["Louise", "Arthur"],
}
LAST_NAMES = {
    "SI": ["Pečnik", "Kolar", "Hribar", "Žagar", "Bizjak", "Petek", "Koren", "Rupnik", "Oblak"],
    "HR": ["Babić", "Jurić", "Knežević", "Marić", "Pavlović", "Tomić", "Vuković"],
    "AT": ["Gruber", "Huber"], "DE": ["Becker", "Schulz"], "IT": ["Ricci", "Greco"],
    "FR": ["Moreau", "Girard"], "PT": ["Ferreira", "Costa"], "RO": ["Stan", "Dobre"],
    "EE": ["Tamm", "Saar"], "LV": ["Krūmiņa", "Ozols", "Lapiņa", "Kļaviņš"], "HU": ["Varga", "Tóth"],
    "CZ": ["Dvořáková", "Svoboda"], "BE": ["Peeters", "Dubois"],
}
LASKO_COUNTRIES = {"SI": 4, "HR": 3, "AT": 3, "DE": 3, "IT": 3, "FR": 3, "PT": 3, "RO": 3, "EE": 3, "LV": 3,
                   "HU": 3, "CZ": 2, "BE": 2}
ORMOZ_ORGANISATIONS = {
    "SI": ["Center za socialno delo", "Zavod RS za zaposlovanje", "Socialno podjetje", "Občina Ormož"],
    "HR": ["Centar za socijalnu skrb", "Hrvatski zavod za zapošljavanje", "Socijalna zadruga"],
}


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def people(countries: dict[str, int], *, prefix: str, organisations: dict | None = None) -> list[dict]:
    """Invented people: `countries` maps a country to how many; e-mails at example.org; deterministic."""
    rows = []
    for country, count in countries.items():
        firsts, lasts = FIRST_NAMES[country], LAST_NAMES[country]
        for n in range(count):
            first, last = firsts[n % len(firsts)], lasts[(n * 7 + n // len(firsts)) % len(lasts)]
            names = (organisations or {}).get(country, ["Youth organisation"])
            rows.append({
                "first_name": first, "last_name": last, "country_of_residence": country,
                "sending_country": country, "organisation_name": names[n % len(names)],
                "email": f"{_ascii(first)}.{_ascii(last)}.{prefix}{len(rows) + 1}@example.org",
                "role": "youth worker" if n % 3 else "project coordinator",
                "language": {"SI": "sl", "LV": "lv"}.get(country, "en"),
            })
    return rows


def _at(spec: DemoEvent, value: tuple | None) -> datetime | None:
    return datetime(*value, tzinfo=ZoneInfo(spec.time_zone)) if value else None


def demo_event(spec: DemoEvent, agencies: dict, organisations: dict, organisers: dict) -> Event:
    agency = agencies[spec.agency]
    start = _at(spec, spec.start)
    existing = Event.objects.filter(organiser_agency=agency, start=start, title__en=spec.title["en"]).first()
    if existing is not None:
        return existing
    partnership = Partnership.objects.filter(slug=spec.partnership).first() if spec.partnership else None
    notes = [n for flag, n in ((spec.illustrative_date, ILLUSTRATIVE_DATE),
                               (spec.illustrative_place, ILLUSTRATIVE_PLACE)) if flag]
    description = {code: " ".join([spec.description.get(code, ""), *(n[code] for n in notes)]).strip()
                   for code in ("en", "sl", "lv") if code in spec.description or notes}
    place = Place.objects.filter(name=spec.town, country=spec.country).order_by("-population").first()
    data = dict(
        type=spec.type, title=spec.title, description=description,
        organiser_organisation=organisations.get(spec.organisation), partnership=partnership,
        strand=Strand.objects.filter(partnership=partnership, name__en=spec.strand).first() if spec.strand else None,
        cycle=Cycle.objects.filter(partnership=partnership, name=spec.cycle).first() if spec.cycle else None,
        project=Project.objects.filter(agency=agency, title__en=spec.project).first() if spec.project else None,
        format=spec.format, start=start, end=_at(spec, spec.end), time_zone=spec.time_zone,
        venue_name=spec.venue, address=spec.address, town=spec.town, country=spec.country,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        capacity=spec.capacity, registration_mode=spec.registration_mode,
        registration_opens=_at(spec, spec.registration_opens),
        application_deadline=_at(spec, spec.application_deadline),
        applicants_told=_at(spec, spec.applicants_told).date() if spec.applicants_told else None,
        eligibility=spec.eligibility, costs_covered=spec.costs_covered, status=Event.Status.PUBLISHED,
        working_languages=list(Language.objects.filter(code__in=spec.languages)),
    )
    return event_create(actor=organisers[spec.agency], agency=agency, data=data)


def attended(event: Event, rows: list[dict]) -> int:
    """Record past participants as attended, each checked in on every day of the event. Returns how many
    were added (people already recorded, by e-mail, are skipped)."""
    known = {e.lower() for e in event.registrations.values_list("email", flat=True)}
    zone = ZoneInfo(event.time_zone)
    start = event.start.astimezone(zone)
    days = [(start + timedelta(days=n)).date()
            for n in range((event.end.astimezone(zone).date() - start.date()).days + 1)]
    fresh = []
    for n, row in enumerate(r for r in rows if r["email"].lower() not in known):
        registration = Registration(event=event, status=Registration.Status.ATTENDED,
                                    created_at=event.start - timedelta(days=30, minutes=-17 * n),
                                    decided_at=event.end, **row)
        registration.full_clean(exclude=["event"], validate_constraints=False)
        fresh.append(registration)
    Registration.objects.bulk_create(fresh)
    Attendance.objects.bulk_create(
        Attendance(registration=r, day=day, checked_in_at=max(event.start, datetime.combine(day, start.time(), zone)))
        for r in fresh for day in days)
    return len(fresh)


def _register(event: Event, rows: list[dict], first: datetime) -> list[Registration]:
    """Register through the engine, one person every few hours from `first` (already registered: kept)."""
    return [registration_create(event=event, data=row, now=first + timedelta(hours=5 * n))[0]
            for n, row in enumerate(rows)]


@transaction.atomic
def load(*, agencies: dict, organisations: dict, organisers: dict) -> dict[str, Event]:
    """All demo events by English title. `agencies` by slug; `organisations`: the named demo organisations;
    `organisers`: a staff login of each agency, by slug, who creates its events."""
    events = {spec.title["en"]: demo_event(spec, agencies, organisations, organisers)
              for spec in [*PAST_EVENTS, *UPCOMING_EVENTS]}
    lasko = next(e for title, e in events.items() if title.endswith("(Laško)"))
    attended(lasko, people(LASKO_COUNTRIES, prefix="lasko"))
    ormoz = next(events[s.title["en"]] for s in PAST_EVENTS if s.organisation == "cpu-ormoz")
    attended(ormoz, people({"SI": 50, "HR": 24}, prefix="ormoz", organisations=ORMOZ_ORGANISATIONS))
    national, riga = (events[spec.title["en"]] for spec in UPCOMING_EVENTS)
    _register(national, people({"SI": 6}, prefix="nt2027"), datetime(2026, 11, 3, 9, 0, tzinfo=ZoneInfo("UTC")))
    _register(riga, people({"SI": 4, "LV": 5}, prefix="riga2027"), datetime(2026, 11, 4, 9, 0, tzinfo=ZoneInfo("UTC")))
    return events


@step(order=50)
def add_events(ctx: DemoContext) -> None:
    ctx.events = load(agencies=ctx.agencies, organisations=ctx.directory.organisations,
                      organisers={slug: staff[0] for slug, staff in ctx.officers.items()})
