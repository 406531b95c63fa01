"""The funnel API costs the same number of queries for a cycle of one campaign or of many, with or
without a breakdown, whether the campaigns' figures are cached yet or not."""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopa.api.tests.outreach_support import K


def _fill(campaign, organisations, record):
    for i, organisation in enumerate(organisations):
        record(campaign, organisation, K.INVITATION, channel="email", on=date(2016, 3, 1))
        if i % 2:
            record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2016, 3, 9 + i))


def test_the_funnel_api_costs_the_same_queries_for_one_campaign_or_many(
    api, make_campaign, org, record, cycle, partnership
):
    organisations = [org(region=region, type=kind) for region, kind in
                     [("Pomurska", "ngo"), ("Savinjska", "public"), ("", "ngo")]]
    first = make_campaign()
    _fill(first, organisations, record)
    paths = [
        f"/api/v1/funnel/?cycle={cycle.pk}",
        f"/api/v1/funnel/?cycle={cycle.pk}&by=type",
        f"/api/v1/partnerships/{partnership.slug}/outreach/",
    ]

    def measure():
        found = []
        for path in paths:
            cache.clear()  # the throttle's counters go too: each request is the first
            with CaptureQueriesContext(connection) as cold:
                assert api.get(path).status_code == 200
            with CaptureQueriesContext(connection) as warm:
                response = api.get(path)
            found.append((len(cold), len(warm)))
        return found, response

    api.get(paths[0])  # what only the client's first request does (its token's last use)
    one, _response = measure()
    for _n in range(4):
        _fill(make_campaign(), organisations, record)
    five, _response = measure()

    assert five == one
    data = api.get(f"/api/v1/funnel/?cycle={cycle.pk}&by=type").json()
    assert len(data["campaigns"]) == 5
    assert data["stages"][0]["count"] == 15
    assert sorted(g["stages"][0]["count"] for g in data["breakdown"]) == [5, 10]
    for cold, warm in one[:2]:
        assert warm < cold
