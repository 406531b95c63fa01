from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "kopa.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        # Check-ins at events become attendance interactions without a manual step.
        from kopa.events.signals import attendance_recorded
        from kopa.outreach.interactions.receivers import record_event_attendance

        attendance_recorded.connect(record_event_attendance, dispatch_uid="outreach-attendance")
