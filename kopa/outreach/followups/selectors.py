"""Reads of follow-up tasks: "My tasks", its exports, and what a task's state and drop-off list are
called. Who may change a task is `kopa.outreach.access.can_manage_followup`."""

from collections.abc import Iterator
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.selectors import staff_agency_ids
from kopa.core.i18n import pick
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.outreach.models import Campaign, FollowUpTask, Stage

OPEN, DONE, ALL = "open", "done", "all"
CHUNK = 500


def followups_assigned_to(user) -> QuerySet[FollowUpTask]:
    """Tasks assigned to `user`, open ones first, by due date."""
    return FollowUpTask.objects.filter(assignee=user).select_related("campaign", "organisation", "agency")


def organisation_choices(user, *, keep_id: int | None = None) -> QuerySet[Organisation]:
    """The organisations a task may be about: `user`'s inventory, by name; and `keep_id`, the one a
    task names already (it keeps it even if it has left the inventory since)."""
    organisations = staff_scope(user)
    if keep_id:
        organisations = organisations | Organisation.objects.filter(pk=keep_id)
    return organisations.only("pk", "legal_name", "city", "country").order_by("legal_name", "pk")


def drop_off_label(code: str) -> str:
    """The drop-off list a task came from, e.g. "Responded → Attended an event"; "" if none."""
    from_stage, colon, to_stage = (code or "").partition(":")
    if not colon or from_stage not in Stage.values or to_stage not in Stage.values:
        return ""
    return _("%(from)s → %(to)s") % {"from": Stage(from_stage).label, "to": Stage(to_stage).label}


def followup_state(task: FollowUpTask, *, today: date) -> str:
    """ "done", "overdue", "today" (due today) or "open"."""
    if task.done_at is not None:
        return "done"
    if task.due_on < today:
        return "overdue"
    return "today" if task.due_on == today else "open"


def my_followup_list(
    *, user, status: str = OPEN, campaign: Campaign | None = None
) -> QuerySet[FollowUpTask]:
    """Tasks assigned to `user` in the agencies they work for: open ones first, by due date."""
    qs = followups_assigned_to(user).filter(agency_id__in=staff_agency_ids(user))
    if status == OPEN:
        qs = qs.filter(done_at__isnull=True)
    elif status == DONE:
        qs = qs.filter(done_at__isnull=False)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    # Spelled out: the databases disagree on where empty dates sort.
    is_done = ExpressionWrapper(Q(done_at__isnull=False), output_field=BooleanField())
    return qs.annotate(is_done=is_done).order_by("is_done", "due_on", "id")


def agency_followup_list(
    *, user, status: str = OPEN, campaign: Campaign | None = None, assignee=None
) -> QuerySet[FollowUpTask]:
    """Tasks of the agencies `user` works for, whoever they are assigned to: open ones first, by
    due date; narrowed to a campaign and an assignee when given."""
    qs = FollowUpTask.objects.filter(agency_id__in=staff_agency_ids(user)).select_related(
        "campaign", "organisation", "agency", "assignee"
    )
    if status == OPEN:
        qs = qs.filter(done_at__isnull=True)
    elif status == DONE:
        qs = qs.filter(done_at__isnull=False)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    is_done = ExpressionWrapper(Q(done_at__isnull=False), output_field=BooleanField())
    return qs.annotate(is_done=is_done).order_by("is_done", "due_on", "id")


def state_label(state: str) -> str:
    return {
        "done": _("Done"),
        "overdue": _("Overdue"),
        "today": _("Due today"),
        "open": _("Open"),
    }[state]


def export_rows(tasks: QuerySet[FollowUpTask], *, today: date | None = None) -> Iterator[list[str]]:
    """The header, then one row per task; dates as YYYY-MM-DD so spreadsheets sort them."""
    today = today or timezone.localdate()
    yield [
        _("Task"),
        _("Organisation"),
        _("Campaign"),
        _("Due"),
        _("Status"),
        _("Done on"),
        _("From the drop-off list"),
        _("Notes"),
    ]
    for task in tasks.iterator(chunk_size=CHUNK):
        yield [
            task.title,
            task.organisation.legal_name if task.organisation_id else "",
            pick(task.campaign.name) if task.campaign_id else "",
            task.due_on.isoformat(),
            state_label(followup_state(task, today=today)),
            timezone.localdate(task.done_at).isoformat() if task.done_at else "",
            drop_off_label(task.drop_off),
            task.notes,
        ]
