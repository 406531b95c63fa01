"""The demo data: it loads, a second load adds nothing, and every demo login works."""

import pytest

from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from kopa.directory.models import Organisation, Representative
from kopa.directory.organisations.services import search_text_for
from kopa.programmes.models import Partnership
from kopa.site import demo


@pytest.fixture
def logins(demo_once, db):
    return demo_once.logins


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_loading_the_demo_twice_adds_nothing(db):
    demo.load()
    first = _row_counts()
    demo.load()
    assert _row_counts() == first


def test_load_demo_command_prints_every_login(db, capsys):
    call_command("load_demo")
    output = capsys.readouterr().out
    for login in demo.LOGINS:
        assert login.username in output


def test_there_are_about_two_hundred_and_fifty_organisations(logins):
    assert 230 <= Organisation.objects.count() <= 280


def test_most_organisations_are_slovenian_or_latvian(logins):
    total = Organisation.objects.count()
    assert Organisation.objects.filter(country__in=["SI", "LV"]).count() > total / 2


def test_about_sixty_percent_are_listed_with_consent(logins):
    listed = Organisation.objects.filter(public_listing=True)
    share = listed.count() / Organisation.objects.count()
    assert 0.5 <= share <= 0.7
    assert not listed.filter(public_listing_consented_at=None).exists()


def test_organisation_search_text_is_built_by_the_directory_service(logins):
    for org in Organisation.objects.all():
        assert org.search_text == search_text_for(org)


def test_partnerships_have_sixteen_ten_and_nine_members(logins):
    counts = {p.slug: p.members.count() for p in Partnership.objects.all()}
    assert counts == {"social-inclusion": 16, "but-kopa": 10, "neet": 9}


def test_but_kopa_has_wallonia_as_belgian_member(logins):
    member = Partnership.objects.get(slug="but-kopa").members.get(country="BE")
    assert member.region == "Wallonia"


def test_social_inclusion_strands_are_linked_to_target_groups(logins):
    strands = Partnership.objects.get(slug="social-inclusion").strands.all()
    codes = {s.name["en"]: set(s.target_groups.values_list("code", flat=True)) for s in strands}
    assert codes == {
        "Young people from deprived areas": {"geographical", "economic", "social"},
        "Early school leavers": {"education"},
        "Young people with health problems and disabilities": {"health", "disability"},
    }


@pytest.mark.parametrize("login", demo.LOGINS, ids=lambda login: login.role)
def test_every_demo_login_can_log_in(logins, login):
    client = Client()
    response = client.post("/en/accounts/login/", {"username": login.username, "password": demo.password()})
    assert response.status_code == 302
    assert client.get("/en/my/").status_code == 200


@pytest.mark.parametrize("username", ["admin.si@kopa.example", "officer.si@kopa.example",
                                      "officer.lv@kopa.example", "network@kopa.example"])
def test_agency_logins_see_an_inventory_in_the_staff_directory(logins, username):
    client = Client()
    client.login(request=HttpRequest(), username=username, password=demo.password())
    response = client.get("/en/staff/organisations/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count > 0


def test_representative_login_speaks_for_a_listed_organisation(logins):
    rep = Representative.objects.get(user__username="representative@kopa.example")
    assert rep.status == Representative.Status.APPROVED
    assert rep.organisation.public_listing
    client = Client()
    client.login(request=HttpRequest(), username="representative@kopa.example", password=demo.password())
    assert client.get(f"/en/my/organisations/{rep.organisation.pk}/edit/").status_code == 200


def test_participant_login_has_no_staff_directory(logins):
    client = Client()
    client.login(request=HttpRequest(), username="participant@kopa.example", password=demo.password())
    assert client.get("/en/staff/organisations/").status_code == 404
