"""Drop-off lists ("responded but never attended") and the follow-up tasks made from them."""

import csv
import io
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from django.utils import timezone

from kopa.core.models import AuditEntry
from kopa.outreach.funnel.selectors import drop_off
from kopa.outreach.models import FollowUpTask, Interaction
from kopa.outreach.tests.funnel_support import RESPONDED_ON, content, outreach

pytestmark = pytest.mark.django_db
K = Interaction.Kind
URL = "/en/staff/outreach/drop-off/"


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()


@pytest.fixture
def officer(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def organisations(campaign, make_organisation, record):
    """Six invited, four responded, one of those attended: three responded but never attended."""
    return outreach(campaign, make_organisation, record, invited=6, responded=4, attended=1, approved=0,
                    region="Zasavska", city="Trbovlje")


def _list(campaign, **extra):
    return {"campaign": campaign.pk, "from": "responded", "to": "attended", **extra}


def _tasks_post(assignee=None, **fields):
    data = {"task-scope": "all", "task-due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "task-title": "Call them", "task-assignee": "" if assignee is None else assignee}
    data.update({f"task-{key}": value for key, value in fields.items()})
    return data


def test_list_shows_who_responded_but_never_attended_as_the_selectors_compute_it(
    officer, campaign, organisations
):
    response = officer.get(URL, _list(campaign))

    expected = drop_off(campaigns=[campaign], from_stage="responded", to_stage="attended")
    assert response.status_code == 200
    assert [(r["campaign"], r["organisation"], r["reached_on"]) for r in response.context["rows"]] == expected
    assert [r["organisation"].legal_name for r in response.context["rows"]] == [
        "Organisation 001", "Organisation 002", "Organisation 003"
    ]
    page = response.content.decode()
    assert "<h1>Responded but never attended an event</h1>" in page
    assert f'href="/en/staff/organisations/{organisations[1].pk}/"' in page
    assert "Trbovlje" in page and "Zasavska" in page and "11 March 2016" in page


def test_coached_but_never_applied_is_a_list_too(officer, campaign, make_organisation, record):
    coached = make_organisation(legal_name="Coached only")
    applied = make_organisation(legal_name="Coached and applied")
    for org in (coached, applied):
        record(campaign, org, K.COACHING, coach_name="Ana Novak", duration_minutes=60)
    record(campaign, applied, K.APPLICATION, action_type="KA210-YOU")

    response = officer.get(URL, {"campaign": campaign.pk, "from": "coached", "to": "applied"})

    assert [r["organisation"] for r in response.context["rows"]] == [coached]


def test_any_later_stage_may_be_the_second(officer, campaign, organisations):
    response = officer.get(URL, {"campaign": campaign.pk, "from": "invited", "to": "approved"})

    assert response.status_code == 200
    assert len(response.context["rows"]) == 6


@pytest.mark.parametrize("stages", [
    {"from": "attended", "to": "responded"},
    {"from": "responded", "to": "responded"},
    {"from": "replied", "to": "attended"},
    {"from": "responded"},
    {"to": "x" * 300},
])
def test_stages_out_of_order_or_unknown_answer_400_with_a_message(officer, campaign, stages):
    response = officer.get(URL, {"campaign": campaign.pk, **stages})

    assert response.status_code == 400
    assert response.context["form"].errors
    assert "errorlist" in response.content.decode()


def test_without_stages_the_page_asks_for_them(officer, campaign):
    response = officer.get(URL, {"campaign": campaign.pk})

    assert response.status_code == 200
    assert "Choose the stage the organisations reached" in response.content.decode()


def test_date_filter_applies_to_the_list(officer, campaign, organisations):
    response = officer.get(URL, _list(campaign, date_to=(RESPONDED_ON - timedelta(days=1)).isoformat()))

    assert response.context["rows"] == []
    assert "Nobody is on this list" in response.content.decode()


def test_csv_export_lists_the_organisations(officer, campaign, organisations, download_job):
    response = download_job(officer, "/en/staff/outreach/drop-off.csv", query=_list(campaign))

    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert response["Content-Disposition"] == 'attachment; filename="drop-off-responded-attended.csv"'
    assert rows[0] == ["Organisation", "City", "Region", "Type", "Reached “Responded” on", "Campaign"]
    assert rows[1] == ["Organisation 001", "Trbovlje", "Zasavska", "Non-governmental organisation",
                       "2016-03-11", "Reaching deprived areas"]
    assert len(rows) == 4


def test_xlsx_export_lists_the_organisations(officer, campaign, organisations, download_job):
    response = download_job(officer, "/en/staff/outreach/drop-off.xlsx", query=_list(campaign))

    sheet = load_workbook(io.BytesIO(content(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["Organisation", "Organisation 001", "Organisation 002", "Organisation 003"]


def _open(client, path, query=None):
    """A page by GET; an export (a file name in the address) as its button starts it: a POST whose
    address carries the filters."""
    if path.split("?")[0].endswith("/"):
        return client.get(path, query or {})
    if query:
        path = f"{path}{'&' if '?' in path else '?'}{urlencode(query)}"
    return client.post(path)


@pytest.mark.parametrize("path", ["drop-off.csv", "drop-off.xlsx"])
def test_exports_without_valid_stages_answer_400(officer, campaign, path):
    assert _open(officer, f"/en/staff/outreach/{path}", {"campaign": campaign.pk, "from": "x"}).status_code == 400


@pytest.mark.parametrize("path", ["drop-off/", "drop-off.csv", "drop-off.xlsx"])
def test_another_agencys_campaign_is_not_found(officer, make_campaign, make_agency, path):
    foreign = make_campaign(agency=make_agency(name="Latvian agency", country="LV"))

    assert _open(officer, f"/en/staff/outreach/{path}", _list(foreign)).status_code == 404


def test_posting_for_another_agencys_campaign_creates_nothing(officer, make_campaign, make_agency):
    foreign = make_campaign(agency=make_agency(name="Latvian agency", country="LV"))

    response = officer.post(f"{URL}?campaign={foreign.pk}&from=responded&to=attended", _tasks_post())

    assert response.status_code == 404
    assert not FollowUpTask.objects.exists()


def test_one_action_creates_a_task_for_every_organisation_on_the_list(officer, staff, campaign, organisations):
    due = timezone.localdate() + timedelta(days=3)

    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(assignee=staff.pk))

    assert response.status_code == 302
    assert response["Location"] == "/en/staff/tasks/"
    tasks = FollowUpTask.objects.order_by("organisation__legal_name")
    assert [t.organisation for t in tasks] == organisations[1:4]
    assert {(t.assignee, t.due_on, t.drop_off, t.title, t.campaign, t.agency) for t in tasks} == {
        (staff, due, "responded:attended", "Call them", campaign, campaign.agency)
    }
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id__in=[str(t.pk) for t in tasks], actor=staff
    ).count() == 3


def test_the_form_proposes_the_user_a_week_and_a_title_from_the_list(officer, staff, campaign, organisations):
    form = officer.get(URL, _list(campaign)).context["tasks_form"]

    assert form["assignee"].value() == str(staff.pk)
    assert form["due_on"].value() == timezone.localdate() + timedelta(days=7)
    assert form["title"].value() == "Follow-up: Responded but never attended an event"


def test_tasks_only_for_the_ticked_organisations(officer, staff, campaign, organisations):
    ticked = f"{campaign.pk}-{organisations[2].pk}"

    officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                 _tasks_post(assignee=staff.pk, scope="ticked", row=ticked))

    assert [t.organisation for t in FollowUpTask.objects.all()] == [organisations[2]]


def test_ticking_nobody_is_explained_and_creates_nothing(officer, staff, campaign, organisations):
    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(assignee=staff.pk, scope="ticked"))

    assert response.status_code == 400
    assert response.context["tasks_form"].errors["scope"] == ["Tick at least one organisation in the list."]
    assert not FollowUpTask.objects.exists()


def test_a_tick_for_someone_no_longer_on_the_list_is_left_out(officer, staff, campaign, organisations):
    moved_on = f"{campaign.pk}-{organisations[0].pk}"  # attended: not on the list

    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(assignee=staff.pk, scope="ticked", row=moved_on))

    assert response.status_code == 400
    assert not FollowUpTask.objects.exists()


def test_a_due_date_in_the_past_is_refused_next_to_the_field(officer, staff, campaign, organisations):
    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(assignee=staff.pk, due_on=date(2020, 1, 1).isoformat()))

    assert response.status_code == 400
    assert response.context["tasks_form"].errors["due_on"] == ["The due date cannot be in the past."]
    assert 'id="id_task-due_on_errors"' in response.content.decode()
    assert not FollowUpTask.objects.exists()


@pytest.mark.parametrize("fields", [{"title": ""}, {"due_on": "someday"}, {"assignee": "abc"}, {"scope": "some"}])
def test_missing_or_odd_values_are_refused_and_nothing_is_created(officer, staff, campaign, organisations, fields):
    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(**{"assignee": staff.pk, **fields}))

    assert response.status_code == 400
    assert set(fields) <= set(response.context["tasks_form"].errors)
    assert not FollowUpTask.objects.exists()


def test_someone_outside_the_agency_cannot_be_assigned(officer, make_user, make_agency, campaign, organisations):
    outsider = make_user(agency=make_agency(name="Latvian agency", country="LV"))

    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(assignee=outsider.pk))

    assert response.status_code == 400
    assert "assignee" in response.context["tasks_form"].errors
    assert not FollowUpTask.objects.exists()


def test_tasks_for_a_colleague_bring_the_officer_back_to_the_list(officer, make_user, agency, campaign, organisations):
    colleague = make_user(agency=agency)

    response = officer.post(f"{URL}?campaign={campaign.pk}&from=responded&to=attended",
                            _tasks_post(assignee=colleague.pk), follow=True)

    assert response.redirect_chain[-1][0] == f"{URL}?campaign={campaign.pk}&from=responded&to=attended"
    assert "3 follow-up tasks were created." in response.content.decode()
    assert FollowUpTask.objects.filter(assignee=colleague).count() == 3


def test_a_list_over_two_campaigns_gives_each_task_its_campaign(
    officer, staff, campaign, make_campaign, make_organisation, record
):
    second = make_campaign(name={"en": "Second"})
    outreach(campaign, make_organisation, record, invited=2, responded=0, attended=0, approved=0)
    outreach(second, make_organisation, record, invited=1, responded=0, attended=0, approved=0, prefix="B")

    officer.post(f"{URL}?from=invited&to=responded", _tasks_post(assignee=staff.pk))

    assert sorted(t.campaign.pk for t in FollowUpTask.objects.all()) == [campaign.pk, campaign.pk, second.pk]


def test_number_of_queries_does_not_grow_with_the_list(
    officer, campaign, make_organisation, record, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    outreach(campaign, make_organisation, record, invited=2, responded=1, attended=0, approved=0)
    with CaptureQueriesContext(connection) as few:
        officer.get(URL, _list(campaign))
    outreach(campaign, make_organisation, record, invited=30, responded=25, attended=5, approved=0, prefix="More")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer.get(URL, _list(campaign))

    assert len(response.context["rows"]) == 21


def test_odd_query_values_never_cause_a_server_error(officer, campaign, organisations):
    response = officer.get(URL, {"campaign": campaign.pk, "from": "a\x00b", "to": "x" * 500,
                                 "date_from": "2027-13-45", "page": "abc"})

    assert response.status_code == 400
