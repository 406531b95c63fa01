"""Objects for the activity report's tests, the page registry (kopa/site/tests/pages.py) and the
permission matrix: a past two-day event of an agency with people checked in from two countries, a
photo with GPS metadata made with Pillow, and a draft report on the 2SoKrog form."""

from datetime import date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from kopa.events.checkin.services import attendance_record
from kopa.events.models import Event, Registration
from kopa.reports.activity.services import activity_report_create
from kopa.reports.models import ActivityReport

ZONE = ZoneInfo("Europe/Ljubljana")
START = datetime(2018, 12, 6, 9, 30, tzinfo=ZONE)


def past_event(agency, *, days: int = 2, **fields) -> Event:
    fields.setdefault("title", {"en": "Peer review on social activation", "sl": "Strokovno srečanje o socialni "
                                "aktivaciji", "lv": "Salīdzinošā izvērtēšana"})
    return Event.objects.create(
        organiser_agency=agency, type=Event.Type.CONFERENCE, start=START,
        end=START + timedelta(days=days - 1, hours=4, minutes=45), time_zone="Europe/Ljubljana",
        capacity=80, status=Event.Status.PUBLISHED, venue_name="Grad Ormož", town="Ormož", country="SI", **fields)


def registration(event: Event, n: int, country: str = "SI") -> Registration:
    return Registration.objects.create(
        event=event, status=Registration.Status.CONFIRMED, created_at=START - timedelta(days=20),
        decided_at=START - timedelta(days=19), first_name=f"Ana{n}", last_name="Testna",
        email=f"report{event.pk}-{n}@example.org", country_of_residence=country, sending_country=country,
        organisation_name="Center za socialno delo", role="youth worker", language="sl")


def check_in(actor, people, day: date) -> None:
    for person in people:
        attendance_record(actor=actor, registration=person, day=day, now=START + timedelta(days=30))


def event_with_checkins(agency, actor) -> Event:
    """Day 1: two from Slovenia and one from Croatia; day 2: one of them again and one more from
    Croatia; one more registration never came. Four distinct people checked in."""
    event = past_event(agency)
    si1, si2, hr1, hr2 = (registration(event, 1), registration(event, 2), registration(event, 3, "HR"),
                          registration(event, 4, "HR"))
    registration(event, 5)
    check_in(actor, [si1, si2, hr1], date(2018, 12, 6))
    check_in(actor, [si1, hr2], date(2018, 12, 7))
    return event


def gps_photo(width: int = 2400, height: int = 1800) -> bytes:
    """A JPEG whose EXIF says where it was taken (Ormož castle) and with which camera."""
    image = Image.new("RGB", (width, height), (180, 120, 60))
    for x in range(0, width, 40):
        for y in range(0, height, 40):
            image.putpixel((x, y), (20, 40, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Testcam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({ExifTags.GPS.GPSLatitudeRef: "N",
                ExifTags.GPS.GPSLatitude: (IFDRational(46), IFDRational(24), IFDRational(30)),
                ExifTags.GPS.GPSLongitudeRef: "E",
                ExifTags.GPS.GPSLongitude: (IFDRational(16), IFDRational(9), IFDRational(0))})
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(BytesIO(data)) as image:
        exif = image.getexif()
        return bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or ExifTags.Base.GPSInfo in exif or bool(exif)


def build_activity_report(d) -> ActivityReport:
    event = past_event(d.agency)
    person = registration(event, 1)
    check_in(d.users["staff"], [person], date(2018, 12, 6))
    return activity_report_create(actor=None, system=True, event=event,
                                  template=ActivityReport.Template.INTERREG_2SOKROG, language="en")
