"""The staff pages of recorded interactions: the list and its export, the interaction page with its
private notes and history, editing, deleting, and who may see what."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from kopa.core.audit import history_for
from kopa.events.checkin.services import attendance_record
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.models import Interaction
from kopa.outreach.tests import interaction_support
from kopa.outreach.tests.interaction_support import (
    SECRET,
    TZ,
    K,
    create_url,
    read_body,
    record_coaching,
)

pytestmark = pytest.mark.django_db

# Shared fixtures, found by name.
owner = interaction_support.owner
campaign = interaction_support.campaign
org = interaction_support.org
staff_client = interaction_support.staff_client


# -- the list and its export ---------------------------------------------------------------------


@pytest.fixture
def recorded(campaign, org, make_organisation, agency, staff, owner, record):
    other = make_organisation(legal_name="Zavod Pot", agencies=[agency])
    record(campaign, org, K.RESPONSE, answer="not_now", on=date(2017, 1, 5))
    record_coaching(campaign, org, author=owner, coach=owner)
    interaction_create(
        actor=staff,
        campaign=campaign,
        organisation=other,
        kind=K.DECISION,
        data={"occurred_on": date(2017, 3, 1), "outcome": "approved", "amount": "21000"},
    )
    return other


def test_the_list_shows_the_key_details_of_each_kind(staff_client, campaign, recorded):
    page = staff_client.get(reverse("outreach:interactions", args=[campaign.pk])).content.decode()

    assert "Not now" in page
    assert "Maja Krajnc, 90 minutes" in page
    assert "Approved, 21,000.00 EUR" in page
    assert SECRET not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "response"}, ["Mladinski center Trbovlje"]),
        ({"organisation": "pot"}, ["Zavod Pot"]),
        ({"date_from": "2017-02-01", "date_to": "2017-02-28"}, ["Mladinski center Trbovlje"]),
        ({"mine": "on"}, ["Zavod Pot"]),
    ],
)
def test_the_list_filters(staff_client, campaign, recorded, query, expected):
    response = staff_client.get(reverse("outreach:interactions", args=[campaign.pk]), query)

    assert [i.organisation.legal_name for i, _summary in response.context["rows"]] == expected


def test_odd_filter_values_are_explained_not_a_server_error(staff_client, campaign, recorded, download_job):
    odd = {
        "kind": "zzz",
        "date_from": "not-a-date",
        "date_to": "2027-13-45",
        "organisation": "x" * 500,
        "page": "abc",
        "mine": "maybe",
    }
    response = staff_client.get(reverse("outreach:interactions", args=[campaign.pk]), odd)
    assert response.status_code == 200
    for name in ("interactions_csv", "interactions_xlsx"):  # the export still builds its file
        response = download_job(staff_client, reverse(f"outreach:{name}", args=[campaign.pk]),
                                query=odd)
        assert response.status_code == 200
    page = staff_client.get(reverse("outreach:interactions", args=[campaign.pk]), odd)
    assert page.context["form"].errors["date_from"] == ["Enter a valid date."]


def test_the_csv_export_has_the_filtered_list_without_private_notes(
    staff_client, campaign, recorded, download_job
):
    response = download_job(
        staff_client, reverse("outreach:interactions_csv", args=[campaign.pk]), query={"kind": "coaching"}
    )

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 2 and rows[1][3] == "Coaching / individual support"
    assert "Budget" in rows[1] and "Went well" in rows[1]
    assert SECRET not in text and "Private notes" not in text


def test_the_xlsx_export_never_holds_private_notes(staff_client, campaign, recorded, download_job):
    response = download_job(staff_client, reverse("outreach:interactions_xlsx", args=[campaign.pk]))

    content = read_body(response)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert sheet.max_row == 4
    assert "Draft the activity plan" in cells and SECRET not in cells


# -- the interaction page, private notes, editing, deleting --------------------------------------


def test_the_coach_and_the_owners_read_the_private_notes(
    client, campaign, org, staff, owner, make_user, agency
):
    coach = make_user(agency=agency)
    coaching = record_coaching(campaign, org, author=staff, coach=coach)
    url = reverse("outreach:interaction", args=[coaching.pk])
    for reader in (coach, owner, staff):
        client.force_login(reader)
        assert SECRET in client.get(url).content.decode()


def test_other_staff_of_the_agency_do_not_see_the_private_notes(
    client, campaign, org, owner, make_user, agency
):
    coaching = record_coaching(campaign, org, author=owner, coach=owner)
    client.force_login(make_user(agency=agency))

    page = client.get(reverse("outreach:interaction", args=[coaching.pk])).content.decode()
    edit = client.get(reverse("outreach:interaction_edit", args=[coaching.pk])).content.decode()

    assert SECRET not in page and SECRET not in edit
    assert "Private notes are visible to the coach and the campaign owners." in page
    assert 'name="private_notes"' not in edit


def test_an_edit_by_staff_who_cannot_read_them_keeps_the_private_notes(
    client, campaign, org, owner, make_user, agency
):
    coaching = record_coaching(campaign, org, author=owner, coach=owner)
    client.force_login(make_user(agency=agency))

    response = client.post(
        reverse("outreach:interaction_edit", args=[coaching.pk]),
        {
            "occurred_on": "2017-02-01",
            "coach": owner.pk,
            "duration_minutes": "120",
            "topics": "Budget",
        },
    )

    assert response.status_code == 302
    coaching.refresh_from_db()
    assert (coaching.duration_minutes, coaching.private_notes) == (120, SECRET)


def test_an_edit_is_saved_with_an_audit_diff(staff_client, campaign, org, staff, record):
    response_interaction = record(campaign, org, K.RESPONSE, answer="not_now")

    response = staff_client.post(
        reverse("outreach:interaction_edit", args=[response_interaction.pk]),
        {
            "occurred_on": "2017-01-10",
            "answer": "interested",
            "notes": "Called back",
        },
    )

    assert response.status_code == 302
    entry = history_for(response_interaction).first()
    assert entry.actor == staff
    assert entry.changes["answer"] == ["not_now", "interested"]
    assert entry.changes["notes"] == ["", "Called back"]
    page = staff_client.get(
        reverse("outreach:interaction", args=[response_interaction.pk])
    ).content.decode()
    assert "Change history" in page and "Answer: Not now → Interested" in page


def test_the_audit_log_does_not_copy_private_notes(staff_client, campaign, org, staff):
    coaching = record_coaching(campaign, org, author=staff, coach=staff)

    staff_client.post(
        reverse("outreach:interaction_edit", args=[coaching.pk]),
        {
            "occurred_on": "2017-02-01",
            "coach": staff.pk,
            "private_notes": "Even more private",
        },
    )

    assert all(
        SECRET not in str(e.changes) and "Even more" not in str(e.changes)
        for e in history_for(coaching)
    )


def test_an_emailed_invitation_stays_an_email_when_edited(staff_client, campaign, org, record):
    invitation = record(campaign, org, K.INVITATION, channel="email")

    response = staff_client.post(
        reverse("outreach:interaction_edit", args=[invitation.pk]),
        {"occurred_on": "2017-01-10", "notes": "Sent twice by mistake"},
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.channel, invitation.notes) == ("email", "Sent twice by mistake")


def test_a_check_in_attendance_keeps_its_event_when_edited(
    staff_client, campaign, org, target, cycle, make_event, make_registration, make_user
):
    target(campaign, org)
    event = make_event(
        cycle=cycle,
        start=datetime(2017, 5, 18, 9, tzinfo=TZ),
        end=datetime(2017, 5, 18, 17, tzinfo=TZ),
    )
    attendance_record(
        actor=make_user(agency=event.organiser_agency),
        registration=make_registration(event=event, organisation=org),
        day=date(2017, 5, 18),
    )
    attendance = Interaction.objects.get(kind=K.ATTENDANCE)

    response = staff_client.post(
        reverse("outreach:interaction_edit", args=[attendance.pk]),
        {"occurred_on": "2017-05-18", "event": event.pk, "notes": "Came with two youth workers"},
    )

    assert response.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.event, attendance.notes) == (event, "Came with two youth workers")


def test_an_edit_with_a_mistake_changes_nothing(staff_client, campaign, org, record):
    decision = record(campaign, org, K.DECISION, outcome="approved", amount="100")

    response = staff_client.post(
        reverse("outreach:interaction_edit", args=[decision.pk]),
        {
            "occurred_on": "2017-01-10",
            "outcome": "rejected",
            "amount": "-1",
        },
    )

    assert response.context["form"].errors["amount"]
    decision.refresh_from_db()
    assert decision.outcome == "approved"


def test_deleting_asks_first_then_the_funnel_recomputes(staff_client, campaign, org, record):
    record(campaign, org, K.INVITATION, channel="phone")
    answer = record(campaign, org, K.RESPONSE, answer="interested")
    url = reverse("outreach:interaction_delete", args=[answer.pk])

    confirm = staff_client.get(url)
    assert confirm.status_code == 200 and Interaction.objects.filter(pk=answer.pk).exists()
    assert funnel(campaigns=[campaign]).counts["responded"] == 1

    response = staff_client.post(url)

    assert response.status_code == 302
    assert not Interaction.objects.filter(pk=answer.pk).exists()
    assert funnel(campaigns=[campaign]).counts == {
        "invited": 1,
        "responded": 0,
        "attended": 0,
        "coached": 0,
        "applied": 0,
        "approved": 0,
    }


def test_attendance_from_a_check_in_says_where_it_came_from(
    staff_client, campaign, org, target, cycle, make_event, make_registration, make_user
):
    target(campaign, org)
    event = make_event(
        cycle=cycle,
        start=datetime(2017, 5, 18, 9, tzinfo=TZ),
        end=datetime(2017, 5, 18, 17, tzinfo=TZ),
    )
    attendance_record(
        actor=make_user(agency=event.organiser_agency),
        registration=make_registration(event=event, organisation=org),
        day=date(2017, 5, 18),
    )
    attendance = Interaction.objects.get(campaign=campaign, kind=K.ATTENDANCE)

    page = staff_client.get(reverse("outreach:interaction", args=[attendance.pk])).content.decode()
    listing = staff_client.get(
        reverse("outreach:interactions", args=[campaign.pk])
    ).content.decode()

    assert "was checked in at “Inclusion training”" in page
    assert "Event check-in" in listing and "Inclusion training" in listing


# -- who may see what ----------------------------------------------------------------------------


def _open(client, url):
    """A page by GET; an export as its button starts it, by POST."""
    return client.post(url) if url.endswith((".csv", ".xlsx")) else client.get(url)


def _pages(campaign, interaction):
    return [
        reverse("outreach:interactions", args=[campaign.pk]),
        reverse("outreach:interactions_csv", args=[campaign.pk]),
        reverse("outreach:interactions_xlsx", args=[campaign.pk]),
        create_url(campaign),
        create_url(campaign, kind="response"),
        reverse("outreach:interaction", args=[interaction.pk]),
        reverse("outreach:interaction_edit", args=[interaction.pk]),
        reverse("outreach:interaction_delete", args=[interaction.pk]),
        reverse("outreach:invitations", args=[campaign.pk]),
    ]


def test_staff_of_another_agency_find_none_of_the_pages(
    client, campaign, org, record, make_user, make_agency
):
    interaction = record(campaign, org, K.RESPONSE, answer="interested")
    client.force_login(make_user(agency=make_agency(name="Latvian agency", country="LV")))

    for url in _pages(campaign, interaction):
        response = _open(client, url)
        assert response.status_code == 404, url
    assert (
        client.post(reverse("outreach:interaction_delete", args=[interaction.pk])).status_code
        == 404
    )
    assert (
        client.post(
            create_url(campaign, kind="meeting"),
            {"organisation": org.pk, "occurred_on": "2017-02-01", "meeting_type": "meeting"},
        ).status_code
        == 404
    )
    assert Interaction.objects.count() == 1


def test_people_who_are_not_staff_find_none_of_the_pages(client, campaign, org, record, make_user):
    interaction = record(campaign, org, K.RESPONSE, answer="interested")
    client.force_login(make_user())

    for url in _pages(campaign, interaction):
        assert _open(client, url).status_code == 404, url


def test_visitors_are_asked_to_log_in(client, campaign, org, record):
    interaction = record(campaign, org, K.RESPONSE, answer="interested")

    for url in _pages(campaign, interaction):
        assert _open(client, url).status_code == 302, url


@pytest.mark.parametrize("name", ["interaction", "interaction_edit", "interaction_delete"])
def test_an_unknown_interaction_is_not_found(staff_client, name):
    assert staff_client.get(reverse(f"outreach:{name}", args=[987654])).status_code == 404
