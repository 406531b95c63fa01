"""Gates of matchmaking: who may post, answer and moderate partner requests, and whose suggested
partners a user may read.

A partner request belongs to its organisation: the organisation's approved representatives and the
admins and staff of an agency whose inventory holds it post, change and answer it (the directory's
`can_manage_organisation`). Staff of such an agency (any role) see it in the moderation list; its
admins and staff hide it. Anyone sees a request that is not hidden. "I'm interested" is sent on
behalf of an organisation the sender represents. Suggested partners of an organisation are for
those who may read its full record (its representatives and its agencies' people).
"""

from django.db.models import QuerySet

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
from kopa.matchmaking.models import Interest, PartnerRequest


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


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

A = Audience

POLICY = {
    "matchmaking:staff_list": Rule(read=A.ANY_AGENCY),
    "matchmaking:staff_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "matchmaking:staff_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "api-v1:partner-request-list": Rule(read=A.PUBLIC, write=A.SIGNED_IN),
    "api-v1:partner-request-detail": Rule(read=A.PUBLIC, obj="partner_request"),
    "api-v1:organisation-suggestions": Rule(read=A.OWNER, obj="staff_org"),
}
