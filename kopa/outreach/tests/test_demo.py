"""The demo campaigns: their funnels come from interactions and check-ins, never typed totals."""

from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from kopa.core import demo
from kopa.core.models import AuditEntry
from kopa.events.models import Attendance, Event, Registration
from kopa.outreach import demo as outreach_demo
from kopa.outreach import demo_latvia
from kopa.outreach.followups.selectors import followups_assigned_to
from kopa.outreach.funnel.selectors import drop_off, funnel
from kopa.outreach.models import Campaign, CampaignTarget, FollowUpTask, Interaction

K = Interaction.Kind
LATVIAN = [demo_latvia.BEING_TOGETHER, demo_latvia.NEET_FIRST, demo_latvia.NEET_SECOND]


@pytest.fixture
def loaded(demo_once, db):
    return demo_once


def _campaign(name: dict) -> Campaign:
    return Campaign.objects.get(name__en=name["en"])


def _counts() -> dict[str, int]:
    models = (
        Campaign,
        CampaignTarget,
        Interaction,
        FollowUpTask,
        Event,
        Registration,
        Attendance,
        AuditEntry,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_the_deprived_areas_campaign_shows_76_52_36_11(loaded):
    campaign = _campaign(outreach_demo.DEPRIVED_AREAS)

    result = funnel(campaigns=[campaign])

    assert [(f.stage, f.count) for f in result.stages] == [
        ("invited", 76),
        ("responded", 52),
        ("attended", 36),
        ("approved", 11),
    ]


def test_the_deprived_areas_attendance_comes_from_event_check_ins(loaded):
    campaign = _campaign(outreach_demo.DEPRIVED_AREAS)
    attendance = Interaction.objects.filter(campaign=campaign, kind=K.ATTENDANCE)

    assert set(attendance.values_list("source", flat=True)) == {Interaction.Source.CHECK_IN}
    assert attendance.values("organisation").distinct().count() == 36
    checked_in = Attendance.objects.filter(
        registration__event__cycle=campaign.cycle,
        registration__organisation__in=attendance.values("organisation"),
    )
    assert checked_in.values("registration__organisation").distinct().count() == 36


def test_no_demo_campaign_has_attendance_typed_in_by_hand(loaded):
    typed = Interaction.objects.filter(kind=K.ATTENDANCE).exclude(
        source=Interaction.Source.CHECK_IN
    )

    assert Interaction.objects.filter(kind=K.ATTENDANCE).exists()
    assert not typed.exists()


def test_an_organisation_at_two_events_counts_once_as_attended(loaded):
    campaign = _campaign(outreach_demo.DEPRIVED_AREAS)
    attendance = Interaction.objects.filter(campaign=campaign, kind=K.ATTENDANCE)
    per_organisation = {}
    for organisation_id, event_id in attendance.values_list("organisation_id", "event_id"):
        per_organisation.setdefault(organisation_id, set()).add(event_id)

    assert any(len(events) >= 2 for events in per_organisation.values())
    assert funnel(campaigns=[campaign]).counts["attended"] == len(per_organisation) == 36


def test_the_deprived_areas_targets_are_slovenian_organisations_new_to_the_programme(loaded):
    campaign = _campaign(outreach_demo.DEPRIVED_AREAS)
    organisations = [
        target.organisation for target in campaign.targets.select_related("organisation")
    ]

    assert len(organisations) == 76
    assert {o.country.code for o in organisations} == {"SI"}
    # Two have since led the cycle's illustrative projects; the others never took part before.
    assert sum(o.experience == "none" for o in organisations) >= 74


def test_loading_the_demo_twice_adds_no_campaigns_interactions_or_check_ins(loaded):
    first = _counts()

    demo.load_all()

    assert _counts() == first


@pytest.mark.parametrize("name", LATVIAN, ids=lambda name: name["en"])
def test_the_latvian_campaigns_have_coaching_sessions(loaded, name):
    sessions = Interaction.objects.filter(campaign=_campaign(name), kind=K.COACHING)

    assert sessions.values("organisation").distinct().count() >= 8
    for session in sessions:
        assert session.coach_id or session.coach_name
        assert session.duration_minutes and session.topics and session.next_steps


def test_some_latvian_coaching_notes_are_private(loaded):
    campaigns = [_campaign(name) for name in LATVIAN]

    assert (
        Interaction.objects.filter(campaign__in=campaigns, kind=K.COACHING)
        .exclude(private_notes="")
        .exists()
    )


@pytest.mark.parametrize("name", LATVIAN, ids=lambda name: name["en"])
def test_the_latvian_campaigns_have_organisations_coached_but_never_applied(loaded, name):
    assert drop_off(campaigns=[_campaign(name)], from_stage="coached", to_stage="applied")


@pytest.mark.parametrize("username", ["officer.si@kopa.example", "officer.lv@kopa.example"])
def test_demo_officers_have_open_tasks_due_around_today(loaded, username):
    today = timezone.localdate()
    tasks = followups_assigned_to(get_user_model().objects.get(username=username)).filter(done_at=None)

    assert tasks.exists()
    assert all(abs(task.due_on - today) <= timedelta(days=14) for task in tasks)
