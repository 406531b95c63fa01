from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "kopa.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        # Check-ins at events become attendance interactions without a manual step.
        from django.db.models.signals import post_delete, post_save

        from kopa.events.signals import attendance_recorded
        from kopa.outreach.interactions.receivers import (
            campaign_deleted,
            interaction_deleted,
            interaction_saved,
            record_event_attendance,
        )
        from kopa.outreach.models import Campaign, Interaction

        attendance_recorded.connect(record_event_attendance, dispatch_uid="outreach-attendance")
        # Every interaction written through the ORM keeps the funnel's first days exact, in the same
        # transaction: the services, the API, check-ins, the demo data, an organisation merge.
        post_save.connect(interaction_saved, sender=Interaction, dispatch_uid="outreach-funnel-reach-save")
        post_delete.connect(interaction_deleted, sender=Interaction, dispatch_uid="outreach-funnel-reach-delete")
        post_delete.connect(campaign_deleted, sender=Campaign, dispatch_uid="outreach-funnel-version-delete")
