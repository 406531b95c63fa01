"""A campaign's target list and interactions, and My tasks, export as background jobs started by
their buttons (a POST whose address carries the list's filters): a GET starts nothing, the job's file
downloads from its page, another agency's staff get 404 on the start and on the job."""

import re

import pytest

from django.test import Client
from django.urls import reverse

from kopa.core.models import Job
from kopa.outreach.models import Interaction

JOB_URL = re.compile(r"^/en/jobs/[0-9a-f-]{36}/$")


@pytest.fixture
def world(make_campaign, make_organisation, agency, record, target, staff):
    campaign = make_campaign()
    organisation = make_organisation(legal_name="Mladinski center Trbovlje", city="Trbovlje",
                                     agencies=[agency])
    target(campaign, organisation)
    record(campaign, organisation, Interaction.Kind.INVITATION, channel="email")
    return campaign


def _starts(campaign):
    """(list page, start address, what the file holds) of each export."""
    return [
        (reverse("outreach:targets", args=[campaign.pk]),
         reverse("outreach:targets_csv", args=[campaign.pk]), "Mladinski center Trbovlje"),
        (reverse("outreach:targets", args=[campaign.pk]),
         reverse("outreach:targets_xlsx", args=[campaign.pk]), None),
        (reverse("outreach:interactions", args=[campaign.pk]),
         reverse("outreach:interactions_csv", args=[campaign.pk]), "Mladinski center Trbovlje"),
        (reverse("outreach:interactions", args=[campaign.pk]),
         reverse("outreach:interactions_xlsx", args=[campaign.pk]), None),
        (reverse("outreach:my_tasks"), reverse("outreach:tasks_csv"), "Task,Organisation"),
        (reverse("outreach:my_tasks"), reverse("outreach:tasks_xlsx"), None),
    ]


def test_each_list_export_is_a_job_started_by_its_button(client, staff, world, download_job):
    client.force_login(staff)
    for page, start, expected in _starts(world):
        html = client.get(page).content.decode()
        assert f'<form method="post" action="{start}?' in html, start
        assert client.get(start).status_code == 405 and not Job.objects.exists(), start

        response = download_job(client, start)

        assert response.status_code == 200 and "no-store" in response["Cache-Control"], start
        if expected:
            assert expected in response.content.decode("utf-8-sig"), start
        assert Job.objects.filter(status=Job.Status.DONE).count() == 1
        Job.objects.all().delete()


def test_another_agencys_staff_get_404_on_the_start_and_on_the_job(
        client, staff, world, make_user, make_agency, django_capture_on_commit_callbacks):
    client.force_login(staff)
    start = reverse("outreach:interactions_csv", args=[world.pk])
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(start)
    assert JOB_URL.match(started["Location"])
    stranger = Client()
    stranger.force_login(make_user(agency=make_agency(country="LV")))

    assert stranger.post(start).status_code == 404
    assert stranger.post(reverse("outreach:targets_csv", args=[world.pk])).status_code == 404
    assert stranger.get(started["Location"]).status_code == 404
    assert stranger.get(started["Location"] + "download/").status_code == 404
    assert Job.objects.count() == 1


def test_my_tasks_export_is_only_mine(
        client, staff, world, make_user, agency, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("outreach:tasks_csv"))
    colleague = Client()
    colleague.force_login(make_user(agency=agency))

    assert colleague.get(started["Location"]).status_code == 404
    assert client.get(started["Location"]).status_code == 200
