"""No private value survives the purge.

A unique marker is planted in every private text field of every model the privacy registry
declares (found by walking the registry, not listed here), in the registrations' history and in an
uploaded answer file. Once both retention periods have passed and `purge_due()` has run, the marker
is nowhere: not in any column of any table, not in any file under MEDIA_ROOT. What must outlive the
purge (grant lines, sending countries, check-ins, counts) is still there.
"""

import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models

from kopa.core import privacy
from kopa.core.models import AuditEntry, Job
from kopa.directory.models import DataProtectionRequest, Person
from kopa.events.models import (
    Answer,
    Attendance,
    LearningRecord,
    ParticipationDetails,
    PrivacyCounts,
    Registration,
    RideOffer,
    RideRequest,
    Room,
    RoomAllocation,
    RoomRequest,
    RoomType,
    TransportMode,
    TravelDetails,
)
from kopa.events.registration.services import registration_organisation_set
from kopa.events.tests.registration_support import K, add_question
from kopa.events.tests.travel_support import town
from kopa.logbook.models import AgeBand, Alias, Gender, Owner
from kopa.matchmaking.models import (
    Interest,
    MatchmakingSetup,
    MeetingRequest,
    PartnerRequest,
    Profile,
)
from kopa.reports.models import ActivityPhoto, ActivityReport
from kopa.reports.tests.activity_support import gps_photo

S = Registration.Status
ZONE = ZoneInfo("Europe/Ljubljana")
START = datetime(2021, 5, 10, 9, 0, tzinfo=ZONE)
END = datetime(2021, 5, 12, 17, 0, tzinfo=ZONE)
AFTER_BOTH_PERIODS = END + timedelta(days=400)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
# Rows whose rule is their own (not the event's): every row of these is due once its period is over.
OWN_RULE = (DataProtectionRequest, Interest, Alias)


@pytest.fixture
def marker():
    # Short enough for every private text column (the shortest holds 20 characters).
    return "zq" + secrets.token_hex(6)


@pytest.fixture
def event_with_everything(make_event, make_registration, make_user, host_agency, settings, tmp_path,
                          marker, make_organisation):
    """A past event with one row of every kind of private data, an uploaded file and a history."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "private"}}}
    event = make_event(start=START, end=END, latitude=Decimal("46.15463"),
                       longitude=Decimal("15.23555"))
    driver = make_registration(event=event, status=S.ATTENDED, user=make_user())
    passenger = make_registration(event=event, status=S.NO_SHOW)
    home = town("Celje")
    for person in (driver, passenger):
        ParticipationDetails.objects.create(registration=person, has_access_needs=True,
                                            access_needs="x", emergency_contact_name="x",
                                            emergency_contact_phone="1",
                                            fewer_opportunities=["health"],
                                            fewer_opportunities_consent=True)
        TravelDetails.objects.create(registration=person, origin=home, mode=TransportMode.TRAIN,
                                     green=True, distance_km=400, grant_eur=Decimal("285.00"),
                                     arrival=START - timedelta(hours=3),
                                     departure=END + timedelta(hours=3))
        LearningRecord.objects.create(registration=person, framework="key_competences",
                                      outcomes={"literacy": "x"})
    Attendance.objects.create(registration=driver, day=date(2021, 5, 10), checked_in_at=START)
    Attendance.objects.create(registration=driver, day=date(2021, 5, 11), checked_in_at=START)
    offer = RideOffer.objects.create(event=event, driver=driver, origin=home, seats=2, notes="x")
    RideRequest.objects.create(event=event, passenger=passenger, origin=home, offer=offer)
    double = RoomType.objects.create(event=event, name={"en": "Double room"}, places=2)
    room = Room.objects.create(room_type=double, label="101")
    RoomRequest.objects.create(registration=driver, room_type=double, first_night=date(2021, 5, 10),
                               last_night=date(2021, 5, 11), share_with="x")
    RoomAllocation.objects.create(room=room, registration=driver)
    Answer.objects.create(
        registration=driver, question=add_question(event, K.FILE), value="x",
        file=SimpleUploadedFile(f"{marker}.pdf", b"%PDF-1.4\n" + marker.encode() * 20,
                                content_type="application/pdf"),
    )
    # The sign-in sheet an organiser downloaded then: a background job's result, in private storage.
    organiser_of_docs = make_user(agency=host_agency)
    job = Job.objects.create(kind="kopa.events.jobs:sign_in_sheet", requested_by=organiser_of_docs,
                             agency_id=host_agency.pk, parameters={"event": event.pk},
                             status=Job.Status.DONE, expires_at=END + timedelta(days=7))
    job.result.save(f"{marker}.pdf", ContentFile(b"%PDF-1.4\n" + marker.encode() * 20))
    # A data-protection request an agency closed long ago (its own rule: three years after closing).
    DataProtectionRequest.objects.create(
        agency=host_agency, kind=DataProtectionRequest.Kind.ACCESS, subject_name="x", subject_email="x@example.org",
        person=Person.objects.create(first_name="x", last_name="x"), received_on=date(2017, 12, 1),
        due_on=date(2017, 12, 31), status=DataProtectionRequest.Status.DONE, resolution_note="x",
        closed_at=datetime(2018, 1, 1, tzinfo=ZONE))
    # An "I'm interested" message to a partner request that closed in 2019 (a year's retention).
    poster, interested = make_organisation(), make_organisation()
    closed = PartnerRequest.objects.create(
        organisation=poster, title={"en": "Partners wanted"}, action="KA220-YOU", round="2019-1",
        closes_on=date(2019, 1, 31), roles=["partner"], status=PartnerRequest.Status.CLOSED,
        closed_reason=PartnerRequest.ClosedReason.EXPIRED,
        closed_at=datetime(2019, 2, 1, tzinfo=ZONE))
    Interest.objects.create(request=closed, organisation=interested, sent_by=make_user(), message="x", answer="x")
    # A Logbook alias last seen in 2018 (two years' retention).
    owner = Owner.objects.create(organisation=poster, name="x", country="SI")
    Alias.objects.create(owner=owner, alias_hash="x", pin_hash="x", age_band=AgeBand.AGE_16_18,
                         gender=Gender.GIRL, last_seen=date(2018, 3, 1))
    # The event's meetings: who needs a step-free or quiet table, and why someone asked to meet.
    setup = MatchmakingSetup.objects.create(event=event)
    asking = Profile.objects.create(setup=setup, registration=driver, needs_step_free=True, needs_quiet=True)
    asked = Profile.objects.create(setup=setup, registration=passenger)
    MeetingRequest.objects.create(setup=setup, sender=asking, recipient=asked, reason="x")
    # A photo of the event in its activity report (private storage): deleted with the participation data.
    report = ActivityReport.objects.create(event=event, agency=host_agency, template="2sokrog", language="sl")
    photo = ActivityPhoto(report=report, alt_text="x", consent_confirmed=True, width=40, height=30)
    photo.image.save("photo.jpg", ContentFile(gps_photo(40, 30)), save=False)
    photo.width, photo.height = 40, 30
    photo.save()
    _plant(marker)
    # The registration's history, written by the service that changes it, names the person and the
    # organisation they typed.
    organiser = make_user(agency=host_agency)
    registration_organisation_set(actor=organiser, registration=Registration.objects.get(pk=driver.pk),
                                  organisation=None)
    return event


def _private_text_fields(declaration: privacy.Declaration) -> list[models.Field]:
    """The private free-text fields: a field with choices holds one of them, never a planted text (the
    deletion test below covers those)."""
    return [f for f in declaration.model._meta.concrete_fields
            if privacy.is_private(f) and declaration.covers(f.name) and isinstance(f, TEXT_FIELDS)
            and not f.choices]


def _marked(field: models.Field, marker: str, pk: int):
    if isinstance(field, models.JSONField):
        return {"text": marker}
    if isinstance(field, models.EmailField):
        return f"{marker}.{pk}@example.org"
    return f"{marker}-{pk}"


def _plant(marker: str) -> None:
    """Write the marker into every private text field of every declared model's rows."""
    for declaration in privacy.discover().declarations:
        rows = list(declaration.model._default_manager.all())
        assert rows, f"no {declaration.model._meta.label} row to plant the marker in: add one above"
        for row in rows:
            values = {f.name: _marked(f, marker, row.pk) for f in _private_text_fields(declaration)}
            if values:
                declaration.model._default_manager.filter(pk=row.pk).update(**values)


def _tables_holding(marker: str) -> list[str]:
    """Every table and column that still holds the marker, searched over every column of every
    table (as text, by the database)."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for column in columns:
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} WHERE CAST({quote(column)} AS TEXT) LIKE %s LIMIT 1",
                    [f"%{marker}%"],
                )
                if cursor.fetchone():
                    found.append(f"{table}.{column}")
    return found


def _files_holding(root: Path, marker: str) -> list[str]:
    return [str(p) for p in root.rglob("*")
            if marker in p.name or (p.is_file() and marker.encode() in p.read_bytes())]


def test_the_marker_is_everywhere_before_the_purge(event_with_everything, marker, tmp_path):
    """The search below finds what it looks for: the planted values are really there."""
    holding = set(_tables_holding(marker))

    assert {"events_registration.first_name", "events_registration.email",
            "events_registration.checkin_code", "events_learningrecord.outcomes",
            "events_participationdetails.access_needs",
            "events_participationdetails.fewer_opportunities", "events_rideoffer.notes",
            "events_roomrequest.share_with", "events_answer.value", "matchmaking_meetingrequest.reason",
            "core_auditentry.object_repr", "core_auditentry.changes"} <= holding
    assert _files_holding(tmp_path, marker)


def test_no_private_value_is_left_after_both_retention_periods(
    event_with_everything, marker, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = privacy.purge_due(now=AFTER_BOTH_PERIODS)

    assert done == {"event participation": 1, "event registration": 1, "job results": 1,
                    "data-protection requests": 1, "partner request messages": 1, "logbook aliases": 1}
    assert _tables_holding(marker) == []
    assert _files_holding(tmp_path, marker) == []


def test_every_declared_field_is_emptied_or_its_rows_deleted(
    event_with_everything, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        privacy.purge_due(now=AFTER_BOTH_PERIODS)

    assert not Job.objects.exists()  # "job results": each job is its own owner, deleted whole
    for declaration in privacy.discover().declarations:
        if declaration.model is Job:
            continue
        if declaration.model in OWN_RULE:  # a rule of their own, past its period: every row is due
            rows = declaration.model._default_manager.all()
        else:
            rows = declaration.model._default_manager.filter(**{declaration.owner: event_with_everything})
        if not declaration.blank:
            assert not rows.exists(), declaration.model
            continue
        blank = privacy.blank_values(declaration.model, declaration.blank)
        for values in rows.values(*declaration.blank):
            assert values == {name: blank[name] for name in declaration.blank}, declaration.model


def test_what_must_outlive_the_purge_is_kept(event_with_everything, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        privacy.purge_due(now=AFTER_BOTH_PERIODS)

    registrations = Registration.objects.filter(event=event_with_everything).order_by("pk")
    assert [(r.status, r.sending_country.code, r.country_of_residence.code) for r in registrations] == [
        (S.ATTENDED, "SI", "SI"), (S.NO_SHOW, "SI", "SI")]
    assert [r.full_name for r in registrations] == [f"Participant {r.pk}" for r in registrations]
    travel = TravelDetails.objects.filter(registration__event=event_with_everything)
    assert sorted(travel.values_list("mode", "green", "distance_km", "grant_eur")) == [
        (TransportMode.TRAIN, True, 400, Decimal("285.00"))] * 2
    assert Attendance.objects.filter(registration__event=event_with_everything).count() == 2
    counts = PrivacyCounts.objects.get(event=event_with_everything)
    assert (counts.participants, counts.with_access_needs) == (2, 2)
    assert counts.purged_at == counts.registrations_purged_at == AFTER_BOTH_PERIODS
    # Which fields changed and when stays in the history; only the values are gone.
    entry = AuditEntry.objects.filter(changes__has_key="organisation_name").get()
    assert entry.object_repr == f"registration #{registrations[0].pk}"


def test_the_registrations_wait_for_the_longer_retention_period(
    event_with_everything, marker, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = privacy.purge_due(now=END + timedelta(days=31))

    assert done == {"event participation": 1, "event registration": 0, "job results": 1,
                    "data-protection requests": 1, "partner request messages": 1, "logbook aliases": 1}
    holding = set(_tables_holding(marker))
    assert "events_registration.checkin_code" not in holding
    assert {"events_registration.first_name", "events_registration.email",
            "events_learningrecord.outcomes"} <= holding

    settings.KOPA_REGISTRATION_RETENTION_DAYS = 60
    assert privacy.purge_due(now=END + timedelta(days=61)) == {
        "event participation": 0, "event registration": 1, "job results": 0, "data-protection requests": 0,
        "partner request messages": 0, "logbook aliases": 0}
    assert _tables_holding(marker) == []
