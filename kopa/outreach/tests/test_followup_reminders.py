"""Reminder e-mails about follow-up tasks: on the due date, once, in the assignee's language."""

from datetime import date, timedelta

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from kopa.core.services import preference_set
from kopa.core.tasks import run_task
from kopa.outreach.followups.services import followup_update, followups_remind
from kopa.outreach.models import FollowUpTask

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def make_task(agency, staff):
    def make(**fields):
        fields.setdefault("agency", agency)
        fields.setdefault("assignee", staff)
        fields.setdefault("title", "Call about the information day")
        fields.setdefault("due_on", TODAY)
        return FollowUpTask.objects.create(**fields)

    return make


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run(today=TODAY):
        with django_capture_on_commit_callbacks(execute=True):
            return followups_remind(today=today)

    return run


def test_an_assignee_gets_one_email_listing_all_their_due_tasks(remind, make_task, staff):
    make_task(title="Call Zavod Pot")
    make_task(title="Visit Društvo Sožitje", due_on=TODAY - timedelta(days=3))

    assert remind() == 1

    (message,) = mail.outbox
    assert message.to == [staff.email]
    assert "Call Zavod Pot" in message.body and "Visit Društvo Sožitje" in message.body
    assert message.subject == "Kopa: 2 follow-up tasks are due"


def test_each_assignee_gets_their_own_email(remind, make_task, make_user, agency):
    colleague = make_user(agency=agency)
    make_task(title="Mine")
    make_task(title="Theirs", assignee=colleague)

    assert remind() == 2

    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert "Theirs" in by_person[colleague.email] and "Mine" not in by_person[colleague.email]


def test_a_task_is_reminded_only_once(remind, make_task):
    make_task()

    remind()
    remind(today=TODAY + timedelta(days=1))

    assert len(mail.outbox) == 1


def test_tasks_not_yet_due_wait_for_their_day(remind, make_task):
    task = make_task(due_on=TODAY + timedelta(days=1))

    assert remind() == 0
    assert remind(today=TODAY + timedelta(days=1)) == 1
    task.refresh_from_db()
    assert task.reminded_at is not None


def test_done_tasks_get_no_reminder(remind, make_task, staff):
    make_task(done_at=timezone.now())

    assert remind() == 0
    assert mail.outbox == []


def test_an_overdue_task_never_reminded_is_still_reminded(remind, make_task):
    make_task(due_on=TODAY - timedelta(days=30))

    assert remind() == 1
    assert "Was due on" in mail.outbox[0].body


def test_the_reminder_is_in_the_assignees_language(remind, make_task, make_campaign, staff):
    preference_set(user=staff, language="sl")
    make_task(
        campaign=make_campaign(
            name={"en": "Reaching deprived areas", "sl": "Doseči prikrajšana območja"}
        )
    )

    remind()

    body = mail.outbox[0].body
    assert "Doseči prikrajšana območja" in body
    assert "/sl/staff/tasks/" in body


def test_the_reminder_links_to_my_tasks_and_names_the_organisation(
    remind, make_task, make_organisation, settings
):
    settings.KOPA_SITE_URL = "https://kopa.example.org/"
    make_task(organisation=make_organisation(legal_name='Zavod "Pot" & partnerji'))

    remind()

    body = mail.outbox[0].body
    assert "https://kopa.example.org/en/staff/tasks/\n" in body
    assert 'Zavod "Pot" & partnerji' in body  # plain text: nothing HTML-escaped


def test_someone_without_an_email_address_is_skipped_until_they_have_one(remind, make_task, staff):
    staff.email = ""
    staff.save()
    task = make_task()

    assert remind() == 0
    task.refresh_from_db()
    assert task.reminded_at is None


def test_moving_the_due_date_arms_the_reminder_again(remind, make_task, staff):
    task = make_task()
    remind()

    followup_update(
        actor=staff,
        task=task,
        assignee=staff,
        due_on=TODAY + timedelta(days=7),
        title=task.title,
        today=TODAY,
    )

    assert remind(today=TODAY + timedelta(days=7)) == 1
    assert len(mail.outbox) == 2


def test_the_daily_command_sends_the_reminders(
    make_task, django_capture_on_commit_callbacks, capsys
):
    make_task()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_task_reminders", "--today", TODAY.isoformat())

    assert len(mail.outbox) == 1
    assert "Sent 1 task reminder" in capsys.readouterr().out


def test_the_daily_command_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError):
        call_command("send_task_reminders", "--today", "10.3.2026")


def test_the_worker_can_run_the_reminders_as_a_background_task(
    make_task, django_capture_on_commit_callbacks
):
    make_task(due_on=timezone.localdate() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert run_task("kopa.outreach.jobs:send_followup_reminders", {}) == 1

    assert len(mail.outbox) == 1
