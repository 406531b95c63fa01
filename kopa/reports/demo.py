"""The reports' step of the demo data: one function per kind of report."""

from kopa.core.demo import DemoContext, step
from kopa.reports.cycles.demo import write_narrative


@step(order=66)
def add_reports(ctx: DemoContext) -> None:
    write_narrative(ctx)
