"""Reports for a unit, a municipality, the network and the country (compared, charted, as PDF and
XLSX in the background), and the public overview: aggregates only, small cells suppressed."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.test import Client
from django.utils import timezone

from kopa.core.tests.tagged_pdf import assert_accessible
from kopa.logbook.models import Alias, Entry, Role, Visit
from kopa.logbook.tests.support import build_logbook

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _visitors(unit, count, day, *, prefix="a"):
    for i in range(count):
        alias = Alias.objects.create(owner=unit.owner, alias_hash=f"{prefix}{unit.pk}-{i}", pin_hash="x",
                                     age_band="13-15", gender="girl")
        Visit.objects.create(unit=unit, alias=alias, date=day, age_band="13-15", gender="girl")


def test_a_youth_worker_reads_the_units_report_with_comparisons_charts_and_reflections():
    lb = build_logbook()
    today = timezone.localdate()
    Entry.objects.create(unit=lb["unit_celje"], activity=lb["open_celje"], author=lb["worker"],
                         date=today - timedelta(days=40), hours=Decimal("2"), visits=5)
    worker = _client(lb["worker"])
    unit_page = worker.get(f"/en/logbook/units/{lb['unit_celje'].pk}/").content.decode()
    address = f"/en/logbook/reports/unit/{lb['unit_celje'].pk}/"
    assert f'href="{address}"' in unit_page
    start = today - timedelta(days=29)
    page = worker.get(address, {"start": start.isoformat(), "end": today.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Previous period" in html and "A year earlier" in html
    # This period: the 4 hours of yesterday; the previous 30 days: the 2 hours of 40 days ago (+100 %).
    assert "<td>100</td>" in html
    assert html.count("<svg") >= 3 and "<script" not in html.split("<main", 1)[-1]
    assert "Turnir v namiznem tenisu" in html and "Mladi soodločajo" in html
    assert worker.get(f"/en/logbook/reports/unit/{lb['unit_maribor'].pk}/").status_code == 404


def test_the_municipality_viewer_reads_figures_without_reflections_and_suppressed():
    lb = build_logbook()
    _visitors(lb["unit_celje"], 3, timezone.localdate() - timedelta(days=2))
    viewer = _client(lb["viewer"])
    municipality_page = viewer.get(f"/en/logbook/municipalities/{lb['celje'].pk}/").content.decode()
    address = f"/en/logbook/reports/municipality/{lb['celje'].pk}/"
    assert f'href="{address}"' in municipality_page
    html = viewer.get(address).content.decode()
    assert "fewer than 5" in html
    assert "Turnir v namiznem tenisu" not in html and "NOTE-CELJE-PRIVATE" not in html
    assert "Reflections" not in html
    for other in (f"/en/logbook/reports/municipality/{lb['maribor'].pk}/",
                  f"/en/logbook/reports/owner/{lb['owner'].pk}/", f"/en/logbook/reports/unit/{lb['unit_celje'].pk}/",
                  "/en/logbook/reports/country/si/", "/en/logbook/reports/galaxy/1/"):
        assert viewer.get(other).status_code == 404, other


def test_the_coordinator_downloads_the_report_as_tagged_pdf_and_xlsx_and_the_annual_report(download_job):
    coordinator_user = build_logbook()["mentor"]
    lb_owner = Role.objects.filter(user=coordinator_user).first().owner
    Role.objects.create(user=coordinator_user, owner=lb_owner, kind=Role.Kind.COORDINATOR)
    client = _client(coordinator_user)
    address = f"/en/logbook/reports/owner/{lb_owner.pk}/"
    html = client.get(address).content.decode()
    assert "Turnir v namiznem tenisu" in html  # the coordinator reads the reflections
    assert client.get(address + "pdf/").status_code == 405
    today = timezone.localdate()
    period = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    pdf = download_job(client, address + "pdf/", period)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert_accessible(pdf.content, language="en", title="Logbook report: Mreža MaMa")
    xlsx = download_job(client, address + "xlsx/", period)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Hours" in cells and "Turnir v namiznem tenisu" in cells
    annual = download_job(client, address + "annual/", {"year": str(today.year)})
    assert annual["Content-Type"] == "application/pdf"
    assert_accessible(annual.content, language="en", title=f"Annual report {today.year}: Mreža MaMa")
    bad = client.post(address + "annual/", {"year": "1800"})
    assert bad.status_code == 400
    # A national report (the country of the network) needs a role that reads the network.
    assert client.get("/en/logbook/reports/country/si/").status_code == 200
    assert _client(lb_owner.roles.get(kind=Role.Kind.MUNICIPALITY_VIEWER).user).post(
        address + "pdf/", period).status_code == 404


def test_the_public_overview_shows_municipalities_without_identifying_anyone():
    lb = build_logbook()
    day = timezone.localdate() - timedelta(days=3)
    _visitors(lb["unit_celje"], 7, day)
    _visitors(lb["unit_maribor"], 2, day, prefix="m")
    Entry.objects.create(unit=lb["unit_maribor"], activity=lb["open_maribor"], author=lb["worker_maribor"],
                         date=day, hours=Decimal("3"), visits=9, note="NOTE-MARIBOR-PRIVATE")
    lb["celje"].latitude, lb["celje"].longitude = Decimal("46.23"), Decimal("15.26")
    lb["celje"].save()
    lb["maribor"].latitude, lb["maribor"].longitude = Decimal("46.55"), Decimal("15.65")
    lb["maribor"].save()
    page = Client().get("/en/youth-work/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Celje" in html and "Maribor" in html and "<svg" in html
    assert "<td>7</td>" in html and "fewer than 5" in html  # Maribor's 2 visitors are suppressed
    assert "NOTE" not in html and "Turnir" not in html and "Mladinski center" not in html
