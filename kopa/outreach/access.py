"""Gates of outreach: one function per question of who may see or change what.

Staff of the agency that runs a campaign see it in full and change it. Staff of another agency in the
same partnership see it only as totals (the partnership view); everyone else does not see it at all.
The `…_for_staff` gates raise NotFound, so a page or the API never tells a stranger that an object
exists; the `require_…` gates raise PermissionDenied for the services. An observer of the agency
reads what its staff read (never coaching notes marked private) and changes nothing.
"""

from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import is_agency_staff, is_agency_writer, staff_agency_ids
from kopa.core.errors import NotFound, PermissionDenied
from kopa.outreach.campaigns.selectors import campaigns_for_staff
from kopa.outreach.funnel.selectors import partnerships_for_staff
from kopa.outreach.models import Campaign, FollowUpTask, Interaction
from kopa.programmes.models import Partnership
from kopa.programmes.selectors import partnership_agency_ids, partnership_detail


def _pk(value) -> int:
    if not str(value).isdigit():
        raise NotFound()
    return int(value)


def require_outreach_staff(user) -> None:
    """Outreach is for agency staff. Raises PermissionDenied for anyone else."""
    if not is_agency_staff(user):
        raise PermissionDenied(_("Only agency staff can use outreach."))


# --- campaigns and their interactions ------------------------------------------------------------


def campaign_for_staff(*, user, pk) -> Campaign:
    """One campaign of the user's agencies. Raises NotFound."""
    campaign = campaigns_for_staff(user).filter(pk=_pk(pk)).first()
    if campaign is None:
        raise NotFound()
    return campaign


def can_manage_campaign(user, campaign: Campaign) -> bool:
    """Any admin or staff member of the campaign's agency may change it and record interactions."""
    return is_agency_writer(user, campaign.agency_id)


def require_campaign_staff(actor, campaign: Campaign) -> None:
    """Raises PermissionDenied unless `actor` works for the campaign's agency."""
    require_agency_staff(actor, campaign.agency_id)


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


def can_read_private_notes(user, interaction: Interaction) -> bool:
    """Coaching notes marked private: the coach, whoever wrote them, and the campaign's owners, while
    they are admin or staff of the campaign's agency (an observer never reads them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if not is_agency_writer(user, interaction.campaign.agency_id):
        return False
    if user.pk in (interaction.coach_id, interaction.author_id):
        return True
    return interaction.campaign.owners.filter(pk=user.pk).exists()


# --- follow-up tasks -----------------------------------------------------------------------------


def followup_for_staff(*, user, pk) -> FollowUpTask:
    """A follow-up task of one of the user's agencies. Raises NotFound."""
    task = (
        FollowUpTask.objects.filter(pk=_pk(pk), agency_id__in=staff_agency_ids(user))
        .select_related("campaign", "organisation", "assignee")
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def can_manage_followup(user, task: FollowUpTask) -> bool:
    """Any admin or staff member of the task's agency (the assignee is one) may change or complete it;
    an observer may not, even one it was once assigned to."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_agency_writer(user, task.agency_id)


# --- partnerships --------------------------------------------------------------------------------


def can_view_partnership(user, partnership: Partnership) -> bool:
    """Staff of the coordinating or a member agency (and superusers)."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(staff_agency_ids(user) & partnership_agency_ids(partnership))


def partnership_for_staff(*, user, pk) -> Partnership:
    """A partnership whose outreach totals `user` may see. Raises NotFound."""
    partnership = partnerships_for_staff(user).filter(pk=pk).first()
    if partnership is None or not can_view_partnership(user, partnership):
        raise NotFound()
    return partnership


def partnership_by_slug_for_staff(*, user, slug: str) -> Partnership:
    """The partnership `slug` if `user` may see its outreach totals. Raises NotFound."""
    partnership = partnership_detail(slug=slug)
    if not can_view_partnership(user, partnership):
        raise NotFound()
    return partnership


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

A = Audience

POLICY = {
    "outreach:my_tasks": Rule(read=A.ANY_AGENCY),
    # The page opens for an organisation of the query; what is posted names its own organisation.
    "outreach:task_create": Rule(read=A.OWNER_WRITER, write=A.ANY_WRITER),
    "outreach:task": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "outreach:campaigns": Rule(read=A.ANY_AGENCY),
    "outreach:campaign_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "outreach:campaign": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "outreach:campaign_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "outreach:targets": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "outreach:targets_from_filter": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "outreach:targets_import": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "outreach:target_add": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER, empty_change_not_found=True),
    "outreach:interactions": Rule(read=A.OWNER),
    "outreach:interaction_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "outreach:interaction": Rule(read=A.OWNER),
    "outreach:interaction_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "outreach:interaction_delete": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "outreach:invitations": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "outreach:dashboard": Rule(read=A.OWNER),  # of the campaigns chosen
    "outreach:compare": Rule(read=A.OWNER, refused_as_invalid=True),  # of the cycles chosen
    "outreach:drop_off": Rule(read=A.OWNER),
    "outreach:partnerships": Rule(read=A.ANY_AGENCY),
    "outreach:partnership": Rule(read=A.OWNER),
    "api-v1:campaign-list": Rule(read=A.ANY_AGENCY, write=A.ANY_WRITER),
    "api-v1:campaign-detail": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="campaign"),
    "api-v1:campaign-targets": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="campaign"),
    "api-v1:campaign-target": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="campaign"),
    "api-v1:follow-up-list": Rule(read=A.ANY_AGENCY, write=A.ANY_WRITER),
    "api-v1:follow-up-detail": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="task"),
    "api-v1:follow-up-done": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="task"),
    "api-v1:campaign-interactions": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="campaign"),
    "api-v1:campaign-funnel": Rule(read=A.OWNER, obj="campaign"),
    "api-v1:interaction-detail": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="campaign_interaction"),
    "api-v1:funnel": Rule(read=A.ANY_AGENCY),
    "api-v1:partnership-outreach": Rule(read=A.OWNER, obj="campaign_partnership"),
}
