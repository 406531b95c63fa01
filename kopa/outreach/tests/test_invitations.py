"""Invitations e-mailed from Kopa: who gets one, at which address and in which language, what it
says, and the personal link that works without an account."""

import logging
import re
import threading
from datetime import timedelta

import pytest

from django.db import close_old_connections, connection, connections
from django.urls import reverse
from django.utils import timezone

from kopa.core.errors import PermissionDenied
from kopa.core.models import AuditEntry
from kopa.directory.models import Affiliation, ConsentRecord, Person
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.invitations.services import invitations_send
from kopa.outreach.invitations.tokens import hash_token
from kopa.outreach.models import Interaction, ResponseLink

pytestmark = pytest.mark.django_db
K = Interaction.Kind
LINK = re.compile(r"https?://\S+/respond/[^/\s]+/")


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(
        goal={
            "en": "Organisations new to the programme apply.",
            "sl": "Nove organizacije oddajo prijavo.",
        },
        invitation_subject={"sl": "Vabilo na informativni dan"},
        invitation_body={
            "sl": "Spoštovani v organizaciji {organisation}, vabimo vas na informativni dan."
        },
        response_days=14,
    )


def _contact(org, email, *, role=Affiliation.Role.CONTACT, last_name="Ozola", consent=None):
    person = Person.objects.create(first_name="Ilze", last_name=last_name, email=email)
    Affiliation.objects.create(person=person, organisation=org, role=role)
    if consent is not None:
        ConsentRecord.objects.create(
            person=person, purpose=ConsentRecord.Purpose.AGENCY_CONTACT, given=consent
        )
    return person


@pytest.fixture
def orgs(campaign, make_organisation, agency, target):
    made = {
        "si": make_organisation(
            legal_name="Mladinski center Trbovlje", email="info@mct.si", agencies=[agency]
        ),
        "lv": make_organisation(
            legal_name="Biedrība Ozols", country="LV", city="Cēsis", agencies=[agency]
        ),
        "de": make_organisation(
            legal_name="Jugendhaus Graz",
            country="AT",
            city="Graz",
            email="office@jh.at",
            agencies=[agency],
        ),
        "none": make_organisation(legal_name="Društvo brez naslova", agencies=[agency]),
    }
    _contact(made["lv"], "ilze@ozols.lv")
    for org in made.values():
        target(campaign, org)
    return made


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _url(campaign):
    return reverse("outreach:invitations", args=[campaign.pk])


def _send(client, campaign, ids, capture):
    with capture(execute=True):
        return client.post(_url(campaign), {"organisation": [str(i) for i in ids]})


# -- who would get one ---------------------------------------------------------------------------


def test_the_page_lists_each_target_with_its_address_and_language(staff_client, campaign, orgs):
    response = staff_client.get(_url(campaign))

    rows = {
        r.organisation.legal_name: (r.email, r.language) for r in response.context["recipients"]
    }
    assert rows == {
        "Mladinski center Trbovlje": ("info@mct.si", "sl"),
        "Biedrība Ozols": ("ilze@ozols.lv", "lv"),
        "Jugendhaus Graz": ("office@jh.at", "en"),
    }
    page = response.content.decode()
    assert "Send 3 invitations" in page and page.count('type="checkbox" name="organisation"') == 3
    assert page.count("checked") >= 3


def test_organisations_without_an_address_are_listed_for_a_call_or_letter(
    staff_client, campaign, orgs
):
    response = staff_client.get(_url(campaign))

    assert response.context["without"] == [orgs["none"]]
    link = (
        reverse("outreach:interaction_create", args=[campaign.pk])
        + f"?kind=invitation&amp;organisation={orgs['none'].pk}"
    )
    assert link in response.content.decode()


def test_a_contact_person_comes_before_other_people(staff_client, campaign, orgs):
    _contact(
        orgs["none"], "board@example.org", role=Affiliation.Role.BOARD_MEMBER, last_name="Avsec"
    )
    _contact(orgs["none"], "contact@example.org", last_name="Zupan")

    rows = {r.organisation: r.email for r in staff_client.get(_url(campaign)).context["recipients"]}

    assert rows[orgs["none"]] == "contact@example.org"


def test_a_person_who_withdrew_consent_to_be_contacted_is_not_used(staff_client, campaign, orgs):
    person = _contact(orgs["none"], "no-thanks@example.org", consent=True)
    ConsentRecord.objects.create(
        person=person, purpose=ConsentRecord.Purpose.AGENCY_CONTACT, given=False
    )

    response = staff_client.get(_url(campaign))

    assert orgs["none"] in response.context["without"]


def test_organisations_already_invited_by_email_are_not_listed_again(
    staff_client, campaign, orgs, record
):
    record(campaign, orgs["si"], K.INVITATION, channel="email")
    record(campaign, orgs["de"], K.INVITATION, channel="phone")

    names = [
        r.organisation.legal_name for r in staff_client.get(_url(campaign)).context["recipients"]
    ]

    assert names == ["Biedrība Ozols", "Jugendhaus Graz"]


def test_the_preview_shows_each_language_with_the_campaigns_text_or_the_standard_one(
    staff_client, campaign, orgs
):
    previews = {p["language"]: p for p in staff_client.get(_url(campaign)).context["previews"]}

    assert set(previews) == {"en", "sl", "lv"}
    assert previews["sl"]["subject"] == "Vabilo na informativni dan"
    assert "Spoštovani v organizaciji Mladinski center Trbovlje, vabimo" in previews["sl"]["body"]
    assert previews["sl"]["own_text"] and not previews["en"]["own_text"]
    assert previews["en"]["subject"] == "Invitation: Reaching deprived areas"
    assert "Dear colleagues at Jugendhaus Graz" in previews["en"]["body"]


# -- sending -------------------------------------------------------------------------------------


def test_invitations_are_emailed_in_each_recipients_language(
    staff_client, campaign, orgs, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.KOPA_SITE_URL = "https://kopa.example"

    response = _send(
        staff_client,
        campaign,
        [orgs["si"].pk, orgs["lv"].pk, orgs["de"].pk],
        django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    mails = {m.to[0]: m for m in mailoutbox}
    assert set(mails) == {"info@mct.si", "ilze@ozols.lv", "office@jh.at"}
    si, lv = mails["info@mct.si"], mails["ilze@ozols.lv"]
    assert si.subject == "Vabilo na informativni dan"
    assert "Spoštovani v organizaciji Mladinski center Trbovlje" in si.body
    assert LINK.search(si.body).group().startswith("https://kopa.example/sl/respond/")
    assert LINK.search(lv.body).group().startswith("https://kopa.example/lv/respond/")
    assert (
        LINK.search(mails["office@jh.at"].body)
        .group()
        .startswith("https://kopa.example/en/respond/")
    )
    assert "Biedrība Ozols" in lv.body


def test_each_invitation_is_recorded_with_a_hashed_link(
    staff_client, campaign, orgs, staff, mailoutbox, django_capture_on_commit_callbacks
):
    before = timezone.now()
    _send(staff_client, campaign, [orgs["si"].pk], django_capture_on_commit_callbacks)

    invitation = Interaction.objects.get(campaign=campaign, kind=K.INVITATION)
    assert (invitation.organisation, invitation.channel, invitation.author) == (
        orgs["si"],
        "email",
        staff,
    )
    assert invitation.source == Interaction.Source.MANUAL
    link = invitation.response_link
    token = LINK.search(mailoutbox[0].body).group().rstrip("/").rsplit("/", 1)[1]
    assert link.token_hash == hash_token(token) != token
    assert (link.email, link.language, link.used_at) == ("info@mct.si", "sl", None)
    assert before + timedelta(days=14) <= link.expires_at <= timezone.now() + timedelta(days=14)
    assert funnel(campaigns=[campaign]).counts["invited"] == 1


def test_no_token_is_stored_in_clear(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    _send(
        staff_client, campaign, [orgs["si"].pk, orgs["de"].pk], django_capture_on_commit_callbacks
    )

    tokens = [LINK.search(m.body).group().rstrip("/").rsplit("/", 1)[1] for m in mailoutbox]
    stored = [str(row) for row in ResponseLink.objects.values_list()]
    stored += [str(row) for row in Interaction.objects.values_list()]
    stored += [str(row) for row in AuditEntry.objects.values_list()]
    assert len(tokens) == 2
    assert not any(token in text for token in tokens for text in stored)


def test_the_email_is_plain_text_with_no_tracking(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    _send(staff_client, campaign, [orgs["de"].pk], django_capture_on_commit_callbacks)

    mail = mailoutbox[0]
    assert mail.alternatives == [] and mail.attachments == []
    assert re.findall(r"https?://\S+", mail.body) == [LINK.search(mail.body).group()]
    assert "Jugendhaus Graz" in mail.body and "&amp;" not in mail.body


def test_the_email_says_until_when_and_who_sent_it(
    staff_client, campaign, orgs, staff, mailoutbox, django_capture_on_commit_callbacks
):
    staff.first_name, staff.last_name = "Maja", "Krajnc"
    staff.save()

    _send(staff_client, campaign, [orgs["de"].pk], django_capture_on_commit_callbacks)

    body = mailoutbox[0].body
    expires = ResponseLink.objects.get().expires_at
    assert "works until" in body and str(timezone.localtime(expires).year) in body
    assert "Maja Krajnc" in body and "Slovenian agency" in body


def test_the_link_in_the_email_opens_the_answer_page_in_the_recipients_language(
    staff_client, client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.KOPA_SITE_URL = "http://testserver"
    _send(staff_client, campaign, [orgs["si"].pk], django_capture_on_commit_callbacks)
    path = LINK.search(mailoutbox[0].body).group().removeprefix("http://testserver")
    client.logout()

    page = client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(path, {"answer": "interested", "message": "Pokličite nas."})

    assert page.status_code == 200 and path.startswith("/sl/")
    assert "Doseči prikrajšana območja" in page.content.decode()
    assert answered.status_code == 200
    assert funnel(campaigns=[campaign]).counts["responded"] == 1


def test_without_a_site_address_the_link_uses_the_address_in_use(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.KOPA_SITE_URL = ""

    _send(staff_client, campaign, [orgs["de"].pk], django_capture_on_commit_callbacks)

    assert LINK.search(mailoutbox[0].body).group().startswith("http://testserver/en/respond/")


def test_only_the_ticked_organisations_are_invited(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    _send(staff_client, campaign, [orgs["lv"].pk], django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [["ilze@ozols.lv"]]
    assert Interaction.objects.filter(kind=K.INVITATION).count() == 1


def test_sending_again_does_not_invite_twice(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    _send(staff_client, campaign, [orgs["si"].pk], django_capture_on_commit_callbacks)
    _send(staff_client, campaign, [orgs["si"].pk], django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    assert Interaction.objects.filter(kind=K.INVITATION).count() == 1


def test_choosing_nobody_sends_nothing_and_says_so(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    response = _send(staff_client, campaign, [], django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Choose at least one organisation to invite." in response.content.decode()
    assert mailoutbox == [] and not Interaction.objects.exists()


def test_an_organisation_without_an_address_is_never_sent_anything(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks
):
    _send(staff_client, campaign, [orgs["none"].pk], django_capture_on_commit_callbacks)

    assert mailoutbox == [] and not Interaction.objects.exists()


@pytest.mark.parametrize("value", ["abc", "", "1;2"])
def test_odd_posted_ids_are_not_found(staff_client, campaign, orgs, value):
    assert staff_client.post(_url(campaign), {"organisation": value}).status_code == 404


def test_addresses_and_tokens_never_reach_the_log(
    staff_client, campaign, orgs, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.DEBUG):
        _send(staff_client, campaign, [orgs["si"].pk], django_capture_on_commit_callbacks)

    token = LINK.search(mailoutbox[0].body).group().rstrip("/").rsplit("/", 1)[1]
    assert "info@mct.si" not in caplog.text and token not in caplog.text


def test_staff_of_another_agency_cannot_send(
    client, campaign, orgs, make_user, make_agency, mailoutbox
):
    client.force_login(make_user(agency=make_agency(name="Latvian agency", country="LV")))

    assert client.post(_url(campaign), {"organisation": [orgs["si"].pk]}).status_code == 404
    assert mailoutbox == [] and not Interaction.objects.exists()


def test_the_service_refuses_staff_of_another_agency(campaign, orgs, make_user, make_agency):
    outsider = make_user(agency=make_agency(name="Latvian agency", country="LV"))

    with pytest.raises(PermissionDenied):
        invitations_send(
            actor=outsider, campaign=campaign, organisations=[orgs["si"]], base_url="https://x"
        )


def test_the_service_skips_organisations_off_the_target_list(
    campaign, orgs, staff, make_organisation, agency
):
    stranger = make_organisation(email="x@example.org", agencies=[agency])

    sent = invitations_send(
        actor=staff,
        campaign=campaign,
        organisations=[stranger, orgs["si"]],
        base_url="https://x",
        now=timezone.now(),
    )

    assert sent == 1
    assert list(Interaction.objects.values_list("organisation", flat=True)) == [orgs["si"].pk]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_officers_sending_at_once_invite_once(
    make_campaign, make_organisation, agency, make_user, target
):
    officers = [make_user(agency=agency), make_user(agency=agency)]
    campaign = make_campaign()
    org = make_organisation(email="info@example.org", agencies=[agency])
    target(campaign, org)
    barrier, results = threading.Barrier(2), []

    def send(officer):
        try:
            close_old_connections()
            barrier.wait(timeout=30)
            results.append(
                invitations_send(
                    actor=officer, campaign=campaign, organisations=[org], base_url="https://x"
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == [0, 1]
    assert Interaction.objects.filter(campaign=campaign, kind=K.INVITATION).count() == 1
    assert ResponseLink.objects.count() == 1
