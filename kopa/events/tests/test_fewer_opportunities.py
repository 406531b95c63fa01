"""Participants with fewer opportunities: an optional question on the participation form (never at
application), kept only with consent, purged with the other private data; the counts stay."""

import re
from datetime import timedelta

import pytest

from django.urls import reverse

from kopa.events.models import ParticipationDetails, PrivacyCounts, Registration
from kopa.events.registration.forms import ParticipationForm, RegistrationForm
from kopa.events.registration.participation import participation_purge
from kopa.events.registration.selectors import fewer_opportunities

S = Registration.Status
BASE = {"has_access_needs": "no", "diet": "none"}


def form_url(registration):
    return reverse("events:participation", args=[registration.pk])


@pytest.fixture
def event(make_event):
    return make_event()


def participant_at(event, make_user, make_registration):
    user = make_user()
    return user, make_registration(event=event, user=user, email=user.email, status=S.CONFIRMED)


def test_the_question_is_asked_on_the_participation_form_only():
    assert "fewer_opportunities" in ParticipationForm.base_fields
    assert "fewer_opportunities" not in RegistrationForm.base_fields
    assert "fewer_opportunities_consent" not in RegistrationForm.base_fields


def test_the_participant_reads_why_ticks_barriers_and_consents(client, event, make_user, make_registration):
    user, place = participant_at(event, make_user, make_registration)
    client.force_login(user)

    page = client.get(form_url(place)).content.decode()
    assert "Fewer opportunities (optional)" in page
    assert "a count below 5 is shown as" in page
    assert "Geographical barriers: a remote or rural area" in page

    response = client.post(form_url(place), {
        **BASE, "fewer_opportunities": ["geographical", "economic"], "fewer_opportunities_consent": "on"},
        follow=True)

    assert "Your participation details are saved." in response.content.decode()
    details = ParticipationDetails.objects.get(registration=place)
    assert details.fewer_opportunities == ["economic", "geographical"]
    assert details.fewer_opportunities_consent is True
    page = client.get(form_url(place)).content.decode()
    assert re.search(r'value="geographical"[^>]*checked', page)
    assert re.search(r'name="fewer_opportunities_consent"[^>]*checked', page)


def test_barriers_without_consent_are_refused_next_to_the_consent_box(
    client, event, make_user, make_registration
):
    user, place = participant_at(event, make_user, make_registration)
    client.force_login(user)

    response = client.post(form_url(place), {**BASE, "fewer_opportunities": ["health"]})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please give your consent, or leave the barriers unticked." in html
    assert 'id="id_fewer_opportunities_consent_errors"' in html
    assert not ParticipationDetails.objects.filter(registration=place).exists()


def test_an_unknown_barrier_is_a_form_error_not_a_crash(client, event, make_user, make_registration):
    user, place = participant_at(event, make_user, make_registration)
    client.force_login(user)

    response = client.post(form_url(place), {
        **BASE, "fewer_opportunities": ["nonsense"], "fewer_opportunities_consent": "on"})

    assert response.status_code == 200
    assert not ParticipationDetails.objects.filter(registration=place).exists()


def test_withdrawing_every_barrier_withdraws_the_consent(client, event, make_user, make_registration):
    user, place = participant_at(event, make_user, make_registration)
    client.force_login(user)
    client.post(form_url(place), {**BASE, "fewer_opportunities": ["health"],
                                  "fewer_opportunities_consent": "on"})

    client.post(form_url(place), {**BASE, "fewer_opportunities_consent": "on"})

    details = ParticipationDetails.objects.get(registration=place)
    assert (details.fewer_opportunities, details.fewer_opportunities_consent) == ([], False)


def test_the_counts_outlive_the_purge_and_the_answers_do_not(
    client, event, make_user, make_registration
):
    answers = [["health"], ["health", "economic"], ["economic"], []]
    for barriers in answers:
        user, place = participant_at(event, make_user, make_registration)
        client.force_login(user)
        data = {**BASE, "fewer_opportunities": barriers}
        if barriers:
            data["fewer_opportunities_consent"] = "on"
        client.post(form_url(place), data)
    before = fewer_opportunities([event.pk])
    assert before.people == 3
    assert (before.by_barrier["health"], before.by_barrier["economic"], before.by_barrier["social"]) == (2, 2, 0)

    participation_purge(event=event, now=event.end + timedelta(days=400))

    assert not ParticipationDetails.objects.filter(registration__event=event).exists()
    counts = PrivacyCounts.objects.get(event=event)
    assert (counts.with_fewer_opportunities, counts.fewer_opportunities) == (3, {"health": 2, "economic": 2})
    after = fewer_opportunities([event.pk])
    assert (after.people, after.by_barrier) == (before.people, before.by_barrier)
