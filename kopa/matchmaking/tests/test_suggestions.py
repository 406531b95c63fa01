"""Suggested partners: the pure scoring, the database prefilter, "Not relevant" remembered, and
suggestions for a request."""

import random

import pytest

from kopa.directory.models import Organisation, TargetGroup, Theme
from kopa.matchmaking.models import PartnerRequest
from kopa.matchmaking.rules import WEIGHTS, Profile, rank, score
from kopa.matchmaking.suggestions.selectors import (
    organisation_profiles,
    request_profiles,
    suggestions_for_organisation,
    suggestions_for_request,
)
from kopa.programmes.models import Project


def profile(key, **fields):
    fields.setdefault("country", "SI")
    for name in ("target_groups", "themes", "languages", "can", "roles_wanted", "actions"):
        fields[name] = frozenset(fields.get(name, ()))
    return Profile(key=("organisation", key), **fields)


def test_each_reason_carries_its_weight_and_the_total_is_their_sum():
    reader = profile(1, country="LV", experience="none", target_groups={"neet", "social"}, themes={"employment"},
                     languages={"en", "lv"}, can={"send"}, actions={"KA152"})
    candidate = profile(2, country="SI", experience="experienced", target_groups={"neet", "social", "health"},
                        themes={"employment"}, languages={"en"}, can={"host"}, actions={"KA152", "KA220-YOU"})
    total, reasons = score(reader, candidate)
    codes = [(r.code, r.value) for r in reasons]
    assert codes == [("target_group", "neet"), ("target_group", "social"), ("experience", "experienced"),
                     ("country", "SI"), ("language", "en"), ("host_send", "host"), ("theme", "employment"),
                     ("action", "KA152")]
    assert total == sum(r.weight for r in reasons) == 2 * 3 + 4 + 2 + 1 + 2 + 1 + 2
    assert all(r.weight == WEIGHTS[r.code] for r in reasons)


def test_two_newcomers_do_not_complement_each_other_and_one_country_is_not_transnational():
    a = profile(1, experience="none", target_groups={"neet"})
    b = profile(2, experience="none", target_groups={"neet"})
    assert [r.code for r in score(a, b)[1]] == ["target_group"]
    experienced = profile(3, experience="experienced", target_groups={"neet"})
    assert "experience" in [r.code for r in score(a, experienced)[1]]
    assert "experience" in [r.code for r in score(experienced, a)[1]]


def test_a_requests_wishes_meet_what_a_candidate_can_do():
    request = Profile(key=("request", 1), country="SI", target_groups=frozenset({"neet"}),
                      roles_wanted=frozenset({"host", "coordinate"}))
    host = profile(2, target_groups={"neet"}, can={"host"})
    assert [(r.code, r.value) for r in score(request, host)[1] if r.code == "role"] == [("role", "host")]
    # Seen from the organisation, the request looks for a role it can take.
    assert ("role", "offer:host") in [(r.code, r.value) for r in score(host, request)[1]]


def test_rank_orders_best_first_keeps_only_shared_interests_and_excludes_the_reader():
    reader = profile(1, country="LV", experience="none", target_groups={"neet"})
    strong = profile(2, experience="experienced", target_groups={"neet"})
    weak = profile(3, country="LV", target_groups={"neet"})
    unrelated = profile(4, experience="experienced", target_groups={"health"})
    ranked = rank(reader, [weak, unrelated, strong, reader])
    assert [c.key[1] for _t, _r, c in ranked] == [2, 3]


@pytest.mark.django_db
def test_only_listed_organisations_are_suggested_and_not_relevant_is_remembered(
        client, make_organisation, make_representative):
    mine = make_organisation(country="LV", target_groups=["neet"], experience=Organisation.Experience.NONE)
    listed = make_organisation(legal_name="Listed Partner", target_groups=["neet"], public_listing=True,
                               experience=Organisation.Experience.EXPERIENCED)
    make_organisation(legal_name="Unlisted Partner", target_groups=["neet"], public_listing=False)
    second = make_organisation(legal_name="Second Partner", target_groups=["neet"], public_listing=True)
    assert [s.organisation for s in suggestions_for_organisation(organisation=mine)] == [listed, second]
    client.force_login(make_representative(mine))
    url = f"/en/my/organisations/{mine.pk}/suggestions/"
    page = client.get(url).content.decode()
    assert "Listed Partner" in page and "Unlisted Partner" not in page
    assert client.post(url, {"key": f"organisation-{listed.pk}"}).status_code == 302
    again = client.get(url).content.decode()
    assert "Listed Partner" not in again and "Second Partner" in again
    assert client.post(url, {"key": "organisation-abc"}).status_code == 404


@pytest.mark.django_db
def test_suggestions_are_only_for_those_who_may_read_the_organisation(client, make_organisation, make_user):
    org = make_organisation(target_groups=["neet"])
    client.force_login(make_user())
    assert client.get(f"/en/my/organisations/{org.pk}/suggestions/").status_code == 404


@pytest.mark.django_db
def test_suggestions_for_a_request_keep_to_the_countries_it_wants(
        client, make_organisation, make_request, make_representative):
    org = make_organisation(country="SI")
    request = make_request(org, target_groups=["disability"], countries=["LV"], roles=["host"])
    latvian = make_organisation(legal_name="Latvian Host", country="LV", target_groups=["disability"],
                                public_listing=True, can_host=True)
    make_organisation(legal_name="Estonian Host", country="EE", target_groups=["disability"], public_listing=True)
    assert [s.organisation for s in suggestions_for_request(request=request)] == [latvian]
    client.force_login(make_representative(org))
    page = client.get(f"/en/my/partner-requests/{request.pk}/suggestions/").content.decode()
    assert "Latvian Host" in page and "Can take the role you look for: host" in page


@pytest.mark.django_db
def test_the_database_pick_finds_what_scoring_every_organisation_would(make_agency, make_organisation, make_request):
    """On a generated directory (fixed seed), the suggestions equal the pure scoring of every publicly
    listed organisation and open request: no candidate of the first page is left out by the database."""
    rnd = random.Random(12)
    groups = list(TargetGroup.objects.filter(agency__isnull=True).values_list("code", flat=True))[:4]
    themes = list(Theme.objects.values_list("pk", flat=True))[:4]
    experiences = [Organisation.Experience.NONE, Organisation.Experience.ONE_PROJECT,
                   Organisation.Experience.EXPERIENCED]
    organisations = []
    for _n in range(70):
        org = make_organisation(
            country=rnd.choice(["SI", "LV", "EE"]), experience=rnd.choice(experiences),
            target_groups=rnd.sample(groups, rnd.randint(0, 3)), languages=rnd.sample(["en", "sl", "lv"], 2),
            can_host=rnd.random() < 0.5, can_send=rnd.random() < 0.5, can_coordinate=rnd.random() < 0.3,
            public_listing=rnd.random() < 0.85)
        org.themes.set(rnd.sample(themes, rnd.randint(0, 2)))
        organisations.append(org)
    agency = make_agency()
    for org in rnd.sample(organisations, 25):  # actions run before count beyond what the database orders by
        Project.objects.create(agency=agency, title={"en": "Earlier"}, programme="erasmus_plus", lead=org,
                               action=rnd.choice(["KA152", "KA220-YOU"]), status="running")
    for org in rnd.sample(organisations, 12):
        make_request(org, target_groups=rnd.sample(groups, 1), action=rnd.choice(["KA152", "KA220-YOU"]),
                     roles=rnd.sample(["host", "send", "coordinate", "partner"], 2),
                     countries=rnd.choice([[], ["LV"]]))
    listed = [o.pk for o in organisations if o.public_listing]
    checked = 0
    for reader_org in organisations[:12]:
        reader = organisation_profiles([reader_org.pk])[reader_org.pk]
        wanted = PartnerRequest.objects.filter(organisation=reader_org, status=PartnerRequest.Status.OPEN)
        reader = Profile(**{**reader.__dict__, "actions": frozenset(wanted.values_list("action", flat=True))})
        requests = PartnerRequest.objects.filter(status=PartnerRequest.Status.OPEN).exclude(organisation=reader_org)
        everyone = [*organisation_profiles(pk for pk in listed if pk != reader_org.pk).values(),
                    *request_profiles(r for r in requests if not r.countries or reader.country in r.countries).values()]
        expected = [(total, candidate.key) for total, _r, candidate in rank(reader, everyone, limit=6)]
        got = [(s.total, ("organisation", s.organisation.pk) if s.organisation else ("request", s.request.pk))
               for s in suggestions_for_organisation(organisation=reader_org, limit=6)]
        assert got == expected
        checked += len(expected)
    for request in PartnerRequest.objects.all()[:6]:
        reader = request_profiles([request])[request.pk]
        everyone = organisation_profiles(
            o.pk for o in organisations
            if o.public_listing and o.pk != request.organisation_id and (not request.countries or o.country in request.countries))
        expected = [(total, candidate.key[1]) for total, _r, candidate in rank(reader, everyone.values(), limit=6)]
        got = [(s.total, s.organisation.pk) for s in suggestions_for_request(request=request, limit=6)]
        assert got == expected
        checked += len(expected)
    assert checked > 60
