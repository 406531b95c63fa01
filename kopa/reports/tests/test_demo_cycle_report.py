"""The demo's cycle report: MOVIT's 2016–2018 cycle, with the funnel 76 → 52 → 36 → 11 counted
from the demo's interactions and the narrative the officer wrote."""

from kopa.agencies.models import AgencyMembership
from kopa.programmes.models import Cycle


def test_the_demo_cycle_report_shows_the_funnel_and_the_narrative(demo_once, db, client):
    cycle = Cycle.objects.get(partnership__slug="social-inclusion", name="2016–2018")
    officer = AgencyMembership.objects.filter(agency__slug="movit", role="staff").order_by("pk").first()
    client.force_login(officer.user)

    html = client.get(f"/en/staff/reports/cycles/{cycle.pk}/?agency={officer.agency_id}").content.decode()

    assert "Over the cycle&#x27;s campaigns: 76 → 52 → 36 → 11." in html or \
        "Over the cycle's campaigns: 76 → 52 → 36 → 11." in html
    assert "We invited 76 of them; 52 answered, 36 came to one of our three events" in html
    assert "Participants (distinct people checked in)" in html
