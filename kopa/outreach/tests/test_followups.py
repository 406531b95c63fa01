"""Follow-up tasks: the services (validation, audit, permission) and the "My tasks" pages."""

import codecs
from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from django.utils import timezone

from kopa.agencies.models import AgencyMembership
from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.outreach.followups.services import (
    FollowupAlreadyDone,
    FollowupAlreadyOpen,
    followup_create,
    followup_done,
    followup_reopen,
    followup_update,
    followups_create,
)
from kopa.outreach.models import FollowUpTask

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def colleague(make_user, agency):
    return make_user(agency=agency, first_name="Maja", last_name="Kos")


@pytest.fixture
def other_agency(make_agency):
    return make_agency(name="Latvian agency", country="LV")


@pytest.fixture
def stranger(make_user, other_agency):
    return make_user(agency=other_agency)


@pytest.fixture
def org(make_organisation, agency):
    return make_organisation(legal_name="Mladinski center Trbovlje", agencies=[agency])


@pytest.fixture
def make_task(agency, staff):
    def make(**fields):
        fields.setdefault("agency", agency)
        fields.setdefault("assignee", staff)
        fields.setdefault("title", "Call about the information day")
        fields.setdefault("due_on", timezone.localdate() + timedelta(days=7))
        return FollowUpTask.objects.create(**fields)

    return make


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _new(actor, agency, assignee, **changes):
    data = {
        "actor": actor,
        "agency": agency,
        "assignee": assignee,
        "due_on": TODAY + timedelta(days=3),
        "title": "Call them",
        "today": TODAY,
    }
    data.update(changes)
    return followup_create(**data)


def _form(assignee, **changes):
    data = {
        "title": "Call about the information day",
        "notes": "",
        "assignee": assignee.pk,
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "campaign": "",
        "organisation": "",
    }
    data.update(changes)
    return data


# Services


def test_creating_a_task_records_who_created_it_in_the_audit_log(
    staff, agency, colleague, org, make_campaign
):
    campaign = make_campaign()

    task = _new(
        staff, agency, colleague, campaign=campaign, organisation=org, notes="  Ask for Ana  "
    )

    assert (task.agency, task.campaign, task.organisation, task.notes) == (
        agency,
        campaign,
        org,
        "Ask for Ana",
    )
    assert task.created_by == staff
    (entry,) = audit.history_for(task)
    assert entry.actor == staff and entry.action == AuditEntry.Action.CREATE


def test_a_new_task_cannot_be_due_in_the_past(staff, agency):
    with pytest.raises(ValidationFailed) as caught:
        _new(staff, agency, staff, due_on=TODAY - timedelta(days=1))

    assert set(caught.value.fields) == {"due_on"}
    assert not FollowUpTask.objects.exists()


def test_every_problem_of_a_new_task_is_reported_at_once(
    staff, agency, stranger, make_organisation
):
    outside = make_organisation(legal_name="Not in the inventory")

    with pytest.raises(ValidationFailed) as caught:
        _new(staff, agency, stranger, title="  ", due_on=None, organisation=outside)

    assert set(caught.value.fields) == {"title", "assignee", "due_on", "organisation"}


def test_a_task_is_assigned_only_to_staff_of_its_agency(staff, agency, stranger):
    with pytest.raises(ValidationFailed) as caught:
        _new(staff, agency, stranger)

    assert "assignee" in caught.value.fields


def test_a_task_cannot_name_another_agencys_campaign(staff, agency, other_agency, make_campaign):
    campaign = make_campaign(agency=other_agency)

    with pytest.raises(ValidationFailed) as caught:
        _new(staff, agency, staff, campaign=campaign)

    assert "campaign" in caught.value.fields


def test_staff_of_another_agency_cannot_create_tasks_for_it(stranger, agency, staff):
    with pytest.raises(PermissionDenied):
        _new(stranger, agency, staff)


def test_drop_off_lists_still_create_one_task_per_organisation(
    staff, agency, make_campaign, make_organisation
):
    campaign = make_campaign()
    organisations = [make_organisation(agencies=[agency]) for _ in range(3)]

    tasks = followups_create(
        actor=staff,
        agency=agency,
        assignee=staff,
        due_on=TODAY,
        title="Call",
        campaign=campaign,
        organisations=organisations,
        drop_off="responded:attended",
        today=TODAY,
    )

    assert [t.organisation for t in tasks] == organisations
    assert {t.drop_off for t in tasks} == {"responded:attended"}


def test_an_edit_may_keep_a_past_due_date_but_not_move_into_the_past(staff, make_task):
    task = make_task(due_on=TODAY - timedelta(days=5))

    followup_update(
        actor=staff, task=task, assignee=staff, due_on=task.due_on, title="Call again", today=TODAY
    )
    with pytest.raises(ValidationFailed) as caught:
        followup_update(
            actor=staff,
            task=task,
            assignee=staff,
            due_on=TODAY - timedelta(days=1),
            title="x",
            today=TODAY,
        )

    task.refresh_from_db()
    assert task.title == "Call again"
    assert set(caught.value.fields) == {"due_on"}


def test_an_edit_writes_what_changed_to_the_audit_log(staff, colleague, make_task):
    task = make_task()

    followup_update(
        actor=colleague, task=task, assignee=colleague, due_on=task.due_on, title=task.title
    )

    entry = audit.history_for(task).first()
    assert entry.actor == colleague and entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {"assignee": [staff.pk, colleague.pk]}


def test_any_staff_member_of_the_agency_may_complete_a_task(colleague, make_task):
    task = make_task()

    followup_done(actor=colleague, task=task)

    task.refresh_from_db()
    assert task.done_at is not None


def test_staff_of_another_agency_cannot_complete_a_task(stranger, make_task):
    with pytest.raises(PermissionDenied):
        followup_done(actor=stranger, task=make_task())


def test_a_done_task_can_be_reopened_and_both_are_in_the_history(staff, make_task):
    task = make_task()

    followup_done(actor=staff, task=task)
    followup_reopen(actor=staff, task=task)

    task.refresh_from_db()
    assert task.done_at is None
    first_change, second_change = reversed([e.changes["done_at"] for e in audit.history_for(task)])
    assert first_change[0] is None and second_change[1] is None


def test_completing_a_done_task_again_is_refused(staff, make_task):
    task = make_task()
    followup_done(actor=staff, task=task)

    with pytest.raises(FollowupAlreadyDone):
        followup_done(actor=staff, task=task)


def test_reopening_an_open_task_is_refused(staff, make_task):
    with pytest.raises(FollowupAlreadyOpen):
        followup_reopen(actor=staff, task=make_task())


# My tasks


def test_my_tasks_shows_only_the_tasks_assigned_to_me(staff_client, make_task, colleague):
    make_task(title="Mine to call")
    make_task(title="Maja's visit", assignee=colleague)

    page = staff_client.get("/en/staff/tasks/").content.decode()

    assert "Mine to call" in page
    assert "Maja&#x27;s visit" not in page and "Maja's visit" not in page


def test_my_tasks_lists_open_tasks_first_by_due_date(staff_client, make_task):
    today = timezone.localdate()
    make_task(title="Task later", due_on=today + timedelta(days=20))
    make_task(title="Task sooner", due_on=today + timedelta(days=2))
    make_task(title="Task finished", due_on=today - timedelta(days=30), done_at=timezone.now())

    page = staff_client.get("/en/staff/tasks/", {"status": "all"}).content.decode()

    assert page.index("Task sooner") < page.index("Task later") < page.index("Task finished")


def test_my_tasks_hides_done_tasks_unless_asked(staff_client, make_task):
    make_task(title="Task finished", done_at=timezone.now())
    make_task(title="Task waiting")

    open_page = staff_client.get("/en/staff/tasks/").content.decode()
    done_page = staff_client.get("/en/staff/tasks/", {"status": "done"}).content.decode()

    assert "Task waiting" in open_page and "Task finished" not in open_page
    assert "Task finished" in done_page and "Task waiting" not in done_page


def test_an_overdue_task_says_so_in_words(staff_client, make_task):
    make_task(due_on=timezone.localdate() - timedelta(days=10))

    page = staff_client.get("/en/staff/tasks/").content.decode()

    assert "Overdue" in page


def test_my_tasks_filters_by_campaign(staff_client, make_task, make_campaign):
    campaign, other = make_campaign(), make_campaign(name={"en": "Disability strand"})
    make_task(title="Task of the first campaign", campaign=campaign)
    make_task(title="Task of the second campaign", campaign=other)

    page = staff_client.get("/en/staff/tasks/", {"campaign": campaign.pk}).content.decode()

    assert "Task of the first campaign" in page and "Task of the second campaign" not in page


def test_a_task_shows_the_drop_off_list_it_came_from_and_links_its_organisation_and_campaign(
    staff_client, make_task, make_campaign, org
):
    campaign = make_campaign()
    make_task(campaign=campaign, organisation=org, drop_off="responded:attended")

    page = staff_client.get("/en/staff/tasks/").content.decode()

    assert "Responded → Attended an event" in page
    assert f'href="/en/staff/organisations/{org.pk}/"' in page
    assert f'href="/en/staff/outreach/{campaign.pk}/"' in page


def test_a_filter_value_not_on_offer_is_explained_and_the_list_still_shows(
    staff_client, make_task, make_campaign, other_agency
):
    make_task(title="Task waiting")
    foreign = make_campaign(agency=other_agency)

    for query in (
        {"status": "nonsense"},
        {"campaign": "abc"},
        {"campaign": foreign.pk},
        {"page": "x"},
    ):
        response = staff_client.get("/en/staff/tasks/", query)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Task waiting" in page


def test_people_without_an_agency_role_do_not_find_my_tasks(client, make_user):
    client.force_login(make_user())

    assert client.get("/en/staff/tasks/").status_code == 404
    assert client.get("/en/staff/tasks/new/").status_code == 404


def test_my_tasks_export_as_csv_lists_my_tasks_with_their_state(staff_client, make_task, org, download_job):
    make_task(
        title="=cmd|'/c calc'!A1", organisation=org, due_on=timezone.localdate() - timedelta(days=1)
    )

    assert staff_client.get("/en/staff/tasks.csv").status_code == 405  # a button starts it
    response = download_job(staff_client, "/en/staff/tasks.csv")
    text = response.content.decode("utf-8")

    assert response["Content-Disposition"] == 'attachment; filename="tasks.csv"'
    assert text.startswith(codecs.BOM_UTF8.decode("utf-8"))
    assert "'=cmd" in text  # a formula stays text in a spreadsheet
    assert "Mladinski center Trbovlje" in text and "Overdue" in text


def test_my_tasks_export_as_xlsx_uses_the_same_filters(staff_client, make_task, download_job):
    make_task(title="Open one")
    make_task(title="Done one", done_at=timezone.now())

    response = download_job(staff_client, "/en/staff/tasks.xlsx", query={"status": "done"})
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert titles == ["Done one"]


# A task's page


def test_staff_create_a_task_through_the_form(staff_client, staff, colleague, org, make_campaign):
    campaign = make_campaign()

    response = staff_client.post(
        "/en/staff/tasks/new/", _form(colleague, campaign=campaign.pk, organisation=org.pk)
    )

    task = FollowUpTask.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/staff/tasks/{task.pk}/"
    assert (task.assignee, task.campaign, task.organisation, task.created_by) == (
        colleague,
        campaign,
        org,
        staff,
    )


def test_form_errors_appear_next_to_the_fields_in_the_users_language_and_nothing_is_saved(
    staff_client, staff
):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = staff_client.post("/sl/staff/tasks/new/", _form(staff, title="", due_on=yesterday))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_errors"' in page and 'id="id_due_on_errors"' in page
    assert "To polje je obvezno." in page  # "This field is required." in Slovenian
    assert not FollowUpTask.objects.exists()


def test_an_assignee_from_another_agency_is_refused_next_to_the_field(staff_client, stranger):
    response = staff_client.post("/en/staff/tasks/new/", _form(stranger))

    assert 'id="id_assignee_errors"' in response.content.decode()
    assert not FollowUpTask.objects.exists()


def test_the_new_task_form_is_filled_in_from_the_organisation_and_campaign_asked_for(
    staff_client, org, make_campaign
):
    campaign = make_campaign()

    page = staff_client.get(
        "/en/staff/tasks/new/", {"organisation": org.pk, "campaign": campaign.pk}
    ).content.decode()

    assert f'<option value="{org.pk}" selected>' in page
    assert f'<option value="{campaign.pk}" selected>' in page


def test_the_new_task_form_refuses_ids_that_are_not_the_users(
    staff_client, make_organisation, make_campaign, other_agency
):
    outside = make_organisation()
    foreign = make_campaign(agency=other_agency)

    for query in (
        {"organisation": "abc"},
        {"organisation": outside.pk},
        {"organisation": "99999999"},
        {"campaign": "1e3"},
        {"campaign": foreign.pk},
    ):
        assert staff_client.get("/en/staff/tasks/new/", query).status_code == 404


def test_staff_edit_a_task_and_the_change_is_in_its_history(staff_client, make_task, staff):
    task = make_task()

    response = staff_client.post(
        f"/en/staff/tasks/{task.pk}/",
        _form(staff, title="Visit them", due_on=task.due_on.isoformat()),
    )
    page = staff_client.get(f"/en/staff/tasks/{task.pk}/").content.decode()

    task.refresh_from_db()
    assert response.status_code == 302 and task.title == "Visit them"
    assert "Change history" in page and "Visit them" in page


def test_another_agencys_task_is_not_found(client, stranger, make_task):
    task = make_task()
    client.force_login(stranger)

    assert client.get(f"/en/staff/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/en/staff/tasks/{task.pk}/", {"title": "Taken over"}).status_code == 404
    assert client.post(f"/en/staff/tasks/{task.pk}/done/", {"action": "done"}).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None and task.title != "Taken over"


def test_task_pages_with_odd_ids_are_not_found(staff_client):
    for path in (
        "/en/staff/tasks/0/",
        "/en/staff/tasks/99999999/",
        "/en/staff/tasks/abc/",
        "/en/staff/tasks/1.5/done/",
    ):
        assert staff_client.get(path).status_code == 404


# Mark done and reopen


def test_mark_done_from_my_tasks_returns_to_the_same_list(staff_client, make_task):
    task = make_task()

    response = staff_client.post(
        f"/en/staff/tasks/{task.pk}/done/",
        {"action": "done", "next": "/en/staff/tasks/?status=all"},
    )

    task.refresh_from_db()
    assert task.done_at is not None
    assert response["Location"] == "/en/staff/tasks/?status=all"


def test_reopen_through_the_page(staff_client, make_task):
    task = make_task(done_at=timezone.now())

    staff_client.post(f"/en/staff/tasks/{task.pk}/done/", {"action": "reopen"})

    task.refresh_from_db()
    assert task.done_at is None


def test_marking_a_done_task_done_again_says_so_instead_of_failing(staff_client, make_task):
    task = make_task(done_at=timezone.now())

    response = staff_client.post(
        f"/en/staff/tasks/{task.pk}/done/", {"action": "done"}, follow=True
    )

    assert "This task is already done." in response.content.decode()


def test_mark_done_never_sends_people_to_another_site(staff_client, make_task):
    task = make_task()

    response = staff_client.post(
        f"/en/staff/tasks/{task.pk}/done/", {"action": "done", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/en/staff/tasks/"


def test_mark_done_with_an_unknown_action_is_a_bad_request(staff_client, make_task):
    task = make_task()

    assert (
        staff_client.post(f"/en/staff/tasks/{task.pk}/done/", {"action": "delete"}).status_code
        == 400
    )
    assert staff_client.get(f"/en/staff/tasks/{task.pk}/done/").status_code == 405


def test_someone_working_for_two_agencies_chooses_the_agency_of_a_task_without_a_campaign(
    client, make_user, agency, other_agency
):
    both = make_user(agency=agency)
    AgencyMembership.objects.create(agency=other_agency, user=both)
    client.force_login(both)

    assert 'name="agency"' in client.get("/en/staff/tasks/new/").content.decode()
    client.post("/en/staff/tasks/new/", _form(both, agency=other_agency.pk))

    assert FollowUpTask.objects.get().agency == other_agency


def test_a_campaign_of_another_agency_than_the_chosen_one_is_refused_next_to_the_field(
    client, make_user, agency, other_agency, make_campaign
):
    both = make_user(agency=agency)
    AgencyMembership.objects.create(agency=other_agency, user=both)
    client.force_login(both)

    response = client.post(
        "/en/staff/tasks/new/", _form(both, agency=other_agency.pk, campaign=make_campaign().pk)
    )

    assert 'id="id_campaign_errors"' in response.content.decode()
    assert not FollowUpTask.objects.exists()
