"""Reading the Logbook, aware of who asks: which units a person records for, and the figures of a
unit, a municipality or an owner for a period."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from kopa.logbook.models import (
    Activity,
    Alias,
    Entry,
    Municipality,
    Owner,
    ReflectionQuestion,
    Role,
    Unit,
    Visit,
)
from kopa.logbook.rules import suppressed

K = Role.Kind
RECORDERS = (K.MENTOR, K.YOUTH_WORKER)


def roles_of(user) -> QuerySet[Role]:
    if not getattr(user, "is_authenticated", False):
        return Role.objects.none()
    return Role.objects.filter(user=user)


def has_logbook_role(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or roles_of(user).exists())


def recording_units(user) -> QuerySet[Unit]:
    """The units `user` records for and reads in full (notes and reflections): their own as mentor or
    youth worker, every unit of an owner they coordinate."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roles = roles_of(user)
    return Unit.objects.filter(
        Q(pk__in=roles.filter(kind__in=RECORDERS).values("unit"))
        | Q(owner__in=roles.filter(kind=K.COORDINATOR).values("owner"))
    ).select_related("owner", "municipality")


def mentored_units(user) -> QuerySet[Unit]:
    """The units whose structure `user` builds and whose entries they correct."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roles = roles_of(user)
    return Unit.objects.filter(
        Q(pk__in=roles.filter(kind=K.MENTOR).values("unit"))
        | Q(owner__in=roles.filter(kind=K.COORDINATOR).values("owner")))


def readable_owners(user) -> QuerySet[Owner]:
    """Owners whose whole figures `user` reads: coordinators and national viewers."""
    if not getattr(user, "is_authenticated", False):
        return Owner.objects.none()
    if user.is_superuser:
        return Owner.objects.all()
    return Owner.objects.filter(pk__in=roles_of(user).filter(kind__in=[K.COORDINATOR, K.NATIONAL_VIEWER]).values("owner"))


def coordinated_owners(user) -> QuerySet[Owner]:
    """Owners whose reflection questions and shared aims `user` sets."""
    if not getattr(user, "is_authenticated", False):
        return Owner.objects.none()
    if user.is_superuser:
        return Owner.objects.all()
    return Owner.objects.filter(pk__in=roles_of(user).filter(kind=K.COORDINATOR).values("owner"))


def readable_municipalities(user) -> QuerySet[Municipality]:
    """Municipalities whose figures `user` reads: their own as municipality viewer, and those with a
    unit of an owner they read as a whole."""
    if not getattr(user, "is_authenticated", False):
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.filter(units__isnull=False).distinct()
    return Municipality.objects.filter(
        Q(pk__in=roles_of(user).filter(kind=K.MUNICIPALITY_VIEWER).values("municipality"))
        | Q(units__owner__in=readable_owners(user))
    ).distinct()


def activities_for(user) -> QuerySet[Activity]:
    """The active activities of the units `user` records for."""
    return Activity.objects.filter(unit__in=recording_units(user), active=True).select_related("unit__owner")


def recent_activities(user, *, limit: int = 30) -> list[Activity]:
    """The activities `user` records for, those they recorded most recently first."""
    activities = activities_for(user).annotate(
        mine=Max("entries__date", filter=Q(entries__author=user)),
        any_entry=Max("entries__date"),
    ).order_by("-mine", "-any_entry", "unit__name", "name")
    # Nulls sort differently per database; the recorded ones first, whatever the database.
    rows = list(activities[:limit])
    return sorted(rows, key=lambda a: (a.mine is None, -(a.mine.toordinal() if a.mine else 0)))


def questions_for(activity: Activity) -> QuerySet[ReflectionQuestion]:
    return ReflectionQuestion.objects.filter(owner_id=activity.unit.owner_id, kind=activity.kind)


def entries_of(units, *, start: date | None = None, end: date | None = None) -> QuerySet[Entry]:
    qs = Entry.objects.filter(unit__in=units).select_related("activity", "unit", "author")
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs


def entry_by_uuid(uuid) -> Entry | None:
    return Entry.objects.filter(uuid=uuid).select_related("unit", "activity").first()


@dataclass
class Figures:
    """What a unit, a municipality or an owner did in a period. People counts are None where they are
    suppressed (fewer than 5 above the unit level)."""

    hours: float = 0
    sessions: int = 0
    visits: int = 0
    check_ins: int = 0
    youth_led_hours: float = 0
    youth_led_people: int = 0
    unique_visitors: int | None = 0
    new_visitors: int | None = 0
    returning_visitors: int | None = 0
    age_bands: list = field(default_factory=list)  # (label, count or None)
    genders: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)  # (label, hours, sessions)


def figures(units: QuerySet[Unit], *, start: date, end: date, suppress: bool) -> Figures:
    """The figures of `units` from `start` to `end` (both included). Unique visitors are distinct
    aliases across all the units, so a young person visiting two centres counts once; a visitor is
    new when their first visit to any unit of the owner is in the period."""
    entries = Entry.objects.filter(unit__in=units, date__gte=start, date__lte=end)
    totals = entries.aggregate(hours=Sum("hours"), sessions=Count("pk"), visits=Sum("visits"),
                               led_hours=Sum("youth_led_hours"), led_people=Sum("youth_led_people"))
    visits = Visit.objects.filter(unit__in=units, date__gte=start, date__lte=end)
    alias_ids = visits.filter(alias__isnull=False).values("alias")
    unique = visits.filter(alias__isnull=False).values("alias").distinct().count()
    owners = units.values("owner")
    # First visit of each alias to any unit of the owner (the network), not only to these units.
    new = (Visit.objects.filter(alias__in=alias_ids, unit__owner__in=owners).values("alias")
           .annotate(first=Min("date")).filter(first__gte=start).count())
    s = suppress

    def breakdown(field_name, choices):
        counts = dict(visits.filter(alias__isnull=False).values(field_name)
                      .annotate(n=Count("alias", distinct=True)).values_list(field_name, "n"))
        return [(label, suppressed(counts.get(value, 0), suppress=s)) for value, label in choices]

    by_kind = {row["activity__kind"]: row for row in entries.values("activity__kind").annotate(
        hours=Sum("hours"), sessions=Count("pk"))}
    return Figures(
        hours=float(totals["hours"] or 0), sessions=totals["sessions"], visits=totals["visits"] or 0,
        check_ins=visits.count(), youth_led_hours=float(totals["led_hours"] or 0),
        youth_led_people=totals["led_people"] or 0,
        unique_visitors=suppressed(unique, suppress=s), new_visitors=suppressed(new, suppress=s),
        returning_visitors=suppressed(unique - new, suppress=s),
        age_bands=breakdown("age_band", Alias._meta.get_field("age_band").choices),
        genders=breakdown("gender", Alias._meta.get_field("gender").choices),
        by_kind=[(label, float(by_kind[value]["hours"] or 0), by_kind[value]["sessions"])
                 for value, label in Activity._meta.get_field("kind").choices if value in by_kind],
    )


def municipality_rows(owner: Owner, *, start: date, end: date) -> list[tuple[Municipality, Figures]]:
    """The owner's figures per municipality (suppressed: above the unit level)."""
    municipalities = Municipality.objects.filter(units__owner=owner).distinct()
    return [(m, figures(Unit.objects.filter(owner=owner, municipality=m), start=start, end=end, suppress=True))
            for m in municipalities]


def owner_units(owner: Owner) -> QuerySet[Unit]:
    return Unit.objects.filter(owner=owner).select_related("municipality")


def owner_units_with_counts(owner: Owner) -> QuerySet[Unit]:
    return owner_units(owner).annotate(activity_count=Count("activities")).order_by("municipality__name", "name")


def municipality_units(municipality: Municipality, *, user) -> QuerySet[Unit]:
    """The units in `municipality` whose figures `user` reads: every unit there for its municipality
    viewer, the units of the owners they read as a whole for anyone else."""
    units = Unit.objects.filter(municipality=municipality)
    if user.is_superuser or roles_of(user).filter(kind=K.MUNICIPALITY_VIEWER, municipality=municipality).exists():
        return units
    return units.filter(owner__in=readable_owners(user))


def alias_for(owner: Owner, digest: str) -> Alias | None:
    return Alias.objects.filter(owner=owner, alias_hash=digest).first()


def unit_people(unit: Unit) -> QuerySet[Role]:
    return Role.objects.filter(unit=unit).select_related("user").order_by("kind", "user__email")


# --- reports ----------------------------------------------------------------------------------------

def shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before `start`."""
    length = end - start
    return start - length - timedelta(days=1), start - timedelta(days=1)


@dataclass
class Reflection:
    date: date
    unit: str
    activity: str
    question: str
    answer: str


@dataclass
class Report:
    """A report of a unit, a municipality, a network or a country for a period, compared with the
    period before and the same period a year earlier. Reflections only where their readers may read
    them (a unit's people, the network's coordinator), never for municipality or national viewers."""

    title: str
    level: str
    start: date
    end: date
    current: Figures
    previous: Figures
    last_year: Figures
    previous_start: date
    previous_end: date
    aims: list = field(default_factory=list)  # (aim, sessions, hours)
    reflections: list[Reflection] | None = None
    unit_count: int = 0


def aims_followed(units, *, start: date, end: date) -> list[tuple[str, int, float]]:
    """The shared aims the activities of `units` followed in the period: (aim, sessions, hours)."""
    rows = (Entry.objects.filter(unit__in=units, date__gte=start, date__lte=end,
                                 activity__shared_aims__isnull=False)
            .values("activity__shared_aims__text")
            .annotate(sessions=Count("pk"), hours=Sum("hours")).order_by("-hours", "activity__shared_aims__text"))
    return [(r["activity__shared_aims__text"], r["sessions"], float(r["hours"] or 0)) for r in rows]


def reflections_of(units, *, start: date, end: date, limit: int = 200) -> list[Reflection]:
    """The reflection answers recorded for `units` in the period, newest first."""
    entries = (Entry.objects.filter(unit__in=units, date__gte=start, date__lte=end).exclude(reflections={})
               .select_related("unit", "activity").order_by("-date", "-pk")[:limit])
    questions = {str(q.pk): q.text for q in ReflectionQuestion.objects.filter(owner__units__in=units).distinct()}
    return [Reflection(e.date, e.unit.name, e.activity.name, questions.get(key, ""), answer)
            for e in entries for key, answer in e.reflections.items() if answer]


def report(units: QuerySet[Unit], *, title: str, level: str, start: date, end: date, suppress: bool,
           with_reflections: bool) -> Report:
    prev_start, prev_end = previous_period(start, end)
    return Report(
        title=title, level=level, start=start, end=end, previous_start=prev_start, previous_end=prev_end,
        current=figures(units, start=start, end=end, suppress=suppress),
        previous=figures(units, start=prev_start, end=prev_end, suppress=suppress),
        last_year=figures(units, start=shift_year(start, -1), end=shift_year(end, -1), suppress=suppress),
        aims=aims_followed(units, start=start, end=end),
        reflections=reflections_of(units, start=start, end=end) if with_reflections else None,
        unit_count=units.count(),
    )


def country_units(user, country: str) -> QuerySet[Unit]:
    """The units in `country` of the owners `user` reads as a whole (coordinators, national viewers)."""
    return Unit.objects.filter(owner__in=readable_owners(user), municipality__country=country.upper())


# --- the public overview ----------------------------------------------------------------------------

MIN_UNITS_SHOWN = 1  # a municipality is listed once it has units with entries in the period


@dataclass
class OverviewRow:
    municipality: Municipality
    units: int
    hours: float
    sessions: int
    visits: int
    unique_visitors: int | None


def public_overview(*, start: date, end: date) -> list[OverviewRow]:
    """Per municipality with youth work recorded in the period: the units' hours, sessions and visits
    and the unique visitors (suppressed below SMALL_CELL). Aggregates only, in two grouped queries."""
    entry_rows = {r["unit__municipality"]: r for r in Entry.objects.filter(date__gte=start, date__lte=end)
                  .values("unit__municipality").annotate(hours=Sum("hours"), sessions=Count("pk"),
                                                         visits=Sum("visits"), units=Count("unit", distinct=True))}
    visitor_rows = dict(Visit.objects.filter(date__gte=start, date__lte=end, alias__isnull=False)
                        .values("unit__municipality").annotate(n=Count("alias", distinct=True))
                        .values_list("unit__municipality", "n"))
    municipalities = Municipality.objects.filter(pk__in=entry_rows).order_by("country", "name")
    return [OverviewRow(m, entry_rows[m.pk]["units"], float(entry_rows[m.pk]["hours"] or 0),
                        entry_rows[m.pk]["sessions"], entry_rows[m.pk]["visits"] or 0,
                        suppressed(visitor_rows.get(m.pk, 0), suppress=True))
            for m in municipalities if entry_rows[m.pk]["units"] >= MIN_UNITS_SHOWN]
