"""Registrations know their organisation: the choice on the registration page, the organisers'
correction, and the journey from sign-up to the campaign's funnel."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.test import Client
from django.utils import timezone

from kopa.core.audit import history_for
from kopa.directory.models import Affiliation, Person, Representative
from kopa.events.models import Registration
from kopa.events.tests.registration_support import person_post
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.models import Campaign
from kopa.programmes.models import Cycle, Partnership, PartnershipMember, Strand

PASSWORD = "zelena-Reka-2026"


def _person(**fields) -> dict:
    """The registration form's fields, with no organisation typed unless `fields` say so."""
    return person_post(**{"first_name": "Nika", "email": "nika.vidmar@example.org", "organisation_name": "", **fields})


def _register_url(event) -> str:
    return f"/en/events/{event.pk}/register/"


def _html(response) -> str:
    return response.content.decode()


def _link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _checked(html: str, value) -> bool:
    """Whether the organisation radio with `value` is checked on the page."""
    match = re.search(rf'<input type="radio" name="organisation" value="{value}"[^>]*>', html)
    return match is not None and "checked" in match.group(0)


def _attended(officer, campaign) -> int:
    """The "attended an event" figure of the campaign on the funnel dashboard."""
    html = _html(officer.get("/en/staff/outreach/dashboard/", {"campaign": campaign.pk}))
    match = re.search(r'<th scope="row">Attended an event</th>\s*<td>([\d,]+)</td>', html)
    return int(match.group(1).replace(",", ""))


@pytest.fixture
def setup(make_agency, make_user, make_organisation, make_event):
    """The organiser's setup: an agency with an organisation in its inventory, a cycle and strand,
    an event linked to them, and a campaign that reaches the organisation in the same cycle."""
    agency = make_agency(name="Slovenian agency", country="SI")
    organiser = make_user(agency=agency, first_name="Maja")
    org = make_organisation(legal_name="Zavod Zelena reka", city="Ormož", oid="E10012345", agencies=[agency])
    partnership = Partnership.objects.create(name={"en": "Social inclusion"}, slug="inclusion", coordinator=agency)
    PartnershipMember.objects.create(partnership=partnership, country="SI", agency=agency)
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        partnership=partnership, name="2026–2028", start=today - timedelta(days=60), end=today + timedelta(days=700)
    )
    strand = Strand.objects.create(partnership=partnership, name={"en": "Deprived areas"})
    start = timezone.now() + timedelta(days=10)
    event = make_event(
        organiser_agency=agency, partnership=partnership, cycle=cycle, strand=strand,
        start=start, end=start + timedelta(days=1),
    )
    campaign = Campaign.objects.create(
        agency=agency, name={"en": "Reaching deprived areas"}, cycle=cycle, strand=strand,
        start=today - timedelta(days=30), end=today + timedelta(days=365),
    )
    ensure_target(campaign=campaign, organisation=org, actor=organiser, source="manual")
    officer = Client()
    officer.force_login(organiser)
    return {"agency": agency, "organiser": organiser, "officer": officer, "org": org, "event": event,
            "campaign": campaign}


# --- the journey ---------------------------------------------------------------------------------


def test_a_representatives_check_in_moves_the_campaigns_funnel_from_0_to_1(
    client, setup, django_capture_on_commit_callbacks
):
    org, event, officer, campaign = setup["org"], setup["event"], setup["officer"], setup["campaign"]
    assert _attended(officer, campaign) == 0

    # She signs up, confirms her e-mail address, finds her organisation by its OID in My area and
    # asks to represent it.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/signup/", {
            "first_name": "Nika", "last_name": "Vidmar", "email": "nika.vidmar@example.org",
            "password1": PASSWORD, "password2": PASSWORD, "country": "SI", "language": "en",
        })
    assert response.status_code == 200
    client.get(_link(mail.outbox[0]))
    found = _html(client.get("/en/my/?q=E10012345"))
    represent_url = re.search(r'href="(/en/my/organisations/\d+/represent/[^"]*)"', found).group(1)
    assert client.post(represent_url.replace("&amp;", "&")).status_code == 302

    # The agency approves her as the organisation's representative on its staff page.
    page = _html(officer.get(f"/en/staff/organisations/{org.pk}/"))
    rep_pk = re.search(r'name="representative" value="(\d+)"', page).group(1)
    officer.post(f"/en/staff/organisations/{org.pk}/", {"representative": rep_pk, "decision": "approve"})

    # The registration page offers her organisation, chosen already.
    form = _html(client.get(_register_url(event)))
    assert "Zavod Zelena reka" in form and _checked(form, org.pk)
    response = client.post(_register_url(event), _person(organisation=str(org.pk)))
    assert response.status_code == 200
    assert Registration.objects.get().organisation == org
    assert _attended(officer, campaign) == 0

    # She finds her check-in code under her QR code; the organiser types it on the check-in page.
    mine = _html(client.get("/en/my/events/"))
    code = re.search(r"tell the staff: ([\w-]+)", mine).group(1)
    checkin = _html(officer.get(f"/en/staff/events/{event.pk}/check-in/"))
    day = re.search(r'<option value="([\d-]+)" selected', checkin).group(1)
    # The event is ten days away: checking in ahead needs a reason.
    response = officer.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {"code": code, "day": day, "reason": "Welcome evening before the event"},
    )
    assert response.status_code == 200 and "Zavod Zelena reka" in _html(response)

    assert _attended(officer, campaign) == 1


# --- the registration page -----------------------------------------------------------------------


def test_a_person_with_a_role_chooses_among_their_organisations_the_representation_first(
    client, setup, make_user, make_organisation
):
    user = make_user(first_name="Nika", last_name="Vidmar")
    represented = make_organisation(legal_name="Društvo Bled", city="Bled")
    Representative.objects.create(user=user, organisation=represented, status=Representative.Status.APPROVED)
    person = Person.objects.create(first_name="Nika", last_name="Vidmar", user=user)
    Affiliation.objects.create(person=person, organisation=setup["org"], role=Affiliation.Role.YOUTH_WORKER)
    client.force_login(user)

    html = _html(client.get(_register_url(setup["event"])))

    assert html.index("Društvo Bled") < html.index("Zavod Zelena reka")
    assert _checked(html, represented.pk) and not _checked(html, setup["org"].pk)
    client.post(_register_url(setup["event"]), _person(email=user.email, organisation=str(setup["org"].pk)))
    registration = Registration.objects.get()
    assert registration.organisation == setup["org"] and registration.organisation_name == ""


def test_a_search_without_javascript_brings_the_directorys_matches_and_keeps_what_was_typed(
    client, setup, make_organisation
):
    listed = make_organisation(legal_name="Mladinski center Laško", city="Laško", oid="E10099999", public_listing=True)
    make_organisation(legal_name="Mladinski center Trbovlje", city="Trbovlje", public_listing=True)

    for query in ("lasko", "E10099999"):
        response = client.post(
            _register_url(setup["event"]), _person(first_name="Tina", organisation_search=query, find="1")
        )
        html = _html(response)
        assert response.status_code == 200 and not Registration.objects.exists()
        assert "Mladinski center Laško" in html and "Trbovlje" not in html
        assert 'value="Tina"' in html and _checked(html, listed.pk)
        assert "errorlist" not in html

    client.post(_register_url(setup["event"]), _person(organisation=str(listed.pk)))
    assert Registration.objects.get().organisation == listed


def test_the_directorys_private_organisations_are_not_found_by_the_search(client, setup):
    html = _html(client.post(_register_url(setup["event"]), _person(organisation_search="Zelena", find="1")))
    assert "No organisation in the directory matches" in html
    assert f'name="organisation" value="{setup["org"].pk}"' not in html


def test_an_organisation_not_in_the_directory_is_kept_as_a_proposal_for_the_organisers(client, setup):
    client.post(
        _register_url(setup["event"]), _person(organisation="proposed", organisation_name="Zavod Nova pot")
    )
    registration = Registration.objects.get()
    assert registration.organisation is None and registration.organisation_name == "Zavod Nova pot"

    staff_list = _html(setup["officer"].get(f"/en/staff/events/{setup['event'].pk}/registrations/"))
    assert "proposed: Zavod Nova pot" in staff_list


def test_a_private_person_registers_without_an_organisation(client, setup):
    client.post(_register_url(setup["event"]), _person(organisation="none"))
    registration = Registration.objects.get()
    assert registration.organisation is None and registration.organisation_name == ""


@pytest.mark.parametrize(
    "fields, field",
    [
        pytest.param({"organisation": "proposed"}, "organisation_name", id="proposal without a name"),
        pytest.param({"organisation": "none", "organisation_name": "X"}, "organisation_name", id="none and a name"),
        pytest.param({"organisation": "abc"}, "organisation", id="not a number"),
        pytest.param({"organisation": "9" * 30}, "organisation", id="a huge number"),
        pytest.param({"organisation": "private"}, "organisation", id="a private organisation"),
        pytest.param({"organisation": "other-agency"}, "organisation", id="another agency's organisation"),
    ],
)
def test_bad_organisation_choices_are_explained_next_to_the_field_and_nothing_is_saved(
    client, setup, make_agency, make_organisation, fields, field
):
    other = make_organisation(legal_name="Jauniešu centrs", country="LV", agencies=[make_agency(country="LV")])
    ids = {"private": str(setup["org"].pk), "other-agency": str(other.pk)}
    fields = {k: ids.get(v, v) for k, v in fields.items()}

    response = client.post(_register_url(setup["event"]), _person(**fields))

    assert response.status_code == 200
    assert re.search(rf'id="id_{field}_errors"', _html(response))
    assert not Registration.objects.exists()


# --- the organisers' correction ------------------------------------------------------------------


def _organisation_url(event, registration) -> str:
    return f"/en/staff/events/{event.pk}/registrations/{registration.pk}/organisation/"


def test_organisers_link_a_proposal_to_the_directory_and_earlier_check_ins_reach_the_funnel(
    client, setup, make_user
):
    event, officer, org, campaign = setup["event"], setup["officer"], setup["org"], setup["campaign"]
    # Registered with a verified account of that address: confirmed at once.
    client.force_login(make_user(email="nika.vidmar@example.org"))
    client.post(_register_url(event), _person(organisation_name="Zelena reka"))
    registration = Registration.objects.get()
    day = timezone.localtime(event.start).date().isoformat()
    officer.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {"code": registration.checkin_code, "day": day, "reason": "Welcome evening before the event"},
    )
    assert _attended(officer, campaign) == 0

    # The page searches for the proposed name at once, in the agency's inventory too.
    page = _html(officer.get(_organisation_url(event, registration)))
    assert "Zavod Zelena reka" in page and _checked(page, org.pk)
    response = officer.post(_organisation_url(event, registration), {"organisation": str(org.pk)})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.organisation == org and registration.organisation_name == ""
    entry = history_for(registration).first()
    assert entry.actor == setup["organiser"]
    assert entry.changes["organisation"] == ["Zelena reka", "Zavod Zelena reka"]
    assert _attended(officer, campaign) == 1
    assert "Zavod Zelena reka" in _html(officer.get(f"/en/staff/events/{event.pk}/registrations/"))


def test_organisers_may_unlink_an_organisation(client, setup, make_user):
    event, org = setup["event"], setup["org"]
    # Registered with a verified account of that address: confirmed at once.
    client.force_login(make_user(email="nika.vidmar@example.org"))
    client.post(_register_url(event), _person(organisation_name="Zelena reka"))
    registration = Registration.objects.get()
    setup["officer"].post(_organisation_url(event, registration), {"organisation": str(org.pk)})

    setup["officer"].post(_organisation_url(event, registration), {"organisation": "none"})

    registration.refresh_from_db()
    assert registration.organisation is None


def test_other_agencies_and_participants_cannot_open_the_correction(client, setup, make_agency, make_user):
    client.post(_register_url(setup["event"]), _person(organisation="none"))
    registration = Registration.objects.get()
    stranger = Client()
    stranger.force_login(make_user(agency=make_agency(country="LV")))
    url = _organisation_url(setup["event"], registration)

    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"organisation": str(setup["org"].pk)}).status_code == 404
    assert client.post(url, {"organisation": str(setup["org"].pk)}).status_code in (302, 404)
    registration.refresh_from_db()
    assert registration.organisation is None


@pytest.mark.parametrize("value", ["abc", "9" * 30, "other-agency", ""])
def test_organisers_cannot_link_what_they_may_not_see_or_nonsense(
    client, setup, make_agency, make_organisation, value
):
    other = make_organisation(legal_name="Jauniešu centrs", country="LV", agencies=[make_agency(country="LV")])
    client.post(_register_url(setup["event"]), _person(organisation="none"))
    registration = Registration.objects.get()

    response = setup["officer"].post(
        _organisation_url(setup["event"], registration),
        {"organisation": str(other.pk) if value == "other-agency" else value},
    )

    assert response.status_code == 200 and 'id="id_organisation_errors"' in _html(response)
    registration.refresh_from_db()
    assert registration.organisation is None
