"""Accounts through the pages: sign-up with e-mail verification, password reset, who may open what."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation

from kopa.agencies.models import AgencyMembership
from kopa.directory.models import Organisation, OrganisationTag, Representative, StaffNote

User = get_user_model()


def _signup(**extra):
    data = {
        "first_name": "Nika", "last_name": "Vidmar", "email": "nika.vidmar@example.org",
        "password1": "zelena-Reka-2026", "password2": "zelena-Reka-2026", "organisation_oid": "",
        "organisation_name": "Zavod Zelena reka", "organisation_country": "SI", "organisation_city": "Ormož",
    }
    data.update(extra)
    return data


def _link(message) -> str:
    """The path of the first link to this site in an e-mail."""
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _nothing_created():
    return User.objects.count() == 0 and Organisation.objects.count() == 0 and not mail.outbox


# --- sign-up --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [
    pytest.param({"password2": "zelena-Reka-2027"}, "password2", id="passwords differ"),
    pytest.param({"password1": "12345678", "password2": "12345678"}, "password1", id="weak password"),
    pytest.param({"email": "not-an-address"}, "email", id="bad e-mail"),
    pytest.param({"organisation_name": "", "organisation_country": "", "organisation_city": ""},
                 "organisation_name", id="no OID and no organisation"),
    pytest.param({"organisation_oid": "E123"}, "organisation_oid", id="malformed OID"),
])
def test_invalid_signup_shows_the_error_next_to_the_field_and_creates_nothing(client, changes, field):
    response = client.post("/en/accounts/signup/", _signup(**changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_errors"' in body
    assert _nothing_created()


@pytest.mark.django_db
def test_signup_with_an_email_already_in_use_is_refused(client, make_user):
    make_user(email="nika.vidmar@example.org", username="nika.vidmar@example.org")
    response = client.post("/en/accounts/signup/", _signup(email="Nika.Vidmar@example.org"))
    assert 'id="id_email_errors"' in response.content.decode()
    assert User.objects.count() == 1 and Organisation.objects.count() == 0 and not mail.outbox


@pytest.mark.django_db
def test_signup_creates_an_inactive_account_and_emails_the_link_in_the_pages_language(
        client, make_agency, django_capture_on_commit_callbacks):
    slovenian, latvian = make_agency(country="SI"), make_agency(country="LV")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/sl/accounts/signup/", _signup())
    assert response.status_code == 200
    user = User.objects.get()
    assert not user.is_active and user.email == "nika.vidmar@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nika.vidmar@example.org"]
    with translation.override("sl"):
        assert message.subject == translation.gettext("Confirm your e-mail address for Kopa")
    assert _link(message).startswith("/sl/accounts/verify/")
    org = Organisation.objects.get()
    assert org.legal_name == "Zavod Zelena reka" and not org.public_listing
    assert list(org.agencies.all()) == [slovenian] and latvian not in org.agencies.all()
    rep = Representative.objects.get()
    assert (rep.user, rep.organisation, rep.status) == (user, org, Representative.Status.APPROVED)


@pytest.mark.django_db
def test_verification_link_activates_the_account_and_logs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/en/my/"
    assert User.objects.get().is_active
    my_area = client.get("/en/my/")
    assert my_area.status_code == 200 and "Zavod Zelena reka" in my_area.content.decode()


@pytest.mark.django_db
def test_a_tampered_verification_link_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    path = _link(mail.outbox[0])
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa/") else "bbb") + "/"
    response = client.get(tampered)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert not User.objects.get().is_active
    assert client.get("/en/accounts/verify/bm9ib2R5/abc-def/").status_code == 400


@pytest.mark.django_db
def test_signup_for_an_existing_organisation_waits_for_staff_approval(
        client, make_agency, make_user, make_organisation, django_capture_on_commit_callbacks):
    agency = make_agency(country="SI")
    org = make_organisation(oid="E10012345", agencies=[agency], legal_name="Zavod Zelena reka")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup(organisation_oid="E10012345", organisation_name="",
                                                    organisation_country="", organisation_city=""))
    assert Organisation.objects.count() == 1
    rep = Representative.objects.get()
    assert rep.organisation == org and rep.status == Representative.Status.PENDING
    client.get(_link(mail.outbox[0]))  # verified and logged in
    edit_url = f"/en/my/organisations/{org.pk}/edit/"
    assert client.get(edit_url).status_code == 404

    staff = make_user(agency=agency)
    staff_client = Client()  # a second, independent browser
    staff_client.force_login(staff)
    page = staff_client.get(f"/en/staff/organisations/{org.pk}/").content.decode()
    assert "Waiting for approval" in page
    response = staff_client.post(f"/en/staff/organisations/{org.pk}/",
                                 {"representative": rep.pk, "decision": "approve"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == Representative.Status.APPROVED

    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"legal_name": "Zavod Zelena reka Ormož", "type": "ngo", "country": "SI",
                                      "city": "Ormož", "experience": "none", "accessibility": "unknown",
                                      "oid": "E10012345"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.legal_name == "Zavod Zelena reka Ormož"


# --- password reset -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_emails_a_link_that_sets_a_new_password(
        client, make_user, django_capture_on_commit_callbacks):
    user = make_user(email="ilze@example.org", username="ilze@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password-reset/", {"email": "ilze@example.org"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ilze@example.org"]
    assert mail.outbox[0].subject == "Choose a new password for Kopa"
    form_page = client.get(_link(mail.outbox[0]), follow=True)
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "Nova-Gesla-2026", "new_password2": "Nova-Gesla-2026"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("Nova-Gesla-2026")


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
        client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password-reset/sent/"
    assert not mail.outbox


@pytest.mark.django_db
def test_password_reset_email_is_in_the_users_saved_language(
        client, make_user, django_capture_on_commit_callbacks):
    from kopa.core.models import UserPreference

    user = make_user(email="ilze@example.org", username="ilze@example.org")
    UserPreference.objects.create(user=user, language="lv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password-reset/", {"email": "ilze@example.org"})
    with translation.override("lv"):
        assert mail.outbox[0].subject == translation.gettext("Choose a new password for Kopa")


# --- who may open what ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_representative_cannot_open_or_change_another_organisations_profile(client, make_user, make_organisation):
    own, other = make_organisation(legal_name="Own"), make_organisation(legal_name="Other")
    rep = make_user()
    Representative.objects.create(user=rep, organisation=own, status=Representative.Status.APPROVED)
    client.force_login(rep)
    assert client.get(f"/en/my/organisations/{own.pk}/edit/").status_code == 200
    assert client.get(f"/en/my/organisations/{other.pk}/edit/").status_code == 404
    response = client.post(f"/en/my/organisations/{other.pk}/edit/", {
        "legal_name": "Taken over", "type": "ngo", "country": "SI", "city": "Ljubljana", "experience": "none",
        "accessibility": "unknown"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.legal_name == "Other"


@pytest.mark.django_db
def test_staff_of_one_agency_never_sees_another_agencys_notes_or_tags(
        client, make_agency, make_user, make_organisation):
    si, lv = make_agency(country="SI"), make_agency(country="LV")
    shared = make_organisation(agencies=[si, lv])
    StaffNote.objects.create(agency=lv, organisation=shared, text="Latvian private note")
    OrganisationTag.objects.create(agency=lv, organisation=shared, name="latvian-private-tag")
    StaffNote.objects.create(agency=si, organisation=shared, text="Slovenian note")
    client.force_login(make_user(agency=si))
    page = client.get(f"/en/staff/organisations/{shared.pk}/").content.decode()
    assert "Slovenian note" in page
    assert "Latvian private note" not in page and "latvian-private-tag" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/staff/organisations/", "/en/staff/programmes/", "/en/staff/people/",
                                  "/en/my/", "/en/my/organisations/1/edit/"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.django_db
def test_agency_membership_is_what_opens_the_back_office(client, make_agency, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get("/en/staff/organisations/").status_code == 404
    AgencyMembership.objects.create(agency=make_agency(), user=user)
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get("/en/staff/organisations/").status_code == 200


@pytest.mark.django_db
def test_the_signup_form_names_countries_in_the_pages_language(client):
    assert '<option value="DE">Nemčija</option>' in client.get("/sl/accounts/signup/").content.decode()
    assert '<option value="DE">Vācija</option>' in client.get("/lv/accounts/signup/").content.decode()
