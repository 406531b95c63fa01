"""The officers' own words in a cycle report: one narrative per cycle and agency. The figures are
never stored: they are counted from the records each time the report is built."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleNarrative(models.Model):
    cycle = models.ForeignKey("programmes.Cycle", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    outreach = models.TextField(_("outreach and newcomers"), blank=True)
    activities = models.TextField(_("activities and participants"), blank=True)
    inclusion = models.TextField(_("inclusion and green travel"), blank=True)
    outlook = models.TextField(_("lessons and next steps"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    SECTIONS = ("summary", "outreach", "activities", "inclusion", "outlook")

    class Meta:
        verbose_name = _("cycle report narrative")
        verbose_name_plural = _("cycle report narratives")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency"], name="one_narrative_per_cycle_agency"),
        ]

    def __str__(self):
        return f"narrative #{self.pk}"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.SECTIONS)
