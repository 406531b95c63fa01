"""Writes about partner requests: posting, changing and closing a request, the closing job, staff
hiding one, "I'm interested" and the poster's answer. Each in one transaction, audited; the public
pages' cache family "matchmaking" is bumped by every change the public sees."""

from datetime import date

from django_countries import countries as all_countries

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.i18n import clean_texts
from kopa.core.pagecache import changed
from kopa.directory.models import Organisation
from kopa.matchmaking import notifications
from kopa.matchmaking.access import (
    require_moderator,
    require_poster,
    require_representative,
    require_request_manager,
)
from kopa.matchmaking.models import Interest, PartnerRequest

FAMILY = "matchmaking"
SCALARS = ("action", "round", "closes_on", "countries", "roles")
LINKS = ("target_groups", "themes", "working_languages")
MESSAGE_MAX = 2000


def _validated(data: dict, *, today: date, creating: bool) -> dict:
    errors = {}
    title = clean_texts(data.get("title"))
    if not any(title.values()):
        errors["title"] = [_("Give the request a title in at least one language.")]
    closes_on = data.get("closes_on")
    if closes_on is None:
        errors["closes_on"] = [_("Give the closing date.")]
    elif creating and closes_on < today:
        errors["closes_on"] = [_("The closing date cannot be in the past.")]
    known = set(all_countries.countries)
    if any(code not in known for code in data.get("countries") or []):
        errors["countries"] = [_("Choose countries from the list.")]
    if any(role not in PartnerRequest.Role.values for role in data.get("roles") or []):
        errors["roles"] = [_("Choose roles from the list.")]
    if not data.get("roles"):
        errors["roles"] = [_("Choose at least one role you look for.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return {**data, "title": title, "description": clean_texts(data.get("description"))}


def _save(request: PartnerRequest, data: dict) -> None:
    request.title, request.description = data["title"], data["description"]
    for name in SCALARS:
        setattr(request, name, data.get(name) or ([] if name in ("countries", "roles") else data.get(name)))
    request.full_clean(exclude=["organisation", "posted_by", "hidden_by", *LINKS])
    request.save()
    for name in LINKS:
        getattr(request, name).set(data.get(name) or [])


@transaction.atomic
def request_create(*, actor, organisation: Organisation, data: dict) -> PartnerRequest:
    """Post a partner request for `organisation` (its representative, or agency staff on its behalf)."""
    require_poster(actor, organisation)
    data = _validated(data, today=timezone.localdate(), creating=True)
    request = PartnerRequest(organisation=organisation, posted_by=actor)
    _save(request, data)
    audit.record(actor=actor, obj=request, action="create", changes=audit.diff({}, audit.snapshot(request)))
    changed(FAMILY)
    return request


@transaction.atomic
def request_update(*, actor, request: PartnerRequest, data: dict) -> PartnerRequest:
    require_request_manager(actor, request)
    if not request.is_open:
        raise Conflict(_("A closed request cannot be changed."))
    data = _validated(data, today=timezone.localdate(), creating=data.get("closes_on") != request.closes_on)
    before = audit.snapshot(request)
    _save(request, data)
    audit.record(actor=actor, obj=request, action="update", changes=audit.diff(before, audit.snapshot(request)))
    changed(FAMILY)
    return request


def _close(request: PartnerRequest, reason: str) -> None:
    request.status, request.closed_reason, request.closed_at = (
        PartnerRequest.Status.CLOSED, reason, timezone.now())
    request.save(update_fields=["status", "closed_reason", "closed_at", "updated_at"])


@transaction.atomic
def request_close(*, actor, request: PartnerRequest, reason: str) -> PartnerRequest:
    """The poster closes their request: partners found, or withdrawn."""
    require_request_manager(actor, request)
    if reason not in (PartnerRequest.ClosedReason.FOUND, PartnerRequest.ClosedReason.WITHDRAWN):
        raise ValidationFailed(fields={"reason": [_("Choose why the request closes.")]})
    request = PartnerRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise Conflict(_("This request is already closed."))
    _close(request, reason)
    audit.record(actor=actor, obj=request, action="close", changes={"closed_reason": ["", reason]})
    changed(FAMILY)
    return request


@transaction.atomic
def requests_expire(*, today: date | None = None) -> int:
    """Close, as expired, every open request whose closing date has passed."""
    today = today or timezone.localdate()
    count = 0
    for request in PartnerRequest.objects.select_for_update().filter(
            status=PartnerRequest.Status.OPEN, closes_on__lt=today):
        _close(request, PartnerRequest.ClosedReason.EXPIRED)
        audit.record(actor=None, obj=request, action="expire", changes={"closed_reason": ["", "expired"]})
        count += 1
    if count:
        changed(FAMILY)
    return count


@transaction.atomic
def request_hide(*, actor, request: PartnerRequest, reason: str) -> PartnerRequest:
    """Agency staff take a request off the public pages, with the reason the poster is told."""
    require_moderator(actor, request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": [_("Say why the request is hidden: the poster is told.")]})
    request.hidden, request.hidden_reason, request.hidden_by = True, reason, actor
    request.save(update_fields=["hidden", "hidden_reason", "hidden_by", "updated_at"])
    audit.record(actor=actor, obj=request, action="hide", changes={"hidden_reason": ["", reason]})
    notifications.request_hidden(request)
    changed(FAMILY)
    return request


@transaction.atomic
def request_unhide(*, actor, request: PartnerRequest) -> PartnerRequest:
    require_moderator(actor, request)
    before = request.hidden_reason
    request.hidden, request.hidden_reason, request.hidden_by = False, "", None
    request.save(update_fields=["hidden", "hidden_reason", "hidden_by", "updated_at"])
    audit.record(actor=actor, obj=request, action="unhide", changes={"hidden_reason": [before, ""]})
    changed(FAMILY)
    return request


@transaction.atomic
def interest_send(*, actor, request: PartnerRequest, organisation: Organisation, message: str) -> Interest:
    """"I'm interested": `organisation` (which `actor` represents) writes to the poster."""
    require_representative(actor, organisation)
    message = (message or "").strip()
    if not message:
        raise ValidationFailed(fields={"message": [_("Write a short message to the poster.")]})
    if len(message) > MESSAGE_MAX:
        raise ValidationFailed(fields={"message": [_("Keep the message under %(count)s characters.")
                                                   % {"count": MESSAGE_MAX}]})
    if organisation.pk == request.organisation_id:
        raise ValidationFailed(fields={"organisation": [_("This is your own organisation's request.")]})
    if not request.is_open or request.hidden:
        raise Conflict(_("This request is closed."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(request=request, organisation=organisation, sent_by=actor,
                                               message=message)
    except IntegrityError as exc:
        raise Conflict(_("%(name)s has already said it is interested.") % {"name": organisation.legal_name}) from exc
    audit.record(actor=actor, obj=interest, action="create", changes={"organisation": [None, str(organisation)]})
    notifications.interest_received(interest)
    return interest


@transaction.atomic
def interest_answer(*, actor, interest: Interest, accept: bool, answer: str = "",
                    close_as_found: bool = False) -> Interest:
    """The poster accepts an interested organisation as a partner (both then see each other's
    address) or declines it; accepting may close the request as found."""
    request = interest.request
    require_request_manager(actor, request)
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != Interest.Status.SENT:
        raise Conflict(_("This interest is already answered."))
    interest.status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    interest.answer, interest.answered_by, interest.answered_at = (answer or "").strip(), actor, timezone.now()
    interest.save()
    audit.record(actor=actor, obj=interest, action="answer", changes={"status": ["sent", interest.status]})
    if accept and close_as_found and request.is_open:
        _close(request, PartnerRequest.ClosedReason.FOUND)
        audit.record(actor=actor, obj=request, action="close", changes={"closed_reason": ["", "found"]})
        changed(FAMILY)
    notifications.interest_answered(interest)
    return interest
