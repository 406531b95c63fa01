"""The Logbook's demo: Mreža MaMa as the owner, with youth centres named by town in its eight Logbook
municipalities (26 centres), a year of entries in a weekly rhythm (open evenings after school on
Monday, Wednesday and Friday, a group activity on Thursday, fewer people in the holidays and half as
many in the summer), a few hundred aliases of invented young people visiting several centres, reflections in Slovenian, and one Latvian
municipality as a second owner. Logins: the network's staff login coordinates, and three more (a
mentor, a youth worker, a municipality viewer) are added to the list of demo logins. Demo aliases
share the PIN 1234. Written in bulk, so the demo loads quickly; idempotent (an owner already there is
left as it is)."""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from kopa.core.demo import DemoContext, step
from kopa.logbook.models import (
    Activity,
    ActivityKind,
    AgeBand,
    Alias,
    Entry,
    Gender,
    Municipality,
    Owner,
    ReflectionQuestion,
    Role,
    SharedAim,
    Unit,
    Visit,
)
from kopa.logbook.rules import alias_digest

# The municipalities where Mreža MaMa's 26 youth centres keep the Logbook (public facts), with the
# rough position of each town for the overview's map; centres are named by town (and part of town).
MAMA_UNITS = [
    ("Ljubljana", ["Mladinski center Ljubljana – Šiška", "Mladinski center Ljubljana – Moste",
                   "Mladinski center Ljubljana – Bežigrad", "Mladinski center Ljubljana – Vič",
                   "Mladinski center Ljubljana – Center", "Mladinski center Ljubljana – Fužine",
                   "Mladinski center Ljubljana – Črnuče"]),
    ("Novo mesto", ["Mladinski center Novo mesto", "Mladinska točka Novo mesto – Bršljin",
                    "Mladinska ulična ekipa Novo mesto"]),
    ("Brežice", ["Mladinski center Brežice", "Mladinska točka Brežice – Dobova"]),
    ("Maribor", ["Mladinski center Maribor", "Mladinska ulična ekipa Maribor", "Mladinski center Maribor – Tabor",
                 "Mladinski center Maribor – Pobrežje"]),
    ("Celje", ["Mladinski center Celje", "Mladinski center Celje – Hudinja", "Mladinska točka Celje – Gaberje"]),
    ("Škofja Loka", ["Mladinski center Škofja Loka", "Mladinska točka Škofja Loka – Podlubnik"]),
    ("Krško", ["Mladinski center Krško", "Mladinska točka Krško – Leskovec", "Mladinska točka Krško – Senovo"]),
    ("Zagorje ob Savi", ["Mladinski center Zagorje ob Savi", "Mladinska točka Zagorje ob Savi – Kisovec"]),
]
POSITIONS = {
    "Ljubljana": ("46.05690", "14.50580"), "Novo mesto": ("45.80400", "15.16890"),
    "Brežice": ("45.90330", "15.59110"), "Maribor": ("46.55470", "15.64590"), "Celje": ("46.23970", "15.26770"),
    "Škofja Loka": ("46.16550", "14.30640"), "Krško": ("45.95900", "15.49170"),
    "Zagorje ob Savi": ("46.13180", "14.99640"),
}
AIMS = ["Mladi soodločajo o programu centra.", "Mladi razvijajo nove spretnosti.",
        "Mladi iz ranljivih skupin najdejo varen prostor."]
QUESTIONS = [
    (ActivityKind.OPEN, "Kaj so mladi danes predlagali ali sami izpeljali?"),
    (ActivityKind.OPEN, "Kaj bi naslednjič naredili drugače?"),
    (ActivityKind.GROUP, "Česa so se udeleženci naučili?"),
]
REFLECTIONS = [
    "Mladi so sami pripravili turnir v namiznem tenisu.", "Pogovor o iskanju prve zaposlitve je trajal dlje, "
    "kot smo načrtovali.", "Dve novi dekleti sta se hitro vključili v skupino.", "Predlagali so filmski večer "
    "s pogovorom.", "Skupina je sama razdelila naloge za čistilno akcijo.", "Več časa bi morali nameniti "
    "mlajšim obiskovalcem.", "Mladi so se naučili osnov montaže videa.", "Dogovorili smo se o novih hišnih "
    "pravilih skupaj z mladimi.",
]
NOTES = ["Mirna večer, veliko družabnih iger.", "Obisk šolske svetovalke.", "Priprave na poletni tabor.",
         "Pokvarjen projektor, delavnico smo prestavili.", ""]
SL_TEXTS = dict(open=("Odprti mladinski center", "Varen prostor za druženje in pogovor."),
                group=("Skupina Mladi novinarji", "Mladi pišejo za spletni časopis centra."),
                notes=NOTES, reflections=REFLECTIONS)
LV_TEXTS = dict(open=("Atvērtais jauniešu centrs", "Droša vieta, kur satikties un parunāties."),
                group=("Jauno žurnālistu grupa", "Jaunieši raksta centra tīmekļa avīzei."),
                notes=["Mierīgs vakars, daudz galda spēļu.", "Gatavojāmies vasaras nometnei.", ""],
                reflections=["Jaunieši paši sarīkoja galda tenisa turnīru.", "Divas jaunas meitenes ātri "
                             "iekļāvās grupā.", "Vienojāmies par jauniem centra noteikumiem kopā ar jauniešiem."])
WEEKS = 52
DEMO_PIN = "1234"
ALIASES = 300


def season(day) -> float:
    """How busy a youth centre is in the school year: full in term time, less in the holidays, half in
    the summer (July and August)."""
    if day.month in (7, 8):
        return 0.5
    if (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2) or (day.month == 6 and day.day > 24):
        return 0.65
    return 1.0


def _user(email, first_name, last_name):
    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first_name, "last_name": last_name})
    if created:
        user.set_password(settings.KOPA_DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _organisation_in(directory, town, country, fallback):
    """A youth centre of the directory in `town` if there is one, else the fallback organisation: the
    unit is then a named part of it."""
    found = [o for o in directory.generated if o.country == country and o.city == town]
    found.sort(key=lambda o: (o.type != "youth_centre", o.pk))
    return found[0] if found else fallback


def _units(owner, directory, towns, country, fallback) -> list[Unit]:
    units = []
    for town, names in towns:
        latitude, longitude = POSITIONS.get(town, (None, None))
        municipality, _created = Municipality.objects.get_or_create(
            name=town, country=country, defaults={"latitude": latitude, "longitude": longitude})
        for name in names:
            units.append(Unit(owner=owner, municipality=municipality, name=name,
                              organisation=_organisation_in(directory, town, country, fallback)))
    return Unit.objects.bulk_create(units)


def _activities(units, aims, texts):
    activities = []
    for unit in units:
        activities.append(Activity(unit=unit, name=texts["open"][0], kind=ActivityKind.OPEN, aims=texts["open"][1]))
        activities.append(Activity(unit=unit, name=texts["group"][0], kind=ActivityKind.GROUP,
                                   aims=texts["group"][1]))
    activities = Activity.objects.bulk_create(activities)
    Through = Activity.shared_aims.through
    Through.objects.bulk_create([Through(activity_id=a.pk, sharedaim_id=aims[i % len(aims)].pk)
                                 for i, a in enumerate(activities)])
    return activities


def _entries_and_visits(*, rng, owner, units, activities, questions, authors, alias_count, today, texts):
    by_unit = {}
    for activity in activities:
        by_unit.setdefault(activity.unit_id, []).append(activity)
    start = today - timedelta(weeks=WEEKS)
    start -= timedelta(days=start.weekday())  # a Monday
    entries = []
    for unit in units:
        for week in range(WEEKS):
            for weekday, kind in ((0, ActivityKind.OPEN), (2, ActivityKind.OPEN), (3, ActivityKind.GROUP),
                                  (4, ActivityKind.OPEN)):
                day = start + timedelta(weeks=week, days=weekday)
                if day >= today:
                    continue
                activity = next(a for a in by_unit[unit.pk] if a.kind == kind)
                open_evening = kind == ActivityKind.OPEN
                busy = season(day)
                if not open_evening and busy < 1 and rng.random() < 0.6:
                    continue  # most groups pause in the holidays
                hours = Decimal("4") if open_evening else Decimal("2")
                led = Decimal(rng.choice([0, 0, 1, 2])) if open_evening else Decimal(rng.choice([0, 1]))
                kind_questions = [q for q in questions if q.kind == kind]
                reflections = {str(q.pk): rng.choice(texts["reflections"]) for q in kind_questions if rng.random() < 0.6}
                entries.append(Entry(
                    uuid=uuid.UUID(int=rng.getrandbits(128), version=4), unit=unit, activity=activity,
                    author=authors.get(unit.pk), date=day, hours=hours,
                    visits=round((rng.randint(10, 26) if open_evening else rng.randint(4, 10)) * busy),
                    youth_led_hours=led,
                    youth_led_people=rng.randint(1, 4) if led else 0, note=rng.choice(texts["notes"]),
                    reflections=reflections))
    Entry.objects.bulk_create(entries, batch_size=500)
    if not alias_count:
        return
    pin_hash = make_password(DEMO_PIN)  # hashed once: every demo alias has the same PIN
    bands, genders = [b for b, _l in AgeBand.choices][1:5], [g for g, _l in Gender.choices]
    aliases = Alias.objects.bulk_create([
        Alias(owner=owner, alias_hash=alias_digest(owner.alias_secret, f"demo{n:03d}"), pin_hash=pin_hash,
              age_band=rng.choice(bands), gender=rng.choice(genders)) for n in range(alias_count)])
    open_days = sorted({(e.unit_id, e.date) for e in entries if e.activity.kind == ActivityKind.OPEN})
    # After school, young people come to the centre near home; now and then to a second one.
    days_by_unit = {}
    for unit_id, day in open_days:
        days_by_unit.setdefault(unit_id, []).append(day)
    visits, last_seen = [], {}
    for alias in aliases:
        home = rng.choice(units)
        other = rng.choice(units)  # a second centre now and then: counted once across the network
        for day in days_by_unit[home.pk]:
            if rng.random() < 0.3 * season(day):
                visits.append(Visit(unit=home, alias=alias, date=day, age_band=alias.age_band, gender=alias.gender))
                last_seen[alias.pk] = max(day, last_seen.get(alias.pk, day))
        for day in rng.sample(days_by_unit[other.pk], k=min(3, len(days_by_unit[other.pk]))):
            if other.pk != home.pk:
                visits.append(Visit(unit=other, alias=alias, date=day, age_band=alias.age_band, gender=alias.gender))
                last_seen[alias.pk] = max(day, last_seen.get(alias.pk, day))
    Visit.objects.bulk_create(visits, batch_size=1000, ignore_conflicts=True)
    for alias in aliases:
        alias.last_seen = last_seen.get(alias.pk)
    Alias.objects.bulk_update(aliases, ["last_seen"], batch_size=500)


def _owner(*, rng, organisation, name, country, towns, directory, aims, questions, alias_count, authors_for,
           texts):
    owner = Owner.objects.create(organisation=organisation, name=name, country=country)
    aims = SharedAim.objects.bulk_create([SharedAim(owner=owner, text=text) for text in aims])
    questions = ReflectionQuestion.objects.bulk_create([
        ReflectionQuestion(owner=owner, kind=kind, text=text, order=n) for n, (kind, text) in enumerate(questions)])
    units = _units(owner, directory, towns, country, organisation)
    activities = _activities(units, aims, texts)
    authors = authors_for(owner, units)
    _entries_and_visits(rng=rng, owner=owner, units=units, activities=activities, questions=questions,
                        authors=authors, alias_count=alias_count, today=timezone.localdate(), texts=texts)
    return owner, units


@step(order=65)
def add_logbook(ctx: DemoContext) -> None:
    mentor = _user("mentor.logbook@kopa.example", "Nina", "Kos")
    worker = _user("youthworker@kopa.example", "Tilen", "Vidmar")
    viewer = _user("municipality.celje@kopa.example", "Barbara", "Golob")
    mama = ctx.directory.organisations["mreza-mama"]
    if Owner.objects.filter(organisation=mama).exists():
        return
    rng = random.Random(14)

    def mama_roles(owner, units):
        celje = next(u for u in units if u.municipality.name == "Celje")
        maribor = next(u for u in units if u.name == "Mladinski center Maribor")
        roles = [Role(user=mentor, owner=owner, unit=celje, kind=Role.Kind.MENTOR),
                 Role(user=worker, owner=owner, unit=celje, kind=Role.Kind.YOUTH_WORKER),
                 Role(user=worker, owner=owner, unit=maribor, kind=Role.Kind.YOUTH_WORKER),
                 Role(user=viewer, owner=owner, municipality=celje.municipality, kind=Role.Kind.MUNICIPALITY_VIEWER)]
        roles += [Role(user=staff, owner=owner, kind=Role.Kind.COORDINATOR)
                  for staff in getattr(ctx, "officers", {}).get("mreza-mama", [])]
        Role.objects.bulk_create(roles)
        return {celje.pk: worker, maribor.pk: worker}

    _owner(rng=rng, organisation=mama, name="Mreža MaMa", country="SI", towns=MAMA_UNITS,
           directory=ctx.directory, aims=AIMS, questions=QUESTIONS, alias_count=ALIASES, authors_for=mama_roles, texts=SL_TEXTS)
    # A Latvian municipality as a second owner, with its youth centre.
    lv_municipalities = sorted((o for o in ctx.directory.generated if o.country == "LV" and o.type == "municipality"),
                               key=lambda o: (o.city != "Valmiera", o.pk))
    lv_municipality = lv_municipalities[0] if lv_municipalities else None
    if lv_municipality is not None and not Owner.objects.filter(organisation=lv_municipality).exists():
        _owner(rng=rng, organisation=lv_municipality, name=lv_municipality.legal_name, country="LV",
               towns=[(lv_municipality.city, [f"{lv_municipality.city} – jauniešu centrs"])], directory=ctx.directory,
               aims=["Jaunieši piedalās lēmumu pieņemšanā."],
               questions=[(ActivityKind.OPEN, "Ko jaunieši šodien ierosināja?")], alias_count=0,
               authors_for=lambda owner, units: {}, texts=LV_TEXTS)
    if hasattr(ctx, "logins"):
        ctx.logins += [("logbook mentor (Celje)", mentor.username), ("logbook youth worker", worker.username),
                       ("logbook municipality viewer (Celje)", viewer.username)]
