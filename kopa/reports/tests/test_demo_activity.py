"""The demo's Ormož peer review has its 2SoKrog report, filled as the partner would: 74 people
checked in (50 from Slovenia, 24 from Croatia), the summary written in Slovenian."""

import pytest

from kopa.reports.activity.selectors import event_figures, filled_rows
from kopa.reports.models import ActivityReport


@pytest.mark.django_db
def test_the_ormoz_report_is_in_the_demo(demo_once):
    report = ActivityReport.objects.get(event__town="Ormož")
    assert (report.template, report.language, report.status) == ("2sokrog", "sl", "draft")
    figures = event_figures(report.event)
    assert figures["participants"] == 74
    assert figures["per_day"] == [["2018-12-06", 74]]
    assert dict(figures["per_country"]) == {"SI": 50, "HR": 24}
    rows = {row.key: row.value for row in filled_rows(report)}
    assert rows["date"] == "6. decembra 2018"
    assert (rows["start_time"], rows["end_time"]) == ("09.30", "14.15")
    assert rows["project"].startswith("2SoKrog")
    assert "socialne aktivacije" in report.summary
    assert report.agency.slug == "mreza-mama"
