"""Onboarding through the pages: a superuser creates an agency, its admin invites colleagues, changes
their roles and removes them; everyone else is kept out, and every change is audited."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.http import HttpRequest

from kopa.agencies.models import Agency, AgencyMembership
from kopa.core.models import AuditEntry

User = get_user_model()
Role = AgencyMembership.Role


def _link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _history(agency) -> list[dict]:
    return [e.changes for e in AuditEntry.objects.filter(object_id=str(agency.pk)).order_by("pk")]


@pytest.fixture
def agency(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def admin(make_user, agency):
    return make_user(agency=agency, role=Role.ADMIN, first_name="Mojca", last_name="Kovač")


def test_a_superuser_creates_an_agency_from_the_form(client, make_user):
    client.force_login(make_user(superuser=True))

    response = client.post("/en/staff/agencies/new/", {
        "name": "Agentura pro mládež", "short_name": "DZS Youth", "kind": "national_agency", "country": "CZ",
        "website": "https://example.org", "languages": ["en"],
    })

    agency = Agency.objects.get(name="Agentura pro mládež")
    assert response.status_code == 302 and response["Location"] == f"/en/staff/agencies/{agency.slug}/team/"
    assert (agency.kind, agency.country.code, agency.languages) == ("national_agency", "CZ", ["en"])
    assert _history(agency)[0]["name"] == [None, "Agentura pro mládež"]


def test_the_agency_form_explains_what_is_missing_next_to_the_field(client, make_user):
    client.force_login(make_user(superuser=True))

    response = client.post("/en/staff/agencies/new/", {"name": "", "kind": "bank", "country": "XX"})

    assert response.status_code == 200 and not Agency.objects.exists()
    html = response.content.decode()
    assert 'id="id_name_errors"' in html and 'id="id_kind_errors"' in html and 'id="id_country_errors"' in html


def test_agency_staff_cannot_create_agencies(client, admin):
    client.force_login(admin)
    assert client.get("/en/staff/agencies/new/").status_code == 404
    assert client.post("/en/staff/agencies/new/", {"name": "X", "kind": "network", "country": "SI"}).status_code == 404
    assert Agency.objects.count() == 1


def test_an_invited_colleague_chooses_a_password_from_the_email_and_reaches_the_back_office(
    client, admin, agency, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sl/staff/agencies/{agency.slug}/team/", {
            "email": "Tina.Zupan@Example.org", "first_name": "Tina", "last_name": "Zupan", "role": "staff"})
    assert response.status_code == 302

    colleague = User.objects.get(email="tina.zupan@example.org")
    assert not colleague.has_usable_password()
    assert AgencyMembership.objects.get(user=colleague).role == Role.STAFF
    assert _history(agency)[-1] == {"member_added": [None, "tina.zupan@example.org (staff)"]}
    (message,) = mail.outbox
    assert message.to == ["tina.zupan@example.org"]
    assert message.subject == f"V Kopi ste bili dodani v agencijo {agency}"  # the page's language, Slovenian

    visitor = client.__class__()
    form_page = visitor.get(_link(message), follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = visitor.post(form_page.redirect_chain[-1][0], {
        "new_password1": "zelena-Reka-2026", "new_password2": "zelena-Reka-2026"})
    assert done.status_code == 302
    assert visitor.login(request=HttpRequest(), username="tina.zupan@example.org", password="zelena-Reka-2026")
    assert visitor.get("/en/staff/organisations/").status_code == 200
    assert visitor.get(_link(message)).status_code in (200, 302)
    assert "new_password1" not in visitor.get(_link(message), follow=True).content.decode()  # used once


def test_inviting_someone_with_an_account_adds_them_and_tells_them_to_log_in(
    client, admin, agency, make_user, django_capture_on_commit_callbacks
):
    existing = make_user(email="ana@example.org", username="ana@example.org")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/staff/agencies/{agency.slug}/team/", {"email": "ana@example.org", "role": "admin"})

    assert AgencyMembership.objects.get(user=existing).role == Role.ADMIN
    assert existing.check_password("pass-Word-2026")  # nothing about the account changed
    assert "/en/staff/organisations/" in mail.outbox[0].body


def test_inviting_a_colleague_twice_is_explained_next_to_the_email(client, admin, agency, make_user):
    make_user(agency=agency, email="ana@example.org", username="ana@example.org")
    client.force_login(admin)

    response = client.post(f"/en/staff/agencies/{agency.slug}/team/", {"email": "ana@example.org", "role": "staff"})

    assert response.status_code == 200
    assert "This person already works for the agency." in response.content.decode()
    assert AgencyMembership.objects.filter(agency=agency).count() == 2


def test_staff_see_the_team_but_cannot_change_it(client, agency, admin, make_user):
    staff = make_user(agency=agency, role=Role.STAFF)
    client.force_login(staff)

    page = client.get(f"/en/staff/agencies/{agency.slug}/team/").content.decode()
    membership = AgencyMembership.objects.get(user=admin)

    assert admin.email in page and "Invite a colleague" not in page
    assert client.post(f"/en/staff/agencies/{agency.slug}/team/", {"email": "x@example.org", "role": "admin"}
                       ).status_code == 404
    assert client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/remove/").status_code == 404
    assert client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/role/",
                       {f"m{membership.pk}-role": "staff"}).status_code == 404
    assert AgencyMembership.objects.filter(agency=agency).count() == 2 and not User.objects.filter(
        email="x@example.org").exists()


@pytest.mark.parametrize("who", ["anonymous", "other agency", "participant"])
def test_outsiders_never_see_a_team(client, agency, admin, make_agency, make_user, who):
    if who == "other agency":
        client.force_login(make_user(agency=make_agency(country="LV")))
    elif who == "participant":
        client.force_login(make_user())
    membership = AgencyMembership.objects.get(user=admin)

    page = client.get(f"/en/staff/agencies/{agency.slug}/team/")
    removal = client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/remove/")

    assert page.status_code in (302, 404) and admin.email not in page.content.decode()
    assert removal.status_code in (302, 404) and AgencyMembership.objects.filter(pk=membership.pk).exists()


def test_the_admin_changes_a_role_and_removes_a_colleague_audited(client, agency, admin, make_user):
    colleague = make_user(agency=agency, role=Role.STAFF, email="luka@example.org")
    membership = AgencyMembership.objects.get(user=colleague)
    client.force_login(admin)

    client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/role/", {f"m{membership.pk}-role": "admin"})
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/remove/")

    assert not AgencyMembership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=colleague.pk).exists()  # the account stays
    assert _history(agency)[-2:] == [
        {"member_role": ["luka@example.org (staff)", "luka@example.org (admin)"]},
        {"member_removed": ["luka@example.org (admin)", None]},
    ]


def test_the_last_admin_can_be_neither_demoted_nor_removed(client, agency, admin):
    membership = AgencyMembership.objects.get(user=admin)
    client.force_login(admin)

    demoted = client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/role/",
                          {f"m{membership.pk}-role": "staff"})
    removed = client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/remove/")

    assert demoted.status_code == removed.status_code == 400
    assert "at least one admin" in removed.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999", "-1"])
def test_a_malformed_or_unknown_member_is_404(client, agency, admin, pk):
    client.force_login(admin)
    assert client.post(f"/en/staff/agencies/{agency.slug}/team/{pk}/remove/").status_code == 404


def test_my_area_links_staff_to_their_agencies(client, admin, agency):
    client.force_login(admin)
    my_area = client.get("/en/my/").content.decode()
    assert 'href="/en/staff/agencies/"' in my_area
    assert f'href="/en/staff/agencies/{agency.slug}/team/"' in client.get("/en/staff/agencies/").content.decode()


def test_the_agency_form_names_countries_in_the_pages_language(client, make_user):
    client.force_login(make_user(superuser=True))
    slovenian = client.get("/sl/staff/agencies/new/").content.decode()
    latvian = client.get("/lv/staff/agencies/new/").content.decode()
    assert '<option value="DE">Nemčija</option>' in slovenian
    assert '<option value="DE">Vācija</option>' in latvian


def test_on_a_new_installation_the_superuser_finds_the_agency_form_from_my_area(client, make_user):
    """Before any agency exists the superuser works for none, yet must reach the first agency's form."""
    client.force_login(make_user(superuser=True))

    my_area = client.get("/en/my/").content.decode()
    agencies = client.get("/en/staff/agencies/").content.decode()

    assert 'href="/en/staff/agencies/"' in my_area
    assert 'href="/en/staff/agencies/new/"' in agencies


def test_the_invitation_link_uses_the_configured_public_address(
    client, admin, agency, settings, django_capture_on_commit_callbacks
):
    settings.KOPA_SITE_URL = "https://kopa.example.org"
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/staff/agencies/{agency.slug}/team/", {"email": "new@example.org", "role": "staff"})

    assert "https://kopa.example.org/en/accounts/reset/" in mail.outbox[0].body
