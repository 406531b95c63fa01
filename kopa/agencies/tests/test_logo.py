"""An agency's logo is served by Kopa and shown, with the agency's name as its text, where the
agency's name is a heading: its team page, its working groups and its activity plan."""

import base64

import pytest

from django.core.files.base import ContentFile

from kopa.agencies.models import AgencyMembership

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def agency_with_logo(make_agency, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = make_agency(name="MOVIT")
    agency.logo.save("movit.png", ContentFile(PNG))
    return agency


@pytest.mark.django_db
def test_the_logo_address_answers_with_the_image(client, agency_with_logo):
    response = client.get(f"/en/agencies/{agency_with_logo.slug}/logo/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_an_agency_without_a_logo_or_an_unknown_agency_answers_404(client, make_agency):
    agency = make_agency()
    assert client.get(f"/en/agencies/{agency.slug}/logo/").status_code == 404
    assert client.get("/en/agencies/no-such-agency/logo/").status_code == 404


@pytest.mark.django_db
def test_the_logo_shows_on_the_public_pages_and_the_team_page(client, agency_with_logo, make_user):
    img = (f'<img class="agency-logo" src="/en/agencies/{agency_with_logo.slug}/logo/" '
           f'alt="{agency_with_logo.name}">')
    for path in (f"/en/programmes/agencies/{agency_with_logo.slug}/working-groups/",
                 f"/en/events/plan/{agency_with_logo.slug}/2026/1/"):
        assert img in client.get(path).content.decode(), path
    client.force_login(make_user(agency=agency_with_logo, role=AgencyMembership.Role.OBSERVER))
    assert img in client.get(f"/en/staff/agencies/{agency_with_logo.slug}/team/").content.decode()
