"""The calendar's reads: filters, month boundaries in the event's time zone, drafts, plans."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopa.core.errors import NotFound
from kopa.directory.models import Language, TargetGroup
from kopa.events.calendar.selectors import (
    EventFilters,
    activity_plan,
    calendar_events,
    month_events,
    public_event,
    public_events,
)
from kopa.events.models import Event, Registration
from kopa.events.tests.conftest import NOW
from kopa.programmes.models import Partnership, Strand

RIGA = ZoneInfo("Europe/Riga")
LJUBLJANA = ZoneInfo("Europe/Ljubljana")


def _ids(qs):
    return {e.pk for e in qs}


@pytest.fixture
def strand_with(host_agency):
    def make(*codes):
        partnership, _created = Partnership.objects.get_or_create(
            slug="inclusion", defaults={"name": {"en": "Inclusion"}, "coordinator": host_agency}
        )
        strand = Strand.objects.create(partnership=partnership, name={"en": "Strand"})
        strand.target_groups.set(TargetGroup.objects.filter(code__in=codes))
        return strand

    return make


def test_drafts_are_not_in_the_public_calendar(make_event):
    published = make_event()
    make_event(status=Event.Status.DRAFT)

    assert _ids(public_events()) == {published.pk}


def test_cancelled_events_stay_in_the_calendar_so_nobody_misses_the_cancellation(make_event):
    cancelled = make_event(status=Event.Status.CANCELLED)

    assert cancelled.pk in _ids(public_events())


def test_filter_by_type_and_country(make_event):
    wanted = make_event(type=Event.Type.STUDY_VISIT, country="LV")
    make_event(type=Event.Type.STUDY_VISIT, country="SI")
    make_event(type=Event.Type.CONFERENCE, country="LV")

    filters = EventFilters(type=[Event.Type.STUDY_VISIT], country=["LV"])

    assert _ids(public_events(filters=filters)) == {wanted.pk}


def test_filter_by_working_language_lists_an_event_once_even_with_several_matches(make_event):
    both = make_event()
    both.working_languages.set(Language.objects.filter(code__in=["en", "sl"]))
    latvian = make_event()
    latvian.working_languages.set(Language.objects.filter(code="lv"))

    result = list(public_events(filters=EventFilters(language=["en", "sl"])))

    assert [e.pk for e in result] == [both.pk]


def test_an_event_matches_a_target_group_when_its_strand_has_it(make_event, strand_with):
    disability = make_event(strand=strand_with("disability", "health"))
    make_event(strand=strand_with("education"))
    make_event()  # no strand

    result = list(public_events(filters=EventFilters(target_group=["disability", "health"])))

    assert [e.pk for e in result] == [disability.pk]


def test_free_text_finds_the_title_in_any_language(make_event):
    wanted = make_event(title={"en": "Inclusion training", "lv": "Iekļaušanas apmācība"})
    make_event(title={"en": "Job shadowing in Tartu"})

    assert _ids(public_events(filters=EventFilters(q="apmācība"))) == {wanted.pk}
    assert _ids(public_events(filters=EventFilters(q="INCLUSION"))) == {wanted.pk}


def test_date_filters_keep_events_that_overlap_the_period(make_event):
    start = datetime(2027, 5, 10, 9, tzinfo=LJUBLJANA)
    overlapping = make_event(start=start, end=start + timedelta(days=3))
    make_event(start=start + timedelta(days=10), end=start + timedelta(days=11))
    make_event(start=start - timedelta(days=10), end=start - timedelta(days=9))

    filters = EventFilters(date_from=date(2027, 5, 12), date_to=date(2027, 5, 15))

    assert _ids(public_events(filters=filters)) == {overlapping.pk}


def test_upcoming_list_shows_soonest_first_and_past_list_latest_first(make_event):
    later = make_event(start=NOW + timedelta(days=30))
    sooner = make_event(start=NOW + timedelta(days=5))
    old = make_event(start=NOW - timedelta(days=60))
    older = make_event(start=NOW - timedelta(days=90))

    assert [e.pk for e in calendar_events(now=NOW)] == [sooner.pk, later.pk]
    assert [e.pk for e in calendar_events(now=NOW, past=True)] == [old.pk, older.pk]


def test_an_event_on_the_first_of_the_month_in_riga_belongs_to_that_month(make_event):
    # 00:30 on 1 June in Riga is still 31 May in Ljubljana and in UTC.
    start = datetime(2027, 6, 1, 0, 30, tzinfo=RIGA)
    event = make_event(start=start, end=start + timedelta(hours=3), time_zone="Europe/Riga")

    june = month_events(year=2027, month=6)
    may = month_events(year=2027, month=5)

    assert [d.day for d in june.days] == [date(2027, 6, 1)]
    assert june.days[0].events == [event]
    assert may.is_empty


def test_an_event_ending_at_midnight_does_not_spill_into_the_next_month(make_event):
    start = datetime(2027, 5, 31, 18, tzinfo=RIGA)
    make_event(start=start, end=datetime(2027, 6, 1, 0, 0, tzinfo=RIGA), time_zone="Europe/Riga")

    assert month_events(year=2027, month=6).is_empty
    assert not month_events(year=2027, month=5).is_empty


def test_an_event_running_across_months_is_continuing_in_the_later_month(make_event):
    start = datetime(2027, 6, 29, 9, tzinfo=LJUBLJANA)
    event = make_event(start=start, end=start + timedelta(days=4))

    july = month_events(year=2027, month=7)

    assert july.continuing == [event]
    assert july.days == []


def test_month_filters_apply(make_event):
    start = datetime(2027, 6, 10, 9, tzinfo=LJUBLJANA)
    make_event(start=start, end=start + timedelta(hours=2), country="SI")

    assert month_events(year=2027, month=6, filters=EventFilters(country=["EE"])).is_empty


def test_the_list_takes_the_same_number_of_queries_for_many_events(make_event, make_registration):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            for event in calendar_events(now=NOW):
                list(event.working_languages.all())
                str(event.organiser_agency)
                event.places_left  # noqa: B018
        return len(ctx.captured_queries)

    event = make_event()
    event.working_languages.set(Language.objects.filter(code="en"))
    few = count_queries()
    for _n in range(5):
        more = make_event()
        more.working_languages.set(Language.objects.filter(code__in=["en", "lv"]))
        make_registration(event=more)

    assert count_queries() == few


def test_places_left_counts_only_places_held(make_event, make_registration):
    event = make_event(capacity=3)
    make_registration(event=event, status=Registration.Status.CONFIRMED)
    make_registration(event=event, status=Registration.Status.WAITLISTED)
    make_registration(event=event, status=Registration.Status.CANCELLED)

    assert public_events().get(pk=event.pk).places_left == 2


def test_a_draft_is_found_for_its_organisers_only(make_event, make_user, host_agency, make_agency):
    draft = make_event(status=Event.Status.DRAFT)
    organiser = make_user(agency=host_agency)
    stranger = make_user(agency=make_agency(country="LV"))

    assert public_event(user=organiser, pk=draft.pk) == draft
    with pytest.raises(NotFound):
        public_event(user=stranger, pk=draft.pk)


def test_the_activity_plan_groups_an_agencys_events_by_month(make_event, make_agency):
    jan = make_event(start=datetime(2027, 1, 20, 10, tzinfo=LJUBLJANA))
    march = make_event(start=datetime(2027, 3, 5, 10, tzinfo=LJUBLJANA))
    make_event(start=datetime(2027, 7, 1, 10, tzinfo=LJUBLJANA))  # second half
    make_event(start=datetime(2027, 2, 1, 10, tzinfo=LJUBLJANA), status=Event.Status.DRAFT)
    make_event(start=datetime(2027, 2, 1, 10, tzinfo=LJUBLJANA), organiser_agency=make_agency())

    plan = activity_plan(agency=jan.organiser_agency, year=2027, half=1)

    assert plan == [(date(2027, 1, 1), [jan]), (date(2027, 3, 1), [march])]
