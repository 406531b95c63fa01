"""Suggested partners at national scale: the whole directory scored at once from columns gives exactly
what scoring every organisation one by one gives; the columns are kept per version of the directory
and a change shows at once; the page reads the same number of rows whatever it lists."""

import random

import numpy as np
import pytest

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kopa.directory.models import Organisation, TargetGroup, Theme
from kopa.matchmaking.models import DismissedSuggestion, PartnerRequest
from kopa.matchmaking.rules import Columns, Profile, rank, score, totals
from kopa.matchmaking.suggestions.columns import read_columns
from kopa.matchmaking.suggestions.selectors import (
    REQUEST_CANDIDATES,
    organisation_profiles,
    request_profiles,
    suggestions_for_organisation,
    suggestions_for_request,
)
from kopa.programmes.models import Project, ProjectPartner

EXPERIENCES = ["none", "one_project", "experienced"]
ACTIONS = ["KA152", "KA153", "KA220-YOU", "ESC30"]
ROLES = ["host", "send", "coordinate", "partner"]


def random_profile(rnd: random.Random, key, *, request: bool = False) -> Profile:
    def some(values, most):
        return frozenset(rnd.sample(values, rnd.randint(0, most)))

    return Profile(
        key=key, country=rnd.choice(["SI", "LV", "EE", ""]), experience=rnd.choice(EXPERIENCES),
        target_groups=some(["neet", "disability", "social", "health", "education"], 4),
        themes=some(["employment", "inclusion", "arts", "sport"], 4),
        languages=some(["en", "sl", "lv", "de", "fr"], 5), can=some(["host", "send", "coordinate"], 3),
        roles_wanted=some(ROLES, 4) if request else frozenset(), actions=some(ACTIONS, 4))


def columns_of(profiles: list[Profile]) -> Columns:
    def column(attribute):
        codes = {code for p in profiles for code in getattr(p, attribute)}
        return {code: np.array([code in getattr(p, attribute) for p in profiles]) for code in codes}

    return Columns(
        ids=np.array([p.key[1] for p in profiles], dtype=np.int64),
        country=np.array([p.country for p in profiles], dtype=str),
        experience=np.array([p.experience for p in profiles], dtype=str),
        can_host=np.array(["host" in p.can for p in profiles]), can_send=np.array(["send" in p.can for p in profiles]),
        can_coordinate=np.array(["coordinate" in p.can for p in profiles]),
        listed=np.ones(len(profiles), dtype=bool), target_groups=column("target_groups"), themes=column("themes"),
        languages=column("languages"))


@pytest.mark.parametrize("seed", range(5))
def test_the_totals_of_all_columns_are_the_scores_one_by_one(seed):
    """For organisations and for requests as readers, every total equals `score`, and exactly those
    `rank` considers (a shared target group or theme) are marked."""
    rnd = random.Random(seed)
    candidates = [random_profile(rnd, ("organisation", n)) for n in range(1, 301)]
    columns = columns_of(candidates)
    for n in range(40):
        reader = random_profile(rnd, ("reader", n), request=n % 2 == 1)
        shared_actions = np.array([len(reader.actions & c.actions) for c in candidates], dtype=np.int16)
        total, shares = totals(reader, columns, actions_shared=shared_actions)
        assert total.tolist() == [score(reader, c)[0] for c in candidates]
        assert shares.tolist() == [bool(reader.target_groups & c.target_groups or reader.themes & c.themes)
                                   for c in candidates]
        assert columns.profile(n, actions=candidates[n].actions) == candidates[n]


# --- against a straightforward reference on random directories ---------------------------------------


def reference_for_organisation(org: Organisation, limit: int) -> list:
    """Every listed organisation and the newest open requests, read one by one and ranked."""
    wanted = PartnerRequest.objects.filter(organisation=org, status=PartnerRequest.Status.OPEN)
    reader = Profile(**{**organisation_profiles([org.pk])[org.pk].__dict__,
                        "actions": frozenset(wanted.values_list("action", flat=True))})
    dismissed = DismissedSuggestion.objects.filter(organisation=org)
    dismissed_orgs = {pk for pk in dismissed.values_list("suggested_organisation_id", flat=True) if pk}
    dismissed_requests = {pk for pk in dismissed.values_list("suggested_request_id", flat=True) if pk}
    listed = [o.pk for o in Organisation.objects.filter(public_listing=True)
              if o.pk != org.pk and o.pk not in dismissed_orgs]
    requests = (PartnerRequest.objects.filter(status=PartnerRequest.Status.OPEN, hidden=False)
                .exclude(organisation=org).exclude(pk__in=dismissed_requests)
                .order_by("-created_at")[:REQUEST_CANDIDATES])
    requests = [r for r in requests if not r.countries or reader.country in r.countries]
    everyone = [*organisation_profiles(listed).values(), *request_profiles(requests).values()]
    return [(total, reasons, candidate.key) for total, reasons, candidate in rank(reader, everyone, limit=limit)]


def reference_for_request(request: PartnerRequest, limit: int) -> list:
    reader = request_profiles([request])[request.pk]
    dismissed = {pk for pk in DismissedSuggestion.objects.filter(organisation=request.organisation_id)
                 .values_list("suggested_organisation_id", flat=True) if pk}
    listed = [o.pk for o in Organisation.objects.filter(public_listing=True)
              if o.pk != request.organisation_id and o.pk not in dismissed
              and (not request.countries or o.country in request.countries)]
    everyone = organisation_profiles(listed).values()
    return [(total, reasons, candidate.key) for total, reasons, candidate in rank(reader, everyone, limit=limit)]


def got(suggestions) -> list:
    return [(s.total, s.reasons, ("organisation", s.organisation.pk) if s.organisation else ("request", s.request.pk))
            for s in suggestions]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [3, 8])
def test_the_suggestions_are_those_of_scoring_every_organisation_one_by_one(
        seed, make_agency, make_organisation, make_request):
    """A small random directory: organisations listed or not, with and without a country, target
    groups, themes, languages, capabilities, actions run as lead or partner, open and closed
    requests, dismissed suggestions. The fast path lists what the reference lists, in its order,
    with the same totals and reasons."""
    rnd = random.Random(seed)
    groups = list(TargetGroup.objects.filter(agency__isnull=True).values_list("code", flat=True))[:5]
    themes = list(Theme.objects.all()[:4])
    organisations = []
    for _n in range(60):
        org = make_organisation(
            country=rnd.choice(["SI", "LV", "EE", "DE"]), experience=rnd.choice(EXPERIENCES),
            target_groups=rnd.sample(groups, rnd.randint(0, 3)), languages=rnd.sample(["en", "sl", "lv", "de"], 2),
            can_host=rnd.random() < 0.5, can_send=rnd.random() < 0.5, can_coordinate=rnd.random() < 0.3,
            public_listing=rnd.random() < 0.8)
        org.themes.set(rnd.sample(themes, rnd.randint(0, 2)))
        organisations.append(org)
    agency = make_agency()
    for org in rnd.sample(organisations, 20):
        project = Project.objects.create(agency=agency, title={"en": "Earlier"}, programme="erasmus_plus",
                                         lead=org, action=rnd.choice(ACTIONS), status="running")
        for partner in rnd.sample(organisations, 2):
            ProjectPartner.objects.create(project=project, organisation=partner, country=partner.country)
    requests = []
    for org in rnd.sample(organisations, 15):
        state = rnd.choice([{}] * 5 + [{"status": PartnerRequest.Status.CLOSED, "closed_reason": "found"},
                                       {"hidden": True, "hidden_reason": "Spam"}])
        requests.append(make_request(
            org, target_groups=rnd.sample(groups, rnd.randint(1, 2)), action=rnd.choice(ACTIONS),
            roles=rnd.sample(ROLES, rnd.randint(1, 3)), countries=rnd.choice([[], [], ["LV"], ["SI", "EE"]]),
            **state))
        requests[-1].themes.set(rnd.sample(themes, rnd.randint(0, 1)))
    for org in organisations[:10]:
        for other in rnd.sample(organisations, 3):
            if other.pk != org.pk:
                DismissedSuggestion.objects.get_or_create(organisation=org, suggested_organisation=other)
        DismissedSuggestion.objects.get_or_create(organisation=org, suggested_request=rnd.choice(requests))

    compared = 0
    for org in organisations[:25]:  # listed and unlisted readers
        for limit in (5, 20):
            expected = reference_for_organisation(org, limit)
            assert got(suggestions_for_organisation(organisation=org, limit=limit)) == expected
            compared += len(expected)
    for request in requests:
        expected = reference_for_request(request, 8)
        assert got(suggestions_for_request(request=request, limit=8)) == expected
        compared += len(expected)
    assert compared > 300


# --- the columns kept per version of the directory ---------------------------------------------------


def names(org) -> list[str]:
    return [s.organisation.legal_name for s in suggestions_for_organisation(organisation=org) if s.organisation]


def reads_the_directory(queries) -> bool:
    return any("directory_organisation_target_groups" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_the_directory_is_read_once_per_version_and_a_change_shows_at_once(make_organisation):
    group, _created = TargetGroup.objects.get_or_create(code="kept-columns", defaults={"name": {"en": "Kept"}})
    mine = make_organisation(target_groups=[group.code])
    make_organisation(legal_name="First", target_groups=[group.code], public_listing=True)
    assert names(mine) == ["First"]
    with CaptureQueriesContext(connection) as queries:
        assert names(mine) == ["First"]
    assert not reads_the_directory(queries)  # kept since the last request

    # A committed change raises the directory's version: the next request reads it again.
    second = make_organisation(legal_name="Second", target_groups=[group.code], public_listing=True)
    assert names(mine) == ["First", "Second"]
    second.experience = Organisation.Experience.EXPERIENCED  # complements a newcomer: now first
    second.save()
    assert names(mine) == ["Second", "First"]
    second.target_groups.clear()
    assert names(mine) == ["First"]

    # A change inside a transaction shows to that transaction, and is never kept for the others.
    with transaction.atomic():
        make_organisation(legal_name="Rolled back", target_groups=[group.code], public_listing=True,
                          experience=Organisation.Experience.EXPERIENCED)
        assert names(mine) == ["Rolled back", "First"]
        transaction.set_rollback(True)
    assert names(mine) == ["First"]
    with CaptureQueriesContext(connection) as queries:
        assert names(mine) == ["First"]
    assert not reads_the_directory(queries)


@pytest.mark.django_db
def test_the_columns_hold_every_organisation_in_order_of_id(make_organisation):
    listed = make_organisation(country="LV", target_groups=["neet"], languages=["lv", "en"], public_listing=True,
                               can_host=True, experience=Organisation.Experience.EXPERIENCED)
    unlisted = make_organisation(country="SI", can_send=True, can_coordinate=True)
    columns = read_columns()
    at = {int(pk): i for i, pk in enumerate(columns.ids)}
    assert list(columns.ids) == sorted(columns.ids)
    assert columns.profile(at[listed.pk]) == organisation_profiles([listed.pk])[listed.pk]
    assert columns.profile(at[unlisted.pk]) == organisation_profiles([unlisted.pk])[unlisted.pk]
    assert columns.listed[at[listed.pk]] and not columns.listed[at[unlisted.pk]]


# --- the page ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_reads_as_many_rows_for_twenty_suggestions_as_for_two(
        client, make_organisation, make_request, make_representative):
    mine = make_organisation(country="LV", target_groups=["neet"])
    client.force_login(make_representative(mine))
    url = f"/en/my/organisations/{mine.pk}/suggestions/"

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        return len(queries.captured_queries), page.content.decode()

    other = make_organisation(legal_name="Partner 0", target_groups=["neet"], public_listing=True)
    make_request(other, target_groups=["neet"], title={"en": "Wanted 0"})
    few, page = page_queries()
    assert page.count('class="card"') == 2
    for n in range(1, 12):
        other = make_organisation(legal_name=f"Partner {n}", target_groups=["neet"], public_listing=True)
        make_request(other, target_groups=["neet"], title={"en": f"Wanted {n}"})
    many, page = page_queries()
    assert page.count('class="card"') == 20
    assert "Wanted 11" in page and "Partner 7" in page  # requests (score 7) before organisations (5)
    assert many == few
