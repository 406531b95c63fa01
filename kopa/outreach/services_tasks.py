"""Writes of follow-up tasks. Keyword-only, one transaction each."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.models import Organisation
from kopa.outreach.models import Campaign, FollowUpTask
from kopa.programmes.models import Agency, AgencyMembership
from kopa.programmes.selectors import staff_agency_ids

TITLE_MAX = 200


def _check(*, actor, agency: Agency, assignee, due_on, title: str, today: date) -> str:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("This field is required.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Write at most %(max)d characters.") % {"max": TITLE_MAX}]
    if assignee is None or not AgencyMembership.objects.filter(agency=agency, user=assignee).exists():
        errors["assignee"] = [_("Choose a member of the agency's staff.")]
    if due_on is None:
        errors["due_on"] = [_("This field is required.")]
    elif due_on < today:
        errors["due_on"] = [_("The due date cannot be in the past.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return title


@transaction.atomic
def follow_up_tasks_create(
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
    if agency.pk not in staff_agency_ids(actor) or (campaign is not None and campaign.agency_id != agency.pk):
        raise PermissionDenied()
    title = _check(
        actor=actor, agency=agency, assignee=assignee, due_on=due_on, title=title,
        today=today or timezone.localdate(),
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
        audit.record(actor=actor, obj=task, action=AuditEntry.Action.CREATE, changes=audit.diff({}, audit.snapshot(task)))
        tasks.append(task)
    return tasks
