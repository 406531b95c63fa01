"""Reads of campaigns, interactions and tasks, aware of who is asking.

Staff of the agency that runs a campaign see it in full. Staff of another agency in the same
partnership see it only as totals (the partnership view); everyone else does not see it at all.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q, QuerySet

from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound
from kopa.outreach.models import (
    STAGE_ORDER,
    Campaign,
    CampaignTarget,
    FollowUpTask,
    Interaction,
    Stage,
)
from kopa.programmes.models import Partnership
from kopa.programmes.selectors import partnership_agency_ids


def _pk(value) -> int:
    if not str(value).isdigit():
        raise NotFound()
    return int(value)


def campaigns_for_staff(user) -> QuerySet[Campaign]:
    """Campaigns of the agencies `user` works for."""
    return Campaign.objects.filter(agency_id__in=staff_agency_ids(user)).select_related(
        "agency", "cycle__partnership", "strand"
    )


def campaign_for_staff(*, user, pk) -> Campaign:
    """One campaign of the user's agencies. Raises NotFound."""
    campaign = campaigns_for_staff(user).filter(pk=_pk(pk)).first()
    if campaign is None:
        raise NotFound()
    return campaign


def can_manage_campaign(user, campaign: Campaign) -> bool:
    """Any staff member of the campaign's agency may change it and record interactions."""
    return campaign.agency_id in staff_agency_ids(user)


def can_read_private_notes(user, interaction: Interaction) -> bool:
    """Coaching notes marked private: the coach, whoever wrote them, and the campaign's owners."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (interaction.coach_id, interaction.author_id) or user.is_superuser:
        return True
    return interaction.campaign.owners.filter(pk=user.pk).exists()


def partnership_campaigns(partnership: Partnership) -> QuerySet[Campaign]:
    """Every campaign inside one of the partnership's cycles or strands."""
    return Campaign.objects.filter(
        Q(cycle__partnership=partnership) | Q(strand__partnership=partnership)
    ).select_related("agency", "cycle", "strand")


def can_view_partnership(user, partnership: Partnership) -> bool:
    """Staff of the coordinating or a member agency (and superusers)."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(staff_agency_ids(user) & partnership_agency_ids(partnership))


def partnerships_for_staff(user) -> QuerySet[Partnership]:
    """Partnerships whose view `user` may open."""
    ids = staff_agency_ids(user)
    if not ids:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(Q(coordinator_id__in=ids) | Q(members__agency_id__in=ids)).distinct()


def targets_of(campaign: Campaign) -> QuerySet[CampaignTarget]:
    return CampaignTarget.objects.filter(campaign=campaign).select_related("organisation", "added_by")


def interactions_of(campaign: Campaign) -> QuerySet[Interaction]:
    return Interaction.objects.filter(campaign=campaign).select_related(
        "organisation", "author", "coach", "event"
    )


def interaction_for_staff(*, user, pk) -> Interaction:
    """One interaction of a campaign of the user's agencies. Raises NotFound."""
    interaction = (
        Interaction.objects.filter(pk=_pk(pk), campaign__agency_id__in=staff_agency_ids(user))
        .select_related("campaign__agency", "organisation", "author", "coach", "event")
        .first()
    )
    if interaction is None:
        raise NotFound()
    return interaction


def tasks_for(user) -> QuerySet[FollowUpTask]:
    """Tasks assigned to `user`, open ones first, by due date."""
    return FollowUpTask.objects.filter(assignee=user).select_related("campaign", "organisation", "agency")


def task_for_staff(*, user, pk) -> FollowUpTask:
    """A task of one of the user's agencies. Raises NotFound."""
    task = (
        FollowUpTask.objects.filter(pk=_pk(pk), agency_id__in=staff_agency_ids(user))
        .select_related("campaign", "organisation", "assignee")
        .first()
    )
    if task is None:
        raise NotFound()
    return task


@dataclass(frozen=True)
class CampaignStanding:
    """Where one organisation stands in one campaign."""

    campaign: Campaign
    furthest_stage: str  # the furthest funnel stage reached; "" when none yet
    latest_on: date | None  # the date of the latest interaction of any kind

    @property
    def furthest_label(self) -> str:
        return str(Stage(self.furthest_stage).label) if self.furthest_stage else ""


@dataclass(frozen=True)
class OrganisationOutreach:
    campaigns: list[CampaignStanding] = field(default_factory=list)
    open_tasks: list[FollowUpTask] = field(default_factory=list)


def outreach_for_organisation(*, user, organisation) -> OrganisationOutreach:
    """The campaigns of the user's agencies that reach out to `organisation` (on the target list or
    with an interaction), each with its furthest stage and latest contact, and the organisation's
    open tasks in those agencies. Other agencies' campaigns never appear."""
    ids = staff_agency_ids(user)
    if not ids:
        return OrganisationOutreach()
    reached: dict[int, set[str]] = defaultdict(set)
    latest: dict[int, date] = {}
    rows = (
        Interaction.objects.filter(organisation=organisation, campaign__agency_id__in=ids)
        .values_list("campaign_id", "stage")
        .annotate(last=Max("occurred_on"))
        .order_by()
    )
    for campaign_id, stage, last in rows:
        if stage:
            reached[campaign_id].add(stage)
        latest[campaign_id] = max(last, latest.get(campaign_id, last))
    targeted = CampaignTarget.objects.filter(
        organisation=organisation, campaign__agency_id__in=ids
    ).values_list("campaign_id", flat=True)
    campaign_ids = set(latest) | set(targeted)
    standings = [
        CampaignStanding(
            campaign=campaign,
            furthest_stage=next(
                (stage for stage in reversed(STAGE_ORDER) if stage in reached[campaign.pk]), ""
            ),
            latest_on=latest.get(campaign.pk),
        )
        for campaign in campaigns_for_staff(user).filter(pk__in=campaign_ids)
    ]
    tasks = list(
        FollowUpTask.objects.filter(
            organisation=organisation, agency_id__in=ids, done_at__isnull=True
        )
        .select_related("campaign", "assignee")
        .order_by("due_on", "id")
    )
    return OrganisationOutreach(campaigns=standings, open_tasks=tasks)
