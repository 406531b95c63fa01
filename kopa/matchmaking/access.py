"""Gates of matchmaking: who may post, answer and moderate partner requests, and whose suggested
partners a user may read.

A partner request belongs to its organisation: the organisation's approved representatives and the
admins and staff of an agency whose inventory holds it post, change and answer it (the directory's
`can_manage_organisation`). Staff of such an agency (any role) see it in the moderation list; its
admins and staff hide it. Anyone sees a request that is not hidden. "I'm interested" is sent on
behalf of an organisation the sender represents. Suggested partners of an organisation are for
those who may read its full record (its representatives and its agencies' people). Mentor pairing
for a campaign is for the admins and staff of the campaign's agency.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound, PermissionDenied
from kopa.directory.access import (
    can_manage_organisation,
    can_read_organisation_contacts,
    represented_organisation_ids,
    staff_scope,
    staff_write_scope,
)
from kopa.directory.models import Organisation
from kopa.events.access import (
    is_organiser,
    may_organise,
    may_read_participant_needs,
    organised_event,
)
from kopa.events.models import PARTICIPANT_STATUSES, Event
from kopa.events.registration.selectors import active_registration
from kopa.matchmaking.models import (
    IdeaPartner,
    Interest,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    PartnerRequest,
    Profile,
    ProjectIdea,
)
from kopa.matchmaking.rules import IDEA_DECISIONS, IDEA_TRANSITIONS
from kopa.outreach.access import campaign_for_staff, can_manage_campaign
from kopa.outreach.models import Campaign


def _pk(value) -> int:
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise NotFound()
    return int(text)


def can_manage_request(user, request: PartnerRequest) -> bool:
    """Who posts, changes, closes and answers a request: whoever may manage its organisation."""
    return can_manage_organisation(user, request.organisation)


def require_request_manager(actor, request: PartnerRequest) -> None:
    if not can_manage_request(actor, request):
        raise PermissionDenied()


def require_poster(actor, organisation: Organisation) -> None:
    """Raises PermissionDenied unless `actor` may post a request for `organisation`."""
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied()


def require_representative(actor, organisation: Organisation) -> None:
    """"I'm interested" speaks for an organisation: only its approved representatives send it."""
    if organisation.pk not in represented_organisation_ids(actor):
        raise PermissionDenied()


def can_moderate(user, request: PartnerRequest) -> bool:
    """Admins and staff of an agency whose inventory holds the request's organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return staff_write_scope(user).filter(pk=request.organisation_id).exists()


def require_moderator(actor, request: PartnerRequest) -> None:
    if not can_moderate(actor, request):
        raise PermissionDenied()


def moderation_scope(user) -> QuerySet[PartnerRequest]:
    """The requests of organisations in the inventories of the agencies `user` works for (any role)."""
    return PartnerRequest.objects.filter(organisation__in=staff_scope(user))


def request_for_staff(*, user, pk) -> PartnerRequest:
    """A request of an organisation in `user`'s agencies' inventories. Raises NotFound."""
    found = moderation_scope(user).filter(pk=_pk(pk)).select_related("organisation", "posted_by").first()
    if found is None:
        raise NotFound()
    return found


def own_request(*, user, pk) -> PartnerRequest:
    """A request `user` may manage (their organisation's). Raises NotFound for anyone else."""
    found = PartnerRequest.objects.filter(pk=_pk(pk)).select_related("organisation", "posted_by").first()
    if found is None or not can_manage_request(user, found):
        raise NotFound()
    return found


def own_interest(*, user, request: PartnerRequest, pk) -> Interest:
    """An interest in `user`'s own request. Raises NotFound."""
    found = request.interests.filter(pk=_pk(pk)).select_related("organisation", "sent_by").first()
    if found is None:
        raise NotFound()
    return found


def organisation_to_post_for(*, user, pk) -> Organisation:
    """An organisation `user` may post a request for. Raises NotFound."""
    org = Organisation.objects.filter(pk=_pk(pk)).first()
    if org is None or not can_manage_organisation(user, org):
        raise NotFound()
    return org


def organisation_for_staff_posting(*, user, pk) -> Organisation:
    """An organisation in an inventory `user` may change, to post a request on its behalf. Raises NotFound."""
    org = staff_write_scope(user).filter(pk=_pk(pk)).first()
    if org is None:
        raise NotFound()
    return org


def organisation_for_suggestions(*, user, pk) -> Organisation:
    """An organisation whose suggested partners `user` may read. Raises NotFound."""
    org = Organisation.objects.filter(pk=_pk(pk)).first()
    if org is None or not can_read_organisation_contacts(user, org):
        raise NotFound()
    return org


# --- matchmaking events ----------------------------------------------------------------------------
#
# The organisers of a matchmaking event are the people of the agency that organises the event (the
# events app's gates: any role reads, admins and staff change). Its participants are the people
# registered and confirmed for the event (their own account). Everyone else gets a 404.


def organised_meetings(*, user, pk) -> MatchmakingSetup:
    """The meetings of event `pk` for its organisers (any role). Raises NotFound."""
    event = organised_event(user=user, pk=_pk(pk))
    setup = MatchmakingSetup.objects.filter(event=event).select_related("event").first()
    if setup is None:
        raise NotFound()
    return setup


def may_run_meetings(user, setup: MatchmakingSetup) -> bool:
    """Admins and staff of the organising agency set up, schedule, pin and publish."""
    return may_organise(user, setup.event)


def require_meetings_organiser(actor, setup: MatchmakingSetup) -> None:
    if not may_run_meetings(actor, setup):
        raise PermissionDenied()


def may_set_table_needs(user, setup: MatchmakingSetup) -> bool:
    """Who needs a step-free or quiet table comes from declared access needs: only those who may
    read participants' needs (never observers)."""
    return may_read_participant_needs(user, setup.event)


def participating_registration(*, user, pk):
    """`user`'s confirmed registration for the matchmaking event `pk`, with the event's setup.
    Raises NotFound for anyone who is not a participant (and for an event without meetings)."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    event = Event.objects.filter(pk=_pk(pk)).first()
    setup = MatchmakingSetup.objects.filter(event=event).select_related("event").first() if event else None
    registration = active_registration(user=user, event=event) if setup else None
    if registration is None or registration.status not in PARTICIPANT_STATUSES:
        raise NotFound()
    return setup, registration


def is_meeting_participant(user, profile: Profile) -> bool:
    """Whether `profile` is `user`'s own, while their place is a participant's."""
    registration = profile.registration
    return (getattr(user, "is_authenticated", False) and registration.user_id == user.pk
            and registration.status in PARTICIPANT_STATUSES)


def require_profile_owner(actor, profile: Profile) -> None:
    if not is_meeting_participant(actor, profile):
        raise PermissionDenied()


def require_request_party(actor, request: MeetingRequest, *, side: str) -> None:
    """`side` "recipient" answers, "sender" cancels."""
    profile = request.recipient if side == "recipient" else request.sender
    if not is_meeting_participant(actor, profile):
        raise PermissionDenied()


def may_mark_meeting(user, meeting: Meeting) -> bool:
    """Either participant of a meeting, or the event's organisers, mark it held or no-show."""
    request = meeting.request
    return (is_meeting_participant(user, request.sender) or is_meeting_participant(user, request.recipient)
            or may_organise(user, request.setup.event))


def require_meeting_marker(actor, meeting: Meeting) -> None:
    if not may_mark_meeting(actor, meeting):
        raise PermissionDenied()


def own_meeting_request(*, profile: Profile, pk) -> MeetingRequest:
    """A meeting request `profile` sent or received. Raises NotFound."""
    found = (MeetingRequest.objects.filter(pk=_pk(pk), setup_id=profile.setup_id)
             .filter(models.Q(sender=profile) | models.Q(recipient=profile))
             .select_related("sender__registration", "recipient__registration", "setup__event").first())
    if found is None:
        raise NotFound()
    return found


def own_meeting(*, profile: Profile, pk) -> Meeting:
    """A meeting `profile` takes part in. Raises NotFound."""
    found = (Meeting.objects.filter(pk=_pk(pk), request__setup_id=profile.setup_id)
             .filter(models.Q(request__sender=profile) | models.Q(request__recipient=profile))
             .select_related("request__setup__event", "request__sender__registration",
                             "request__recipient__registration", "slot", "table").first())
    if found is None:
        raise NotFound()
    return found


def other_profile(*, profile: Profile, pk) -> Profile:
    """Another participant of the same matchmaking event. Raises NotFound."""
    found = (Profile.objects.filter(pk=_pk(pk), setup_id=profile.setup_id,
                                    registration__status__in=PARTICIPANT_STATUSES)
             .exclude(pk=profile.pk).select_related("registration", "organisation").first())
    if found is None:
        raise NotFound()
    return found


def staff_meeting(*, setup: MatchmakingSetup, pk) -> Meeting:
    found = Meeting.objects.filter(pk=_pk(pk), request__setup=setup).select_related(
        "request__setup__event", "slot", "table").first()
    if found is None:
        raise NotFound()
    return found


def staff_profile(*, setup: MatchmakingSetup, pk) -> Profile:
    found = Profile.objects.filter(pk=_pk(pk), setup=setup).select_related("registration").first()
    if found is None:
        raise NotFound()
    return found


def is_event_organiser(user, event: Event) -> bool:
    return is_organiser(user, event)


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

# --- project ideas --------------------------------------------------------------------------------
# An idea belongs to its coordinator organisation: whoever manages that organisation (its approved
# representatives, the admins and staff of an agency whose inventory holds it) changes the idea and
# moves it up to submission. Decisions are the agency's: admins and staff of an agency whose
# inventory holds the coordinator record them. The partners' representatives and any role of an
# agency whose inventory holds one of the idea's organisations read it. Anyone else sees an idea only
# when every organisation in it agreed to show it publicly.


def can_manage_idea(user, idea: ProjectIdea) -> bool:
    return can_manage_organisation(user, idea.coordinator)


def require_idea_manager(actor, idea: ProjectIdea) -> None:
    if not can_manage_idea(actor, idea):
        raise PermissionDenied()


def can_decide_idea(user, idea: ProjectIdea) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return staff_write_scope(user).filter(pk=idea.coordinator_id).exists()


def require_idea_decider(actor, idea: ProjectIdea) -> None:
    if not can_decide_idea(actor, idea):
        raise PermissionDenied()


def _idea_organisation_ids(idea: ProjectIdea) -> set[int]:
    return {idea.coordinator_id, *idea.partners.values_list("organisation_id", flat=True)}


def can_read_idea(user, idea: ProjectIdea) -> bool:
    """The idea's organisations' representatives and their agencies' people, all of it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if idea.event_id and is_organiser(user, idea.event):
        return True
    ids = _idea_organisation_ids(idea)
    return bool(ids & represented_organisation_ids(user)) or staff_scope(user).filter(pk__in=ids).exists()


def is_idea_published(idea: ProjectIdea) -> bool:
    """Every organisation in the idea agreed to show it publicly."""
    partners = list(idea.partners.values_list("publish_consent", flat=True))
    return bool(partners) and all(partners)


def idea_moves(user, idea: ProjectIdea) -> list[str]:
    """The statuses `user` may move `idea` to now: decisions for its deciders, the other moves for
    its managers (kopa.matchmaking.rules.IDEA_TRANSITIONS)."""
    moves = IDEA_TRANSITIONS.get(idea.status, ())
    if not moves:
        return []
    manage = can_manage_idea(user, idea)
    decide = can_decide_idea(user, idea) if any(to in IDEA_DECISIONS for to in moves) else False
    return [to for to in moves if (decide if to in IDEA_DECISIONS else manage)]


def may_move_idea(user, idea: ProjectIdea) -> bool:
    """Whoever manages the idea or decides it moves its status (which moves: `idea_moves`)."""
    return can_manage_idea(user, idea) or can_decide_idea(user, idea)


def require_idea_mover(actor, idea: ProjectIdea) -> None:
    if not may_move_idea(actor, idea):
        raise PermissionDenied()


def _insider_condition(user) -> Q:
    """`can_read_idea` as a condition on ideas: an organisation of the idea is one `user`
    represents or one in their agencies' inventories, or `user` works for the agency organising
    the idea's event."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    ids = represented_organisation_ids(user)
    inventory = staff_scope(user).values("pk")
    partner = IdeaPartner.objects.filter(idea=OuterRef("pk")).filter(
        Q(organisation_id__in=ids) | Q(organisation_id__in=inventory))
    return (Q(coordinator_id__in=ids) | Q(coordinator_id__in=inventory) | Q(Exists(partner))
            | Q(event__organiser_agency_id__in=staff_agency_ids(user)))


def _published_condition() -> Q:
    """`is_idea_published` as a condition on ideas: it has organisations and all of them agreed."""
    partners = IdeaPartner.objects.filter(idea=OuterRef("pk"))
    return Q(Exists(partners)) & ~Q(Exists(partners.filter(publish_consent=False)))


def readable_ideas(user) -> QuerySet[ProjectIdea]:
    """Every idea `idea_for_reader` hands to `user`: those they may read in full and the published
    ones, as one list."""
    return ProjectIdea.objects.filter(_insider_condition(user) | _published_condition())


def insider_idea_ids(user, ids) -> set[int]:
    """Which of the ideas `ids` `user` reads in full (`can_read_idea`), in one query."""
    return set(ProjectIdea.objects.filter(_insider_condition(user), pk__in=list(ids)).values_list("pk", flat=True))


def idea_for_reader(*, user, pk) -> ProjectIdea:
    """An idea `user` may read, or a published one. Raises NotFound."""
    found = ProjectIdea.objects.filter(pk=_pk(pk)).select_related("coordinator", "event", "project").first()
    if found is None or not (can_read_idea(user, found) or is_idea_published(found)):
        raise NotFound()
    return found


def own_idea(*, user, pk) -> ProjectIdea:
    """An idea `user` may change (its coordinator's). Raises NotFound."""
    found = ProjectIdea.objects.filter(pk=_pk(pk)).select_related("coordinator", "event").first()
    if found is None or not can_manage_idea(user, found):
        raise NotFound()
    return found


def idea_scope(user) -> QuerySet[ProjectIdea]:
    """The ideas whose coordinator or a partner is in the inventories of `user`'s agencies."""
    orgs = staff_scope(user)
    return ProjectIdea.objects.filter(Q(coordinator__in=orgs) | Q(partners__organisation__in=orgs)).distinct()


# --- mentor pairing --------------------------------------------------------------------------------
# Pairing a campaign's newcomers with mentors records interactions on the campaign: the admins and
# staff of the campaign's agency do it. Everyone else, the agency's observers included, gets a 404.


def may_pair_mentors(user, campaign: Campaign) -> bool:
    return can_manage_campaign(user, campaign)


def require_pairing_officer(actor, campaign: Campaign) -> None:
    if not may_pair_mentors(actor, campaign):
        raise PermissionDenied()


def campaign_for_pairing(*, user, pk) -> Campaign:
    """A campaign whose newcomers `user` may pair with mentors. Raises NotFound."""
    campaign = campaign_for_staff(user=user, pk=_pk(pk))
    if not may_pair_mentors(user, campaign):
        raise NotFound()
    return campaign


A = Audience

POLICY = {
    "matchmaking:staff_list": Rule(read=A.ANY_AGENCY),
    "matchmaking:staff_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "matchmaking:staff_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "matchmaking:meetings_staff": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "matchmaking:meetings_requests": Rule(read=A.OWNER, write=A.NOBODY),
    "matchmaking:meetings_plan": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "matchmaking:meetings_participants": Rule(read=A.OWNER, write=A.OWNER_NEED_TO_KNOW),
    "matchmaking:meetings_schedule": Rule(read=A.NOBODY, write=A.OWNER_WRITER),
    "matchmaking:meetings_publish": Rule(read=A.NOBODY, write=A.OWNER_WRITER),
    "api-v1:meeting-participant-list": Rule(read=A.REGISTRANT, obj="meetings_event_event"),
    "api-v1:meeting-request-list": Rule(read=A.REGISTRANT, write=A.REGISTRANT, obj="meetings_event_event"),
    "api-v1:meeting-request-answer": Rule(read=A.NOBODY, write=A.REGISTRANT, obj="meetings_event_event"),
    "api-v1:meeting-profile": Rule(read=A.REGISTRANT, write=A.REGISTRANT, obj="meetings_event_event"),
    # The matrix names the event's id as the request's: no such request of the participant's.
    "api-v1:meeting-request-cancel": Rule(read=A.NOBODY, write=A.REGISTRANT, obj="meetings_event_event",
                                          empty_change_not_found=True),
    "api-v1:meeting-agenda": Rule(read=A.REGISTRANT, obj="meetings_event_event"),
    "api-v1:meeting-schedule": Rule(read=A.OWNER, obj="meetings_event_event"),
    "matchmaking:idea_staff_list": Rule(read=A.ANY_AGENCY),
    "matchmaking:idea_staff_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "matchmaking:idea_staff_event": Rule(read=A.OWNER),
    "matchmaking:pairing": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "api-v1:partner-request-list": Rule(read=A.PUBLIC, write=A.SIGNED_IN),
    "api-v1:partner-request-detail": Rule(read=A.PUBLIC, write=A.OWNER_WRITER, obj="partner_request"),
    "api-v1:partner-request-close": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="partner_request"),
    "api-v1:partner-request-suggestions": Rule(read=A.OWNER_WRITER, obj="partner_request"),
    "api-v1:organisation-suggestions": Rule(read=A.OWNER, obj="staff_org"),
    # Project ideas: the list shows each reader what they may read; the idea of the matrix is
    # coordinated by an organisation of the owner's inventory and not public.
    "api-v1:project-idea-list": Rule(read=A.PUBLIC, write=A.SIGNED_IN),
    "api-v1:project-idea-detail": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="staff_project_idea"),
    "api-v1:project-idea-status": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="staff_project_idea"),
    "api-v1:project-idea-consent": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="staff_project_idea"),
}
