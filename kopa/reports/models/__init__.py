"""The reports' data: one module per kind of report, re-exported here."""

from kopa.reports.models.activity import ActivityPhoto, ActivityReport
from kopa.reports.models.cycles import CycleNarrative

__all__ = ["ActivityPhoto", "ActivityReport", "CycleNarrative"]
