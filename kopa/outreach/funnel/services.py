"""Follow-up tasks from a drop-off list, which may span several campaigns: all tasks or none."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from kopa.core.errors import ValidationFailed
from kopa.directory.models import Organisation
from kopa.outreach.followups.services import followups_create
from kopa.outreach.models import STAGE_ORDER, Campaign, FollowUpTask


@transaction.atomic
def drop_off_followups_create(
    *,
    actor,
    rows: list[tuple[Campaign, Organisation]],
    from_stage: str,
    to_stage: str,
    assignee,
    due_on: date | None,
    title: str,
    notes: str = "",
) -> list[FollowUpTask]:
    """One task per (campaign, organisation) of the list, each in its campaign's agency, marked with
    the list it came from ("responded:attended"). Raises PermissionDenied, ValidationFailed."""
    if from_stage not in STAGE_ORDER or to_stage not in STAGE_ORDER:
        raise ValidationFailed(field="drop_off", message=_("Choose two stages of the funnel."))
    if not rows:
        raise ValidationFailed(field="scope", message=_("The list is empty: there is nobody to follow up."))
    by_campaign: dict[int, tuple[Campaign, list[Organisation]]] = {}
    for campaign, organisation in rows:
        by_campaign.setdefault(campaign.pk, (campaign, []))[1].append(organisation)
    tasks = []
    for campaign, organisations in by_campaign.values():
        tasks += followups_create(
            actor=actor,
            agency=campaign.agency,
            campaign=campaign,
            organisations=organisations,
            assignee=assignee,
            due_on=due_on,
            title=title,
            notes=notes,
            drop_off=f"{from_stage}:{to_stage}",
        )
    return tasks
