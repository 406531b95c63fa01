"""Accounts through the pages: sign-up with e-mail verification, password reset, who may open what."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation

from kopa.agencies.models import AgencyMembership
from kopa.core.models import UserPreference
from kopa.directory.models import (
    Affiliation,
    Organisation,
    OrganisationProposal,
    OrganisationTag,
    Person,
    Representative,
    StaffNote,
)

User = get_user_model()


def _signup(**extra):
    data = {
        "first_name": "Nika", "last_name": "Vidmar", "email": "nika.vidmar@example.org",
        "password1": "zelena-Reka-2026", "password2": "zelena-Reka-2026", "country": "SI", "language": "en",
    }
    data.update(extra)
    return data


def _link(message) -> str:
    """The path of the first link to this site in an e-mail."""
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _main(response) -> str:
    """The page's main content (the rest carries per-request tokens)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def _nothing_created():
    return User.objects.count() == 0 and Person.objects.count() == 0 and not mail.outbox


def _no_organisation_links():
    return (Organisation.objects.count() == 0 and Representative.objects.count() == 0
            and Affiliation.objects.count() == 0 and OrganisationProposal.objects.count() == 0)


# --- sign-up --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [
    pytest.param({"password2": "zelena-Reka-2027"}, "password2", id="passwords differ"),
    pytest.param({"password1": "12345678", "password2": "12345678"}, "password1", id="weak password"),
    pytest.param({"email": "not-an-address"}, "email", id="bad e-mail"),
    pytest.param({"first_name": ""}, "first_name", id="no first name"),
    pytest.param({"last_name": "V" * 101}, "last_name", id="name too long"),
    pytest.param({"last_name": "Vid\x00mar"}, "last_name", id="NUL byte"),
    pytest.param({"country": ""}, "country", id="no country"),
    pytest.param({"country": "XX"}, "country", id="unknown country"),
    pytest.param({"language": "de"}, "language", id="language not offered"),
])
def test_invalid_signup_shows_the_error_next_to_the_field_and_creates_nothing(client, changes, field):
    response = client.post("/en/accounts/signup/", _signup(**changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_errors"' in body
    assert _nothing_created()


@pytest.mark.django_db
def test_an_empty_signup_form_marks_every_required_field(client):
    body = client.post("/en/accounts/signup/", {}).content.decode()
    for field in ("first_name", "last_name", "email", "password1", "password2", "country", "language"):
        assert f'id="id_{field}_errors"' in body
    assert _nothing_created()


@pytest.mark.django_db
def test_signup_with_an_address_in_use_answers_as_for_a_new_one_and_writes_to_its_owner(
        client, make_user, django_capture_on_commit_callbacks):
    """The page never tells whether an address has an account: the owner hears of the attempt."""
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post("/en/accounts/signup/", _signup(email="someone.new@example.org"))
    mail.outbox.clear()
    owner = make_user(email="nika.vidmar@example.org", username="nika.vidmar@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/accounts/signup/", _signup(email="Nika.Vidmar@example.org"))
    assert known.status_code == new.status_code == 200
    assert _main(known).replace("nika.vidmar@example.org", "X") == \
        _main(new).replace("someone.new@example.org", "X")
    assert 'id="id_email_errors"' not in known.content.decode()
    assert User.objects.filter(email__iexact="nika.vidmar@example.org").count() == 1
    assert not Person.objects.filter(email__iexact="nika.vidmar@example.org").exists()
    assert User.objects.get(pk=owner.pk).check_password("pass-Word-2026")
    assert [m.to for m in mail.outbox] == [["nika.vidmar@example.org"]]
    assert "someone tried to sign up" in mail.outbox[0].body
    assert "/en/accounts/password-reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_an_unknown_address(
        client, make_user, django_capture_on_commit_callbacks):
    make_user(email="known@example.org", username="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/accounts/password-reset/", {"email": "known@example.org"}, follow=True)
        unknown = client.post("/en/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain and _main(known) == _main(unknown)
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


@pytest.mark.django_db
def test_signup_asks_no_organisation_and_offers_the_pages_language(client):
    body = client.get("/lv/accounts/signup/").content.decode()
    assert 'name="organisation' not in body and 'name="oid"' not in body
    assert '<option value="lv" selected>' in body


@pytest.mark.django_db
def test_signup_creates_an_inactive_participant_and_emails_the_link_in_the_chosen_language(
        client, make_agency, django_capture_on_commit_callbacks):
    make_agency(country="SI")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/signup/", _signup(language="sl"))
    assert response.status_code == 200
    user = User.objects.get()
    assert not user.is_active and user.email == "nika.vidmar@example.org"
    assert UserPreference.objects.get(user=user).language == "sl"
    assert not Person.objects.exists()  # an unverified account creates nothing in the directory
    assert _no_organisation_links()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nika.vidmar@example.org"]
    with translation.override("sl"):
        assert message.subject == translation.gettext("Confirm your e-mail address for Kopa")
    assert _link(message).startswith("/sl/accounts/verify/")

    client.get(_link(message))
    person = Person.objects.get()
    assert (person.user, person.first_name, person.country.code) == (user, "Nika", "SI")


@pytest.mark.django_db
def test_verification_link_activates_the_account_and_lands_in_my_area(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/en/my/"
    assert User.objects.get().is_active
    my_area = client.get("/en/my/").content.decode()
    assert "My organisations" in my_area and "Propose a new organisation" in my_area
    assert _no_organisation_links()


@pytest.mark.django_db
def test_a_tampered_verification_link_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    path, _query, country = _link(mail.outbox[0]).partition("?")
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa/") else "bbb") + "/?" + country
    response = client.get(tampered)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert not User.objects.get().is_active
    assert client.get("/en/accounts/verify/bm9ib2R5/abc-def/").status_code == 400


@pytest.mark.django_db
def test_an_altered_country_in_the_verification_link_is_ignored(
        client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    path = _link(mail.outbox[0]).partition("?")[0]
    response = client.get(path + "?c=IkxWIg:forged")
    assert response.status_code == 302 and User.objects.get().is_active
    assert Person.objects.get().country == ""


@pytest.mark.django_db
def test_an_unconfirmed_account_cannot_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    response = client.post("/en/accounts/login/", {"username": "nika.vidmar@example.org",
                                                   "password": "zelena-Reka-2026"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_participant_asks_to_represent_an_organisation_found_by_its_oid_and_staff_approve(
        client, make_agency, make_user, make_organisation, django_capture_on_commit_callbacks):
    agency = make_agency(country="SI")
    org = make_organisation(oid="E10012345", agencies=[agency], legal_name="Zavod Zelena reka")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", _signup())
    client.get(_link(mail.outbox[0]))  # verified and logged in
    assert "Zavod Zelena reka" not in client.get("/en/my/?q=Zelena").content.decode()  # not listed publicly
    found = client.get("/en/my/?q=e10012345").content.decode()
    represent_url = f"/en/my/organisations/{org.pk}/represent/?oid=E10012345"
    assert "Zavod Zelena reka" in found and represent_url in found
    assert client.get(f"/en/my/organisations/{org.pk}/represent/").status_code == 404  # without the OID
    assert client.post(represent_url).status_code == 302
    rep = Representative.objects.get()
    assert (rep.organisation, rep.status) == (org, Representative.Status.PENDING)
    assert "Waiting for approval" in client.get("/en/my/").content.decode()
    edit_url = f"/en/my/organisations/{org.pk}/edit/"
    assert client.get(edit_url).status_code == 404

    staff = make_user(agency=agency)
    staff_client = Client()  # a second, independent browser
    staff_client.force_login(staff)
    assert "Zavod Zelena reka" in staff_client.get("/en/staff/organisations/proposals/").content.decode()
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
    assert Organisation.objects.count() == 1


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
