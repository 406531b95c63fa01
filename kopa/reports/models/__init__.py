"""The reports' data: one module per kind of report, re-exported here."""

from kopa.reports.models.activity import ActivityPhoto, ActivityReport

__all__ = ["ActivityPhoto", "ActivityReport"]
