"""Every operation of the OpenAPI document, called on a live server with generated input, answers as
the document says: never a server error, a documented status code and content type, and a body that
matches the documented schema.

Paths name real events, organisations, campaigns, interactions, follow-up tasks, registrations,
partnerships, project ideas and partner requests where the generated input fits the document. Each operation is called by an officer of an agency
and by a participant, each with a personal API token, with input that fits the document (half of
it aimed at real ids) and input that does not. Generation is derandomised: the same cases every run.
"""

import time
from collections import Counter
from datetime import date, timedelta

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.files.base import ContentFile
from django.utils import timezone

from kopa.api.services import token_create
from kopa.core.models import Job
from kopa.directory import reference_data
from kopa.events.models import Registration
from kopa.matchmaking.models import IdeaPartner, PartnerRequest, ProjectIdea
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.models import FollowUpTask, Interaction

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 7, GenerationMode.NEGATIVE: 3}


@pytest.fixture
def world(transactional_db, live_server, monkeypatch, agency, staff, participant, make_organisation,
          make_campaign, record, make_event, make_registration):
    """A little of everything on the live server: an officer's agency with an organisation, a campaign
    with a target, an interaction and a follow-up task, an event it organises, a participant
    registered for it; and personal API tokens of the officer and the participant."""
    # Hundreds of calls a minute from one client are the point here, not a client to slow down.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/min", "user": "100000/min"})
    reference_data.load()  # the live server's database is emptied after every test, this too
    organisation = make_organisation(legal_name="Mladinski center Laško", agencies=[agency], public_listing=True)
    campaign = make_campaign()
    ensure_target(campaign=campaign, organisation=organisation, actor=None, source="manual")
    interaction = record(campaign, organisation, Interaction.Kind.INVITATION, channel="email", on=date(2016, 3, 1))
    follow_up = FollowUpTask.objects.create(agency=agency, campaign=campaign, organisation=organisation,
                                            title="Call back", assignee=staff, due_on=date(2016, 3, 15))
    event = make_event(organiser_agency=agency)
    registration = make_registration(event=event, user=participant, status=Registration.Status.CONFIRMED)
    idea = ProjectIdea.objects.create(title="Rural youth on the move", action="KA152",
                                      round=f"{timezone.localdate().year + 1}-1", coordinator=organisation)
    IdeaPartner.objects.create(idea=idea, organisation=organisation, country="SI", role="coordinator")
    partner_request = PartnerRequest.objects.create(
        organisation=organisation, title={"en": "Partners wanted"}, action="KA152",
        round=f"{timezone.localdate().year + 1}-1", closes_on=timezone.localdate() + timedelta(days=30),
        roles=["partner"])
    ids = {
        "organisations": {"id": organisation.pk},
        "project-ideas": {"id": idea.pk},
        "partner-requests": {"id": partner_request.pk},
        "events": {"id": event.pk},
        "campaigns": {"id": campaign.pk, "organisation_id": organisation.pk},
        "interactions": {"id": interaction.pk},
        "follow-ups": {"id": follow_up.pk},
        "registrations": {"id": registration.pk},
        "my": {"id": registration.pk},
        "partnerships": {"slug": campaign.cycle.partnership.slug},
        "jobs": {"id": str(_done_job(staff, event).public_id)},
    }
    tokens = {"officer": token_create(user=staff, name="Schema check")[1],
              "participant": token_create(user=participant, name="Schema check")[1]}
    return ids, tokens


def _done_job(user, event):
    """A finished background job of the officer (the event's participant list), with its file."""
    job = Job.objects.create(kind="kopa.events.jobs:PARTICIPANTS_CSV", requested_by=user,
                             agency_id=event.organiser_agency_id, parameters={"event": event.pk},
                             status=Job.Status.DONE, filename="participants.csv",
                             content_type="text/csv; charset=utf-8",
                             expires_at=timezone.now() + timedelta(days=7))
    job.result.save("participants.csv", ContentFile(b"first_name\r\nEva\r\n"), save=True)
    return job


def path_parameters(operation, known: dict[str, dict[str, object]]) -> dict[str, object]:
    """Real values for the operation's path parameters, by the path's first segment after /api/v1/."""
    values = known.get(operation.path.split("/")[3], {})
    return {p.name: values[p.name] for p in operation.path_parameters if p.name in values}


def run_operation(operation, *, mode, path_values, base_url, token, session, outcome):
    """Call one operation with generated cases; collect every failed check instead of stopping."""
    headers = {"Authorization": f"Token {token}"}

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_values or None))
    @settings(max_examples=EXAMPLES[mode], derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def call(case):
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
        outcome["cases"] += 1
        outcome["statuses"][response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as group:  # every failed check is collected and reported
            kinds = ", ".join(sorted({type(exc).__name__ for exc in group.exceptions}))
            key = (operation.label, response.status_code, kinds)
            if key not in outcome["failures"]:
                outcome["failures"][key] = f"{group}\n{case.as_curl_command(headers=headers)}"

    try:
        call()
    except Unsatisfiable:  # nothing to get wrong: no parameters and no body
        outcome["unsatisfiable"] += 1


def test_every_operation_answers_as_the_openapi_document_says(world, live_server, capsys):
    known, tokens = world
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    outcome = {"cases": 0, "statuses": Counter(), "failures": {}, "unsatisfiable": 0}
    operations = [result.ok() for result in schema.get_all_operations()]
    with requests.Session() as session:
        for operation in operations:
            for token in tokens.values():
                for mode in EXAMPLES:
                    values = path_parameters(operation, known) if mode is GenerationMode.POSITIVE else {}
                    run_operation(operation, mode=mode, path_values=values, base_url=live_server.url,
                                  token=token, session=session, outcome=outcome)
    elapsed = time.monotonic() - started
    with capsys.disabled():  # the summary shows in every run, not only when the test fails
        print(f"\nschemathesis: {len(operations)} operations, {outcome['cases']} cases with "
              f"{len(tokens)} tokens in {elapsed:.0f} s ({outcome['unsatisfiable']} runs had nothing to vary); statuses {dict(sorted(outcome['statuses'].items()))}")
    report = "\n\n".join(f"{label} -> {status} ({kind}):\n{detail}"
                         for (label, status, kind), detail in outcome["failures"].items())
    assert not outcome["failures"], f"{len(outcome['failures'])} kinds of failure:\n\n{report}"
    assert len(operations) >= 50 and outcome["cases"] >= len(operations) * len(tokens) * 4
