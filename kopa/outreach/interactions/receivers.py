"""What outreach does when something happens: a check-in at an event elsewhere is attendance, and
every interaction saved or deleted keeps the funnel's first days (FunnelReach) exact."""

from kopa.outreach.funnel.services import funnel_reach_refresh, funnel_version_forget
from kopa.outreach.interactions.services import attendance_from_check_in


def record_event_attendance(sender, *, registration, day, actor, **kwargs):
    """A check-in at an event moves the organisation to "attended" in the linked campaigns."""
    attendance_from_check_in(registration=registration, day=day, actor=actor)


def interaction_saved(sender, *, instance, raw=False, **kwargs):
    """In the saving transaction: the campaign and organisation's first days, from its interactions
    (and those of the pair it was loaded with, when the save moved it)."""
    if raw:  # fixtures: rebuild_funnel follows
        return
    key = (instance.campaign_id, instance.organisation_id)
    funnel_reach_refresh(campaign_id=key[0], organisation_id=key[1])
    loaded = getattr(instance, "loaded_key", None)
    if loaded and None not in loaded and loaded != key:
        funnel_reach_refresh(campaign_id=loaded[0], organisation_id=loaded[1])
    instance.loaded_key = key


def interaction_deleted(sender, *, instance, **kwargs):
    funnel_reach_refresh(campaign_id=instance.campaign_id, organisation_id=instance.organisation_id)


def campaign_deleted(sender, *, instance, **kwargs):
    """After its interactions (whose signals set its funnel token once more), the token goes too."""
    funnel_version_forget(instance.pk)
