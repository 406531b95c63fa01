"""The reports' data: one module per kind of report, re-exported here."""
