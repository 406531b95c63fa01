"""The reports' data: one module per kind of report, re-exported here."""

from kopa.reports.models.cycles import CycleNarrative  # noqa: F401
