"""Mentor pairing for a campaign: who may open it, the proposal against brute force, the pages from the
campaign's page to the confirmed pairs and the interactions they become, adjusting and confirming
again, and bad input refused next to its field with nothing saved."""

import itertools
import random
import re
from datetime import date
from html import unescape

import pytest

from django.utils import timezone

from kopa.agencies.models import AgencyMembership
from kopa.core.models import AuditEntry
from kopa.core.tests.browser import LANGUAGES, STYLE_RULES, axe_violations, describe_violations
from kopa.directory.models import Representative
from kopa.matchmaking.models import MentorPairing
from kopa.matchmaking.pairing import selectors
from kopa.matchmaking.rules import Profile, score, score_total
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.models import Campaign, Interaction

pytestmark = pytest.mark.django_db

# Every language in the standard mode, and the other display modes in the other languages.
SCANS = [(language, "default") for language in LANGUAGES] + [("sl", "low-vision"), ("lv", "dyslexia")]


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Latvian agency", country="LV")


@pytest.fixture
def staff(make_user, agency):
    return make_user(agency=agency, first_name="Līga", last_name="Ozola")


@pytest.fixture
def world(make_organisation, agency):
    """A campaign of the agency whose target list holds three newcomers, one organisation with one
    project behind it and an experienced one that also mentors; three mentors in the inventory."""
    campaign = Campaign.objects.create(agency=agency, name={"en": "NEET partnership: first cycle"},
                                       start=date(2026, 1, 1))

    def org(name, experience, groups, **extra):
        return make_organisation(legal_name=name, experience=experience, agencies=[agency], country="LV",
                                 city="Rīga", target_groups=groups, **extra)

    newcomers = [org("Jauniešu centrs Ogre", "none", ["neet", "economic"]),
                 org("Biedrība Solis", "none", ["neet"], can_send=True),
                 org("Cēsu jauniešu māja", "none", ["disability"])]
    once = org("Biedrība Tilts", "one_project", ["neet"])
    mentors = [org("Mentoru biedrība Rīga", "experienced", ["neet", "economic"], can_host=True),
               org("Eiropas jaunatnes centrs", "experienced", ["disability", "neet"]),
               make_organisation(legal_name="Zavod Izkušnje", experience="experienced", agencies=[agency],
                                 country="SI", city="Ljubljana", target_groups=["disability"])]
    for organisation in [*newcomers, once, mentors[0]]:
        ensure_target(campaign=campaign, organisation=organisation, actor=None, source="manual")
    return campaign, newcomers, once, mentors


def _page(client, campaign):
    return f"/en/staff/outreach/{campaign.pk}/mentor-pairing/"


def _checked(html: str, name: str) -> list[int]:
    found = []
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and "checked" in tag:
            found.append(int(re.search(r'value="(\d+)"', tag).group(1)))
    return found


def _hidden(html: str) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for tag in re.findall(r'<input type="hidden"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(re.search(r'value="([^"]*)"', tag).group(1))
    return data


def _selected(html: str) -> dict[int, int | None]:
    """Each newcomer's select on the proposal page: the mentor selected (None: no mentor)."""
    chosen = {}
    for newcomer, body in re.findall(r'<select name="mentor_(\d+)"[^>]*>(.*?)</select>', html, re.S):
        match = re.search(r'<option value="(\d+)" selected>', body)
        chosen[int(newcomer)] = int(match.group(1)) if match else None
    return chosen


def _propose(client, campaign, newcomers, mentors, k=2):
    return client.post(_page(client, campaign), {"action": "propose", "newcomers": [o.pk for o in newcomers],
                                                 "mentors": [o.pk for o in mentors], "k": k})


def _confirm(client, campaign, newcomers, mentors, choice: dict, k=2):
    data = {"action": "confirm", "newcomers": [o.pk for o in newcomers], "mentors": [o.pk for o in mentors],
            "k": k}
    data.update({f"mentor_{n}": "" if m is None else m for n, m in choice.items()})
    return client.post(_page(client, campaign), data)


# --- who may pair --------------------------------------------------------------------------------


def test_only_the_campaigns_admins_and_staff_open_the_page(client, world, staff, agency, make_agency, make_user,
                                                           make_organisation):
    campaign, newcomers, _once, mentors = world
    path = _page(client, campaign)
    representative = make_user()
    Representative.objects.create(user=representative, organisation=newcomers[0],
                                  status=Representative.Status.APPROVED)
    other = make_agency(name="Slovenian agency", country="SI")
    people = {
        "staff": (staff, 200),
        "admin": (make_user(agency=agency, role=AgencyMembership.Role.ADMIN), 200),
        "superuser": (make_user(superuser=True), 200),
        "observer": (make_user(agency=agency, role=AgencyMembership.Role.OBSERVER), 404),
        "other agency": (make_user(agency=other), 404),
        "representative": (representative, 404),
        "participant": (make_user(), 404),
    }
    for who, (user, status) in people.items():
        client.force_login(user)
        assert client.get(path).status_code == status, who
        response = _confirm(client, campaign, newcomers[:1], mentors[:1], {newcomers[0].pk: mentors[0].pk})
        assert response.status_code == (302 if status == 200 else 404), who
        MentorPairing.objects.all().delete()
    client.logout()
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = _confirm(client, campaign, newcomers[:1], mentors[:1], {newcomers[0].pk: mentors[0].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not MentorPairing.objects.exists()


def test_a_campaign_of_another_agency_is_not_found(client, world, make_agency, make_user):
    campaign, newcomers, _once, mentors = world
    foreign = Campaign.objects.create(agency=make_agency(country="SI"), name={"en": "Other"}, start=date(2026, 1, 1))
    client.force_login(make_user(agency=campaign.agency))
    assert client.get(_page(client, foreign)).status_code == 404
    assert client.get("/en/staff/outreach/99999999/mentor-pairing/").status_code == 404


# --- the proposal --------------------------------------------------------------------------------


def _brute_force(newcomers, mentors, scores, caps):
    best = 0
    for choice in itertools.product([None, *mentors], repeat=len(newcomers)):
        load = {}
        for mentor in choice:
            if mentor is not None:
                load[mentor] = load.get(mentor, 0) + 1
        if all(load.get(m, 0) <= caps.get(m, 0) for m in mentors):
            best = max(best, sum(scores[n, m] for n, m in zip(newcomers, choice, strict=True) if m is not None))
    return best


def test_the_proposal_is_the_best_total_and_scored_like_suggestions(world):
    campaign, newcomers, once, mentors = world
    chosen = [*newcomers, once]
    scoring = selectors.pairing_scoring(chosen, mentors)
    for n in chosen:  # every pair scored by the suggestions' own scoring
        for m in mentors:
            assert scoring.scores[n.pk, m.pk] == score(scoring.readers[n.pk], scoring.profiles[m.pk])[0]
    for k in (1, 2):
        choice = selectors.proposal(campaign=campaign, scoring=scoring, k=k)
        total = sum(scoring.scores[n, m] for n, m in choice.items() if m is not None)
        ids = [o.pk for o in chosen]
        assert total == _brute_force(ids, [o.pk for o in mentors], scoring.scores, {o.pk: k for o in mentors})
        assert all(list(choice.values()).count(m.pk) <= k for m in mentors)


def test_pairs_confirmed_before_count_against_k(client, world, staff):
    campaign, newcomers, _once, mentors = world
    client.force_login(staff)
    best = selectors.proposal(campaign=campaign, scoring=selectors.pairing_scoring(newcomers[:1], mentors[:1]), k=1)
    assert best == {newcomers[0].pk: mentors[0].pk}
    assert _confirm(client, campaign, newcomers[:1], mentors[:1], best, k=1).status_code == 302
    # The first mentor is taken: with k = 1 the second newcomer gets another mentor, or none.
    again = selectors.proposal(campaign=campaign, scoring=selectors.pairing_scoring(newcomers[1:2], mentors), k=1)
    assert again[newcomers[1].pk] != mentors[0].pk
    response = _confirm(client, campaign, newcomers[1:2], mentors, {newcomers[1].pk: mentors[0].pk}, k=1)
    assert response.status_code == 200
    assert "would mentor 2 newcomers; at most 1 newcomer per mentor" in unescape(response.content.decode())
    assert MentorPairing.objects.count() == 1


def test_the_quick_total_is_the_scorings_total():
    rng = random.Random(5)
    groups, themes, languages = ["neet", "social", "disability", "health"], ["art", "sport", "job"], ["en", "lv"]

    def profile(i):
        return Profile(key=i, country=rng.choice(["LV", "SI", ""]),
                       experience=rng.choice(["none", "one_project", "experienced"]),
                       target_groups=frozenset(rng.sample(groups, rng.randint(0, 4))),
                       themes=frozenset(rng.sample(themes, rng.randint(0, 3))),
                       languages=frozenset(rng.sample(languages, rng.randint(0, 2))),
                       can=frozenset(rng.sample(["host", "send", "coordinate"], rng.randint(0, 3))),
                       roles_wanted=frozenset(rng.sample(["host", "send", "partner"], rng.randint(0, 2))),
                       actions=frozenset(rng.sample(["KA152", "KA210-YOU", "ESC30"], rng.randint(0, 3))))

    for _ in range(2000):
        a, b = profile(1), profile(2)
        assert score_total(a, b) == score(a, b)[0]


# --- the pages, from the campaign ------------------------------------------------------------------


def test_officer_pairs_from_the_campaign_page_adjusts_and_confirms(client, world, staff):
    campaign, newcomers, once, mentors = world
    client.force_login(staff)
    before = [(figure.stage, figure.count) for figure in funnel(campaigns=[campaign]).stages]
    overview = client.get(f"/en/staff/outreach/{campaign.pk}/").content.decode()
    path = _page(client, campaign)
    assert f'href="{path}"' in overview

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    # Newcomers without experience are ticked, the organisation with a project behind it is not;
    # every experienced organisation of the inventory is offered and ticked as a mentor.
    assert sorted(_checked(html, "newcomers")) == sorted(o.pk for o in newcomers)
    assert sorted(_checked(html, "mentors")) == sorted(o.pk for o in mentors)

    proposed = _propose(client, campaign, newcomers, mentors, k=2)
    html = proposed.content.decode()
    assert proposed.status_code == 200
    choice = _selected(html)
    scoring = selectors.pairing_scoring(newcomers, mentors)
    assert choice == selectors.proposal(campaign=campaign, scoring=scoring, k=2)
    total = sum(scoring.scores[n, m] for n, m in choice.items() if m is not None)
    assert f"total score {total}" in html
    assert "Shares the target group" in unescape(html)  # the reasons in words

    # The officer gives the first newcomer another mentor than proposed, and confirms.
    first = newcomers[0].pk
    other = next(m.pk for m in mentors if m.pk != choice[first])
    choice[first] = other
    data = _hidden(html)
    data.update({"action": "confirm", **{f"mentor_{n}": "" if m is None else m for n, m in choice.items()}})
    confirmed = client.post(path, data, follow=True)
    text = unescape(confirmed.content.decode())
    added = sum(1 for m in choice.values() if m is not None)
    assert f"The pairs are confirmed: {added} new, 0 changed, 0 removed." in text
    assert {(p.newcomer_id, p.mentor_id) for p in MentorPairing.objects.all()} == {
        (n, m) for n, m in choice.items() if m is not None}
    pairing = MentorPairing.objects.get(newcomer_id=first)
    assert pairing.confirmed_by == staff and pairing.score == scoring.scores[first, other]

    # Each newcomer's interactions show the pair; the mentor on the target list has its own.
    meeting = pairing.newcomer_interaction
    assert (meeting.kind, meeting.meeting_type, meeting.organisation_id) == ("meeting", "meeting", first)
    assert meeting.occurred_on == timezone.localdate() and meeting.author == staff
    detail = unescape(client.get(f"/en/staff/outreach/interactions/{meeting.pk}/").content.decode())
    mentor_name = pairing.mentor.legal_name
    assert f"Paired with the mentor {mentor_name} for this campaign" in detail
    listed = unescape(client.get(f"/en/staff/outreach/{campaign.pk}/interactions/?kind=meeting").content.decode())
    for n in (n for n, m in choice.items() if m is not None):
        assert next(o.legal_name for o in newcomers if o.pk == n) in listed
    mentored_by_listed = [n for n, m in choice.items() if m == mentors[0].pk]
    mentor_side = Interaction.objects.filter(campaign=campaign, organisation=mentors[0], kind="meeting")
    assert mentor_side.count() == len(mentored_by_listed)
    assert not Interaction.objects.filter(organisation__in=mentors[1:]).exists()  # not on the list: none
    assert not campaign.targets.filter(organisation__in=mentors[1:]).exists()  # nor added to it
    # The organisation's page shows the contact; the funnel does not count a pairing as coaching.
    organisation_page = client.get(f"/en/staff/organisations/{first}/").content.decode()
    assert timezone.localdate().strftime("%Y") in organisation_page and campaign.name_text in organisation_page
    assert [(figure.stage, figure.count) for figure in funnel(campaigns=[campaign]).stages] == before
    # The campaign's history says who paired.
    assert AuditEntry.objects.filter(object_id=str(campaign.pk), actor=staff,
                                     changes__mentor_pairs=[0, added]).exists()
    assert AuditEntry.objects.filter(object_id=str(pairing.pk), action="create", actor=staff).exists()

    # The page now lists the confirmed pairs; confirming the same again changes nothing.
    page = client.get(path).content.decode()
    assert mentor_name in page and "No pairs confirmed yet." not in page
    assert sorted(_checked(page, "newcomers")) == sorted(n for n, m in choice.items() if m is None)
    interactions = Interaction.objects.count()
    again = client.post(path, data, follow=True)
    assert "Nothing changed: these pairs were confirmed already." in unescape(again.content.decode())
    assert Interaction.objects.count() == interactions
    assert MentorPairing.objects.count() == added


def test_a_new_mentor_changes_the_pair_and_no_mentor_removes_it(client, world, staff):
    campaign, newcomers, _once, mentors = world
    client.force_login(staff)
    first, second = newcomers[0], newcomers[1]
    _confirm(client, campaign, [first, second], mentors, {first.pk: mentors[0].pk, second.pk: mentors[1].pk})
    pairing = MentorPairing.objects.get(newcomer=first)
    kept = pairing.newcomer_interaction_id
    assert pairing.mentor_interaction is not None  # the first mentor is on the target list
    old_mentor_side = pairing.mentor_interaction_id
    count = Interaction.objects.count()

    response = _confirm(client, campaign, [first, second], mentors, {first.pk: mentors[2].pk, second.pk: None})
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.mentor == mentors[2] and pairing.newcomer_interaction_id == kept
    assert "Zavod Izkušnje" in Interaction.objects.get(pk=kept).notes
    assert pairing.mentor_interaction is None and not Interaction.objects.filter(pk=old_mentor_side).exists()
    assert not MentorPairing.objects.filter(newcomer=second).exists()
    assert not Interaction.objects.filter(organisation=second, kind="meeting").exists()
    assert Interaction.objects.count() == count - 2  # the old mentor's and the removed pair's
    assert AuditEntry.objects.filter(object_id=str(pairing.pk), action="update").exists()


# --- bad input -----------------------------------------------------------------------------------


def _error_next_to(html: str, field_id: str, message: str) -> bool:
    match = re.search(rf'<ul class="errorlist" id="{field_id}_errors">(.*?)</ul>', html, re.S)
    return match is not None and message in unescape(match.group(1))


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"k": 0}, "id_k", "Ensure this value is greater than or equal to 1."),
    ({"k": 11}, "id_k", "Ensure this value is less than or equal to 10."),
    ({"k": "two"}, "id_k", "Enter a whole number."),
    ({"newcomers": []}, "id_newcomers", "Choose at least one newcomer."),
    ({"mentors": []}, "id_mentors", "Choose at least one mentor."),
    ({"newcomers": [99999999]}, "id_newcomers", "Select a valid choice."),
    ({"mentors": ["x"]}, "id_mentors", "Select a valid choice."),
])
def test_bad_choices_are_refused_next_to_their_field(client, world, staff, change, field, message):
    campaign, newcomers, _once, mentors = world
    client.force_login(staff)
    interactions = Interaction.objects.count()
    for action in ("propose", "confirm"):
        data = {"action": action, "newcomers": [o.pk for o in newcomers], "mentors": [o.pk for o in mentors],
                "k": 2, f"mentor_{newcomers[0].pk}": mentors[0].pk, **change}
        response = client.post(_page(client, campaign), data)
        assert response.status_code == 200
        assert _error_next_to(response.content.decode(), field, message), action
    assert not MentorPairing.objects.exists() and Interaction.objects.count() == interactions


def test_a_mentor_outside_the_inventory_or_a_newcomer_off_the_list_is_refused(client, world, staff,
                                                                              make_organisation):
    campaign, newcomers, once, mentors = world
    client.force_login(staff)
    stranger = make_organisation(legal_name="Experienced elsewhere", experience="experienced")
    response = _propose(client, campaign, newcomers, [stranger])
    assert _error_next_to(response.content.decode(), "id_mentors", "Select a valid choice.")
    response = _propose(client, campaign, [*newcomers, mentors[1]], mentors[:1])
    assert _error_next_to(response.content.decode(), "id_newcomers", "Select a valid choice.")
    # The experienced organisation on the target list is either a newcomer or a mentor.
    response = _propose(client, campaign, [newcomers[0], mentors[0]], mentors)
    assert _error_next_to(response.content.decode(), "id_mentors", "either a newcomer or a mentor, not both")
    assert not MentorPairing.objects.exists()


def test_adjusting_past_k_or_to_an_unknown_mentor_saves_nothing(client, world, staff):
    campaign, newcomers, _once, mentors = world
    client.force_login(staff)
    interactions = Interaction.objects.count()
    choice = {newcomers[0].pk: mentors[0].pk, newcomers[1].pk: mentors[0].pk, newcomers[2].pk: mentors[1].pk}
    response = _confirm(client, campaign, newcomers, mentors, choice, k=1)
    html = response.content.decode()
    assert response.status_code == 200
    message = "Mentoru biedrība Rīga would mentor 2 newcomers; at most 1 newcomer per mentor."
    assert _error_next_to(html, f"id_mentor_{newcomers[0].pk}", message)
    assert _error_next_to(html, f"id_mentor_{newcomers[1].pk}", message)
    assert not _error_next_to(html, f"id_mentor_{newcomers[2].pk}", "would mentor")
    assert _selected(html) == choice  # the officer's choices are shown again as made
    assert not MentorPairing.objects.exists() and Interaction.objects.count() == interactions

    for bad in (99999999, "x", newcomers[1].pk):
        response = _confirm(client, campaign, newcomers[:1], mentors, {newcomers[0].pk: bad})
        assert response.status_code == 200
        assert _error_next_to(response.content.decode(), f"id_mentor_{newcomers[0].pk}", "Select a valid choice.")
    assert not MentorPairing.objects.exists() and Interaction.objects.count() == interactions


def test_an_unknown_action_is_a_bad_request(client, world, staff):
    campaign, newcomers, _once, mentors = world
    client.force_login(staff)
    response = client.post(_page(client, campaign), {"action": "delete-everything"})
    assert response.status_code == 400


# --- in a browser ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_pairing_in_a_browser_from_the_campaign_page_accessibly(new_context, world, staff):
    campaign, newcomers, _once, mentors = world
    page = new_context(user=staff).new_page()
    problems = []
    # The proposal in every language and display mode (the form posts to the page's own address).
    for language, mode in SCANS:
        page.goto(f"/{language}/staff/outreach/{campaign.pk}/mentor-pairing/?display={mode}")
        page.locator("button[name=action][value=propose]").click()
        assert page.locator(f"select[name=mentor_{newcomers[0].pk}]").count() == 1
        assert page.locator("html").get_attribute("class") == f"mode-{mode}"
        violations = axe_violations(page, rules=None if mode == "default" else STYLE_RULES)
        if violations:
            problems.append(describe_violations(violations, where=f"{language} {mode} proposal "))
    assert not problems, "\n".join(problems)

    page.goto(f"/en/staff/outreach/{campaign.pk}/")
    page.get_by_role("link", name="Pair newcomers with mentors").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Mentor pairing")
    page.get_by_role("button", name="Propose pairs").click()
    # The officer gives the last newcomer another mentor than proposed, one with room left (k = 2).
    proposed = [page.locator(f"select[name=mentor_{o.pk}]").input_value() for o in newcomers]
    select = page.get_by_label(f"Mentor for {newcomers[2].legal_name}")
    other = next(m for m in mentors if str(m.pk) != proposed[2] and proposed.count(str(m.pk)) < 2)
    select.select_option(str(other.pk))
    page.get_by_role("button", name="Confirm the pairs").click()
    assert "The pairs are confirmed" in page.locator("main").inner_text()
    problems = axe_violations(page)
    assert not problems, describe_violations(problems, where="confirmed pairs ")
    assert MentorPairing.objects.get(newcomer=newcomers[2]).mentor == other
    page.get_by_role("link", name=newcomers[2].legal_name).click()
    assert f"Paired with the mentor {other.legal_name}" in page.locator("main").inner_text()
