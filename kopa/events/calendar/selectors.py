"""Reads for the public calendar, event pages, feeds and activity plans.

Every list runs a fixed number of queries, whatever its length: related rows are joined or
prefetched, places held are counted in the same query.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound
from kopa.directory.models import Language
from kopa.events.access import is_organiser
from kopa.events.models import HELD_STATUSES, Event, Registration
from kopa.programmes.models import Strand

# What the public sees: published events, and cancelled ones (marked) so that nobody misses that
# an event they planned for is off. Drafts stay with the organisers.
PUBLIC_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)
# The feed keeps recently ended events, so that a subscriber's calendar does not lose them at once.
FEED_KEEPS_DAYS = 90


@dataclass
class EventFilters:
    """The calendar's filters; empty lists and None mean "any"."""

    type: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _with_related(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related(
        "organiser_agency", "organiser_organisation", "partnership", "strand", "cycle", "project"
    ).prefetch_related(
        Prefetch("working_languages", queryset=Language.objects.order_by("code")),
    )


def with_places_held(qs: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate `held` (places taken) and `places_left`, counted in the same query."""
    # A correlated subquery, not a JOIN with GROUP BY: the database counts only for the rows it
    # returns (one page), and the paginator's count() leaves the unused annotation out.
    held = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=HELD_STATUSES)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0))
    ).annotate(places_left=Greatest(F("capacity") - F("held"), Value(0)))


def filter_events(qs: QuerySet[Event], filters: EventFilters) -> QuerySet[Event]:
    """Apply the calendar's filters. An event matches a target group when its strand has it."""
    if filters.type:
        qs = qs.filter(type__in=filters.type)
    if filters.country:
        qs = qs.filter(country__in=filters.country)
    if filters.language:
        qs = qs.filter(
            pk__in=Event.working_languages.through.objects.filter(
                language__code__in=filters.language
            ).values("event_id")
        )
    if filters.target_group:
        qs = qs.filter(
            strand__in=Strand.objects.filter(target_groups__code__in=filters.target_group).values(
                "pk"
            )
        )
    if filters.date_from:
        qs = qs.filter(end__gt=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(start__lt=_day_start(filters.date_to + timedelta(days=1)))
    text = filters.q.strip()
    if text:
        match = Q()
        for code, _name in settings.LANGUAGES:
            match |= Q(**{f"title__{code}__icontains": text})
        qs = qs.filter(match)
    return qs


def visible_events(*, user, filters: EventFilters | None = None) -> QuerySet[Event]:
    """The calendar's events matching `filters`, soonest first, with places held; agency staff also
    get every event of their agencies (drafts too)."""
    visible = Q(status__in=PUBLIC_STATUSES)
    staff_ids = staff_agency_ids(user)
    if staff_ids:
        visible |= Q(organiser_agency_id__in=staff_ids)
    qs = filter_events(Event.objects.filter(visible), filters or EventFilters())
    qs = qs.select_related("organiser_agency").prefetch_related("working_languages")
    return with_places_held(qs).order_by("start", "id")


def public_events(*, filters: EventFilters | None = None) -> QuerySet[Event]:
    """Published (and cancelled) events matching `filters`, soonest first, with places held."""
    qs = Event.objects.filter(status__in=PUBLIC_STATUSES)
    qs = filter_events(qs, filters or EventFilters())
    return with_places_held(_with_related(qs)).order_by("start", "id")


def calendar_events(
    *, filters: EventFilters | None = None, past: bool = False, now: datetime | None = None
) -> QuerySet[Event]:
    """The calendar list: events not yet over, soonest first; or, with `past`, ended ones, latest
    first."""
    now = now or timezone.now()
    qs = public_events(filters=filters)
    if past:
        return qs.filter(end__lte=now).order_by("-start", "-id")
    return qs.filter(end__gt=now)


def feed_events(
    *, filters: EventFilters | None = None, now: datetime | None = None
) -> QuerySet[Event]:
    """The calendar feed: public events matching `filters` that have not ended, or ended recently."""
    since = (now or timezone.now()) - timedelta(days=FEED_KEEPS_DAYS)
    return public_events(filters=filters).filter(end__gt=since)


def local_dates(event: Event) -> tuple[date, date]:
    """The first and last day of `event` in its own time zone (an end at midnight ends the day
    before)."""
    tz = ZoneInfo(event.time_zone)
    first = timezone.localtime(event.start, tz).date()
    last = timezone.localtime(event.end - timedelta(microseconds=1), tz).date()
    return first, max(first, last)


@dataclass
class MonthDay:
    day: date
    events: list[Event]


@dataclass
class Month:
    year: int
    month: int
    continuing: list[Event]  # started in an earlier month, still running in this one
    days: list[MonthDay]  # only days on which an event starts

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> date:
        return (self.first_day - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first_day + timedelta(days=32)).replace(day=1)

    @property
    def is_empty(self) -> bool:
        return not self.continuing and not self.days


def month_events(*, year: int, month: int, filters: EventFilters | None = None) -> Month:
    """The events running in a month, each on the day it starts in its own time zone."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    # A day's margin either side covers every time zone; the exact test is on local dates.
    qs = public_events(filters=filters).filter(
        start__lt=_day_start(last + timedelta(days=2)), end__gt=_day_start(first - timedelta(days=1))
    )
    continuing, by_day = [], {}
    for event in qs:
        start_day, end_day = local_dates(event)
        if end_day < first or start_day > last:
            continue
        if start_day < first:
            continuing.append(event)
        else:
            by_day.setdefault(start_day, []).append(event)
    days = [MonthDay(day=day, events=by_day[day]) for day in sorted(by_day)]
    return Month(year=year, month=month, continuing=continuing, days=days)


def public_event(*, user, pk: int) -> Event:
    """One event for its public page: published or cancelled, or a draft for its organisers.
    Raises NotFound."""
    event = with_places_held(_with_related(Event.objects.filter(pk=pk))).first()
    if event is None:
        raise NotFound()
    if event.status not in PUBLIC_STATUSES and not is_organiser(user, event):
        raise NotFound()
    return event


def half_year_range(year: int, half: int) -> tuple[date, date]:
    """The first day of the half year and the first day after it; half is 1 or 2."""
    if half == 1:
        return date(year, 1, 1), date(year, 7, 1)
    return date(year, 7, 1), date(year + 1, 1, 1)


def planning_agencies() -> QuerySet[Agency]:
    """The agencies that organise at least one public event: each has an activity plan, by name."""
    return Agency.objects.filter(
        pk__in=Event.objects.filter(status__in=PUBLIC_STATUSES).values("organiser_agency_id")
    ).order_by("name")


def activity_plan(
    *, agency: Agency, year: int, half: int, drafts: bool = False
) -> list[tuple[date, list[Event]]]:
    """The public events an agency organises that start in the half year, grouped by month
    (each month's first day), in order; with `drafts`, its events not yet published too (the plan
    its own people build as a background job)."""
    first, after = half_year_range(year, half)
    base = (with_places_held(_with_related(Event.objects.all())).order_by("start", "id")
            if drafts else public_events())
    qs = base.filter(
        organiser_agency=agency,
        start__gte=_day_start(first - timedelta(days=1)),
        start__lt=_day_start(after + timedelta(days=1)),
    )
    months: dict[date, list[Event]] = {}
    for event in qs:
        start_day, _end = local_dates(event)
        if first <= start_day < after:
            months.setdefault(start_day.replace(day=1), []).append(event)
    return sorted(months.items())
