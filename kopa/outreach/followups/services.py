"""Writes of follow-up tasks, and their reminder e-mails. Keyword-only, one transaction each.

("Task" here is always a follow-up task, `FollowUpTask`; the functions are named `followup_…`. The
queue is `kopa.core.tasks`, the scheduled reminders `kopa.outreach.jobs`.)

Any staff member of the task's agency (the assignee is one) may change or complete it. A task is
reminded once, on or after its due date, while it is open; moving the due date arms the reminder
again, reopening a task does not.
"""

from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.agencies.selectors import is_staff_member
from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.http import site_url
from kopa.core.i18n import pick
from kopa.core.models import AuditEntry, UserPreference
from kopa.core.tasks import enqueue
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.outreach.access import can_manage_followup
from kopa.outreach.followups.selectors import drop_off_label
from kopa.outreach.models import Campaign, FollowUpTask
from kopa.outreach.rules import NOTES_MAX, TITLE_MAX


def _check(
    *,
    actor,
    agency: Agency,
    assignee,
    due_on,
    title: str,
    today: date,
    allow_past: bool = False,
    notes: str = "",
) -> str:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("This field is required.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Write at most %(max)d characters.") % {"max": TITLE_MAX}]
    if len((notes or "").strip()) > NOTES_MAX:
        errors["notes"] = [_("Write at most %(max)d characters.") % {"max": NOTES_MAX}]
    if assignee is None or not is_staff_member(agency_id=agency.pk, user=assignee):
        errors["assignee"] = [_("Choose a member of the agency's staff.")]
    if due_on is None:
        errors["due_on"] = [_("This field is required.")]
    elif due_on < today and not allow_past:
        errors["due_on"] = [_("The due date cannot be in the past.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return title


@transaction.atomic
def followups_create(
    *,
    actor,
    agency: Agency,
    assignee,
    due_on: date | None,
    title: str,
    notes: str = "",
    campaign: Campaign | None = None,
    organisations: list[Organisation] | None = None,
    drop_off: str = "",
    today: date | None = None,
) -> list[FollowUpTask]:
    """One task per organisation (or one task without an organisation), all or none.
    Raises PermissionDenied, ValidationFailed."""
    require_agency_staff(actor, agency)
    if campaign is not None and campaign.agency_id != agency.pk:
        raise PermissionDenied()
    title = _check(
        actor=actor,
        agency=agency,
        assignee=assignee,
        due_on=due_on,
        title=title,
        today=today or timezone.localdate(),
        notes=notes,
    )
    targets = organisations if organisations else [None]
    tasks = []
    for organisation in targets:
        task = FollowUpTask.objects.create(
            agency=agency,
            campaign=campaign,
            organisation=organisation,
            title=title,
            notes=(notes or "").strip(),
            assignee=assignee,
            due_on=due_on,
            drop_off=drop_off,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            obj=task,
            action=AuditEntry.Action.CREATE,
            changes=audit.diff({}, audit.snapshot(task)),
        )
        tasks.append(task)
    return tasks


def _links_errors(
    *,
    actor,
    agency: Agency,
    campaign: Campaign | None,
    organisation: Organisation | None,
    organisation_changed: bool = True,
) -> dict:
    """Problems with the campaign and organisation a task is about, by field."""
    errors = {}
    if campaign is not None and campaign.agency_id != agency.pk:
        errors["campaign"] = [_("Choose a campaign of the task's agency.")]
    # An organisation that has since left the inventory may stay on a task; a new one must be in it.
    if (
        organisation is not None
        and organisation_changed
        and not staff_scope(actor).filter(pk=organisation.pk).exists()
    ):
        errors["organisation"] = [_("Choose an organisation in your inventory.")]
    return errors


@transaction.atomic
def followup_create(
    *,
    actor,
    agency: Agency,
    assignee,
    due_on: date | None,
    title: str,
    notes: str = "",
    campaign: Campaign | None = None,
    organisation: Organisation | None = None,
    today: date | None = None,
) -> FollowUpTask:
    """One task, written by hand, about an organisation and/or a campaign or neither.
    Raises PermissionDenied, ValidationFailed (with every problem at once)."""
    require_agency_staff(actor, agency)
    errors = _links_errors(actor=actor, agency=agency, campaign=campaign, organisation=organisation)
    try:
        _check(
            actor=actor,
            agency=agency,
            assignee=assignee,
            due_on=due_on,
            title=title,
            today=today or timezone.localdate(),
            notes=notes,
        )
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    (task,) = followups_create(
        actor=actor,
        agency=agency,
        assignee=assignee,
        due_on=due_on,
        title=title,
        notes=notes,
        campaign=campaign,
        organisations=[organisation] if organisation else None,
        today=today,
    )
    return task


def _locked(task: FollowUpTask, actor) -> FollowUpTask:
    locked = FollowUpTask.objects.select_for_update().select_related("agency").get(pk=task.pk)
    if not can_manage_followup(actor, locked):
        raise PermissionDenied()
    return locked


@transaction.atomic
def followup_update(
    *,
    actor,
    task: FollowUpTask,
    assignee,
    due_on: date | None,
    title: str,
    notes: str = "",
    campaign: Campaign | None = None,
    organisation: Organisation | None = None,
    today: date | None = None,
) -> FollowUpTask:
    """Change a task; its agency stays. A due date may stay in the past but not move into it.
    Raises PermissionDenied, ValidationFailed."""
    task = _locked(task, actor)
    errors = _links_errors(
        actor=actor,
        agency=task.agency,
        campaign=campaign,
        organisation=organisation,
        organisation_changed=(organisation.pk if organisation else None) != task.organisation_id,
    )
    try:
        title = _check(
            actor=actor,
            agency=task.agency,
            assignee=assignee,
            due_on=due_on,
            title=title,
            today=today or timezone.localdate(),
            allow_past=due_on == task.due_on,
            notes=notes,
        )
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    before = audit.snapshot(task)
    if due_on != task.due_on or assignee.pk != task.assignee_id:
        # A new date or a new person: the reminder is owed again, on that date, to that person.
        task.reminded_at = None
    task.title, task.notes = title, (notes or "").strip()
    task.assignee, task.due_on = assignee, due_on
    task.campaign, task.organisation = campaign, organisation
    task.save()
    changes = audit.diff(before, audit.snapshot(task))
    changes.pop("reminded_at", None)
    if changes:
        audit.record(actor=actor, obj=task, action=AuditEntry.Action.UPDATE, changes=changes)
    return task


class FollowupAlreadyDone(Conflict):
    code = "task_already_done"
    default_message = gettext_lazy("This task is already done.")


class FollowupAlreadyOpen(Conflict):
    code = "task_already_open"
    default_message = gettext_lazy("This task is already open.")


@transaction.atomic
def followup_done(*, actor, task: FollowUpTask, now: datetime | None = None) -> FollowUpTask:
    """Mark a task done. Raises PermissionDenied, FollowupAlreadyDone."""
    task = _locked(task, actor)
    if task.done_at is not None:
        raise FollowupAlreadyDone()
    task.done_at = now or timezone.now()
    task.save(update_fields=["done_at"])
    audit.record(
        actor=actor,
        obj=task,
        action=AuditEntry.Action.UPDATE,
        changes={"done_at": [None, task.done_at.isoformat()]},
    )
    return task


@transaction.atomic
def followup_reopen(*, actor, task: FollowUpTask) -> FollowUpTask:
    """Open a done task again. Raises PermissionDenied, FollowupAlreadyOpen."""
    task = _locked(task, actor)
    if task.done_at is None:
        raise FollowupAlreadyOpen()
    before = task.done_at.isoformat()
    task.done_at = None
    task.save(update_fields=["done_at"])
    audit.record(
        actor=actor, obj=task, action=AuditEntry.Action.UPDATE, changes={"done_at": [before, None]}
    )
    return task


def _language_of(user) -> str:
    """The language the user chose in Kopa, else the site's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    chosen = (chosen or "").split("-")[0]
    return chosen if chosen in codes else settings.LANGUAGE_CODE


def _reminder(user, tasks: list[FollowUpTask], *, today: date) -> tuple[str, str]:
    """Subject and body of one assignee's reminder, in their language."""
    language = _language_of(user)
    with override(language):
        site = site_url()
        items = [
            {
                "task": task,
                "overdue": task.due_on < today,
                "organisation": task.organisation.legal_name if task.organisation_id else "",
                "campaign": pick(task.campaign.name, language) if task.campaign_id else "",
                "drop_off": drop_off_label(task.drop_off),
                "url": site + reverse("outreach:task", args=[task.pk]),
            }
            for task in tasks
        ]
        count = len(tasks)
        subject = ngettext(
            "Kopa: %(count)d follow-up task is due",
            "Kopa: %(count)d follow-up tasks are due",
            count,
        ) % {"count": count}
        body = render_to_string(
            "outreach/followups/email/reminder.txt",
            {
                "user": user,
                "items": items,
                "count": count,
                "my_tasks_url": site + reverse("outreach:my_tasks"),
            },
        )
    return subject, body


def followups_remind(*, today: date | None = None) -> int:
    """E-mail each assignee one reminder listing their open tasks due on or before `today` that
    were not reminded yet; each task is reminded once. Returns the number of e-mails sent."""
    today = today or timezone.localdate()
    due = (
        FollowUpTask.objects.filter(
            done_at__isnull=True, reminded_at__isnull=True, due_on__lte=today
        )
        .exclude(assignee__email="")
        .filter(assignee__is_active=True)
        .values_list("assignee_id", "pk")
        .order_by("assignee_id", "due_on", "pk")
    )
    by_assignee: dict[int, list[int]] = defaultdict(list)
    for assignee_id, pk in due:
        by_assignee[assignee_id].append(pk)
    users = get_user_model().objects.in_bulk(list(by_assignee))
    sent = 0
    for assignee_id, pks in by_assignee.items():
        with transaction.atomic():
            now = timezone.now()
            # Each task is claimed by a conditional update: two runs at once never remind it twice.
            claimed = [
                pk
                for pk in pks
                if FollowUpTask.objects.filter(
                    pk=pk, done_at__isnull=True, reminded_at__isnull=True
                ).update(reminded_at=now)
            ]
            if not claimed:
                continue
            tasks = list(
                FollowUpTask.objects.filter(pk__in=claimed)
                .select_related("campaign", "organisation")
                .order_by("due_on", "pk")
            )
            user = users[assignee_id]
            subject, body = _reminder(user, tasks, today=today)
            enqueue("kopa.core.tasks:send_email", to=[user.email], subject=subject, body=body)
            sent += 1
    return sent
