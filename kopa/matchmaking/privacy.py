"""What matchmaking holds about a person, and how long the messages between organisations stay.

At a matchmaking event, the table a participant needs (step-free, quiet) and the reasons given for
meeting requests go with the event's participation data (the events app's rule).

Rule "partner request messages": the "I'm interested" messages and the posters' answers are kept
for `MESSAGES_RETENTION_DAYS` (one year) after their request closed, time enough to write the
project together, then deleted with the interest itself. The requests stay (they were public).
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.events.registration.participation import PARTICIPATION_RULE
from kopa.matchmaking.models import (
    DismissedSuggestion,
    Interest,
    MeetingRequest,
    MentorPairing,
    PartnerRequest,
    Profile,
    ProjectIdea,
    SavedSearch,
)

MESSAGES_RULE = "partner request messages"
MESSAGES_RETENTION_DAYS = 365


def messages_due_for_purge(now: datetime):
    """Requests closed more than the retention period ago that still have interests."""
    return (PartnerRequest.objects.filter(closed_at__lte=now - timedelta(days=MESSAGES_RETENTION_DAYS),
                                          interests__isnull=False)
            .order_by("pk").values_list("pk", flat=True).distinct())


privacy.rule(MESSAGES_RULE,
             description="Messages between organisations about a partner request, until a year after "
             "the request closed.",
             due=messages_due_for_purge)
privacy.declare(Interest, rule=MESSAGES_RULE, owner="request")

# A matchmaking event's private data goes with the event's participation data: which table a person
# needs and why they asked to meet someone. The meetings stay for the event's figures.
privacy.declare(Profile, rule=PARTICIPATION_RULE, owner="setup__event",
                blank=("needs_step_free", "needs_quiet"), why="the profile stays for the figures")
privacy.declare(MeetingRequest, rule=PARTICIPATION_RULE, owner="setup__event", blank=("reason",),
                why="the request stays for the figures")


def _requests(subject: privacy.Subject):
    if subject.user is None:
        return []
    return [privacy.values(r, ("organisation", "title", "action", "round", "closes_on", "status"))
            for r in PartnerRequest.objects.filter(posted_by=subject.user).select_related("organisation")]


def _interests(subject: privacy.Subject):
    if subject.user is None:
        return []
    return [privacy.values(i, ("request", "organisation", "message", "status", "created_at"))
            for i in Interest.objects.filter(sent_by=subject.user).select_related("request", "organisation")]


privacy.subject("partner_requests", title=_("Partner requests you posted"), collect=_requests, order=60,
                links={PartnerRequest: ("posted_by",)})
privacy.subject("partner_interests", title=_("Partner requests you said you are interested in"),
                collect=_interests, order=61, links={Interest: ("sent_by",)})
privacy.subject_exempt(PartnerRequest, fields=("hidden_by",), why="staff at work: who hid a request")
privacy.subject_exempt(Interest, fields=("answered_by",), why="an organisation's answer, by its representative")
privacy.subject_exempt(DismissedSuggestion, fields=("dismissed_by",),
                       why="an organisation's choice, by its representative")


def subject_saved_searches(subject: privacy.Subject):
    """The saved searches of `subject`: made with their account or for their address."""
    match = Q(pk__in=[])
    for address in subject.emails:
        match |= Q(email__iexact=address)
    if subject.user is not None:
        match |= Q(user=subject.user)
    return SavedSearch.objects.filter(match).order_by("pk")


def _saved_searches(subject: privacy.Subject):
    return [privacy.values(s, ("email", "language", "query", "confirmed_at", "created_at"))
            for s in subject_saved_searches(subject)]


privacy.subject("saved_searches", title=_("Your saved searches of partner requests"), collect=_saved_searches,
                order=62, links={SavedSearch: ("user", "email")})
privacy.subject_exempt(ProjectIdea, fields=("created_by",), why="an organisation's idea, by its representative")
privacy.subject_exempt(MentorPairing, fields=("confirmed_by",), why="staff at work: who confirmed a mentor pair")
