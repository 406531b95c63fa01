"""Gates of matchmaking: who may post, answer and moderate partner requests, and whose suggested
partners a user may read.

A partner request belongs to its organisation: the organisation's approved representatives and the
admins and staff of an agency whose inventory holds it post, change and answer it (the directory's
`can_manage_organisation`). Staff of such an agency (any role) see it in the moderation list; its
admins and staff hide it. Anyone sees a request that is not hidden. "I'm interested" is sent on
behalf of an organisation the sender represents. Suggested partners of an organisation are for
those who may read its full record (its representatives and its agencies' people).
"""

from django.db.models import Q, QuerySet

from kopa.agencies.policy import Audience, Rule
from kopa.core.errors import NotFound, PermissionDenied
from kopa.directory.access import (
    can_manage_organisation,
    can_read_organisation_contacts,
    represented_organisation_ids,
    staff_scope,
    staff_write_scope,
)
from kopa.directory.models import Organisation
from kopa.events.access import is_organiser
from kopa.matchmaking.models import Interest, PartnerRequest, ProjectIdea


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


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

A = Audience

POLICY = {
    "matchmaking:staff_list": Rule(read=A.ANY_AGENCY),
    "matchmaking:staff_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "matchmaking:staff_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "matchmaking:idea_staff_list": Rule(read=A.ANY_AGENCY),
    "matchmaking:idea_staff_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "matchmaking:idea_staff_event": Rule(read=A.OWNER),
    "api-v1:partner-request-list": Rule(read=A.PUBLIC, write=A.SIGNED_IN),
    "api-v1:partner-request-detail": Rule(read=A.PUBLIC, obj="partner_request"),
    "api-v1:organisation-suggestions": Rule(read=A.OWNER, obj="staff_org"),
}
