"""Follow-up tasks from a drop-off list, which may span several campaigns: all tasks or none; and the
first day of each stage per campaign and organisation that the funnel is read from (FunnelReach)."""

import secrets
from datetime import date

from django.db import connection, transaction
from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext as _

from kopa.core.errors import ValidationFailed
from kopa.directory.models import Organisation
from kopa.outreach.followups.services import followups_create
from kopa.outreach.models import (
    STAGE_ORDER,
    Campaign,
    FollowUpTask,
    FunnelReach,
    FunnelVersion,
    Interaction,
    reach_field,
)


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


# --- the first day of each stage per campaign and organisation (FunnelReach) --------------------

REACH_FIELDS = [reach_field(stage) for stage in STAGE_ORDER]


def _first_days(interactions: QuerySet) -> QuerySet:
    """(campaign, organisation, first day of each stage…) grouped from `interactions`."""
    return (
        interactions.exclude(stage="")
        .values("campaign_id", "organisation_id")
        .annotate(**{reach_field(stage): Min("occurred_on", filter=Q(stage=stage)) for stage in STAGE_ORDER})
        .order_by()
    )


def funnel_versions_bump(campaign_ids: list[int]) -> None:
    """A new random token for each campaign: its cached funnel figures are not read again.

    In the caller's transaction, so the token changes exactly when the first days do; it locks the
    campaign's token row until the commit (see funnel_reach_refresh)."""
    FunnelVersion.objects.bulk_create(
        [FunnelVersion(campaign_id=pk, version=secrets.randbits(62)) for pk in sorted(set(campaign_ids))],
        update_conflicts=True, unique_fields=["campaign"], update_fields=["version"],
    )


def funnel_version_forget(campaign_id: int) -> None:
    """A deleted campaign's token goes with it."""
    FunnelVersion.objects.filter(campaign_id=campaign_id).delete()


def funnel_reach_refresh(*, campaign_id: int, organisation_id: int) -> None:
    """Make the FunnelReach row of one campaign and organisation match its interactions again.

    Run in the transaction that saved or deleted an interaction. The campaign's version token is
    changed first (which locks it: writers of one campaign take their locks in the same order),
    then the row is locked before the interactions are read, so two transactions writing for the
    same organisation and campaign at once each see the other's interactions (PostgreSQL reads
    committed rows afresh per statement)."""
    with transaction.atomic():
        funnel_versions_bump([campaign_id])
        rows = FunnelReach.objects.filter(campaign_id=campaign_id, organisation_id=organisation_id)
        if connection.vendor == "postgresql":
            FunnelReach.objects.bulk_create(
                [FunnelReach(campaign_id=campaign_id, organisation_id=organisation_id)], ignore_conflicts=True
            )
            list(rows.select_for_update().values_list("pk", flat=True))
        found = next(iter(_first_days(
            Interaction.objects.filter(campaign_id=campaign_id, organisation_id=organisation_id)
        )), None)
        if not found or not any(found[name] for name in REACH_FIELDS):
            rows.delete()
            return
        days = {name: found[name] for name in REACH_FIELDS}
        if not rows.update(**days):
            FunnelReach.objects.create(campaign_id=campaign_id, organisation_id=organisation_id, **days)


@transaction.atomic
def funnel_reach_rebuild(*, campaign_ids: list[int] | None = None) -> int:
    """Rebuild FunnelReach from the interactions, for `campaign_ids` or every campaign, in one
    transaction (nobody sees it half-built). Idempotent. Returns the number of rows written.

    For writes that bypass the Interaction model's signals: bulk_create, queryset update/delete, raw SQL."""
    existing = FunnelReach.objects.all()
    interactions = Interaction.objects.all()
    if campaign_ids is not None:
        existing = existing.filter(campaign_id__in=campaign_ids)
        interactions = interactions.filter(campaign_id__in=campaign_ids)
    existing.delete()
    funnel_versions_bump(
        list(Campaign.objects.values_list("pk", flat=True)) if campaign_ids is None else campaign_ids
    )
    select_sql, params = _first_days(interactions).query.sql_with_params()
    table = connection.ops.quote_name(FunnelReach._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in ["campaign_id", "organisation_id", *REACH_FIELDS])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)
        written = cursor.rowcount
    return written
