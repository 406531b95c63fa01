from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kopa.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from kopa.core import jobs
        from kopa.core.models import Job

        jobs.register_retention()
        post_delete.connect(jobs.delete_result_file, sender=Job, dispatch_uid="kopa-job-result-file")
