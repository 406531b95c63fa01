"""Writing data-protection requests: recording one, changing its status, extending its deadline and
granting an erasure. Every change is in the request's history, visible to its agency only."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.core import audit, privacy
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.forms import EARLIEST_DATE
from kopa.core.models import AuditEntry
from kopa.directory import rules
from kopa.directory.dataprotection.selectors import dp_subject
from kopa.directory.models import DataProtectionRequest, Person
from kopa.directory.people.services import person_erase

S = DataProtectionRequest.Status
# Which status may follow which; a closed request (done, refused) stays closed.
TRANSITIONS = {
    S.OPEN: {S.IN_PROGRESS, S.DONE, S.REFUSED},
    S.IN_PROGRESS: {S.OPEN, S.DONE, S.REFUSED},
    S.DONE: set(),
    S.REFUSED: set(),
}
AUDITED = ("status", "resolution_note", "handled_by", "closed_at", "extended_until", "extension_reason")


def _check_received_on(received_on: date, today: date) -> None:
    if received_on > today:
        raise ValidationFailed(_("The request cannot have been received in the future."), field="received_on")
    if received_on < EARLIEST_DATE:
        raise ValidationFailed(_("Enter a date after 1900."), field="received_on")


@transaction.atomic
def dp_request_create(*, actor, agency, kind: str, subject_name: str, subject_email: str,
                      received_on: date, link_account: bool = False, person: Person | None = None,
                      today: date | None = None) -> DataProtectionRequest:
    """Record a request received by `agency`; its answer is due 30 days after `received_on`.
    `link_account`: link the active Kopa account with `subject_email`, when there is one.
    Returns the request. Raises PermissionDenied, ValidationFailed."""
    require_agency_staff(actor, agency)
    _check_received_on(received_on, today or timezone.localdate())
    if link_account and not subject_email:
        raise ValidationFailed(_("Give the person's e-mail address to find their account."),
                               field="subject_email")
    user = None
    if link_account:
        user = get_user_model().objects.filter(email__iexact=subject_email.strip(), is_active=True).first()
        if user is None:
            raise ValidationFailed(_("No Kopa account has this e-mail address."), field="subject_email")
    request = DataProtectionRequest.objects.create(
        agency=agency, kind=kind, subject_name=subject_name.strip(), subject_email=subject_email.strip(),
        user=user, person=person, received_on=received_on, due_on=rules.dp_due_on(received_on),
        handled_by=actor,
    )
    audit.record(actor=actor, obj=request, action=AuditEntry.Action.CREATE,
                 changes={"kind": [None, kind], "received_on": [None, received_on.isoformat()],
                          "status": [None, request.status]},
                 private_to=agency)
    return request


def _save_audited(*, actor, request: DataProtectionRequest, before: dict) -> None:
    request.save()
    changes = audit.diff(before, audit.snapshot(request, AUDITED))
    if changes:
        audit.record(actor=actor, obj=request, action=AuditEntry.Action.UPDATE, changes=changes,
                     private_to=request.agency_id)


@transaction.atomic
def dp_request_status_set(*, actor, request: DataProtectionRequest, status: str, note: str = "",
                          now=None) -> DataProtectionRequest:
    """Move `request` to `status` with a resolution note (a refusal needs one). Raises
    PermissionDenied, Conflict (a closed request or a move the table does not allow), ValidationFailed."""
    require_agency_staff(actor, request.agency_id)
    request = DataProtectionRequest.objects.select_for_update().get(pk=request.pk)
    if status not in TRANSITIONS.get(request.status, set()):
        raise Conflict(_("This request is closed, or cannot move to this status."))
    if status == S.REFUSED and not note.strip():
        raise ValidationFailed(_("Say why the request is refused: the person must be told."), field="note")
    before = audit.snapshot(request, AUDITED)
    request.status = status
    if note.strip():
        request.resolution_note = note.strip()
    request.handled_by = actor
    if status in DataProtectionRequest.CLOSED:
        request.closed_at = now or timezone.now()
    _save_audited(actor=actor, request=request, before=before)
    return request


@transaction.atomic
def dp_request_extend(*, actor, request: DataProtectionRequest, until: date, reason: str) -> DataProtectionRequest:
    """Extend `request`'s deadline once, by up to two months, with the reason the person is told.
    Raises PermissionDenied, Conflict (closed or extended already), ValidationFailed."""
    require_agency_staff(actor, request.agency_id)
    request = DataProtectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.is_closed or request.extended_until is not None:
        raise Conflict(_("The deadline of this request can no longer be extended."))
    if not request.due_on < until <= rules.dp_latest_extension(request.due_on):
        raise ValidationFailed(_("Choose a day after the current deadline and at most two months later."),
                               field="until")
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the extension."), field="reason")
    before = audit.snapshot(request, AUDITED)
    request.extended_until = until
    request.extension_reason = reason.strip()
    request.handled_by = actor
    _save_audited(actor=actor, request=request, before=before)
    return request


@transaction.atomic
def dp_request_erase(*, actor, request: DataProtectionRequest, now=None) -> DataProtectionRequest:
    """Grant an erasure request: delete the linked account as "Delete my account" does (its
    registrations, person records, tokens), erase the registrations and person records of the
    request's address and of the linked directory person's address, and remove the linked directory
    person (their history keeps only "person #<id>"); then close the request as done. Raises PermissionDenied, Conflict (not an
    erasure request, closed, nothing linked, or the account is agency staff)."""
    require_agency_staff(actor, request.agency_id)
    now = now or timezone.now()
    request = DataProtectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != DataProtectionRequest.Kind.ERASURE or request.is_closed:
        raise Conflict(_("Only an open erasure request can be carried out."))
    if request.user_id is None and request.person_id is None:
        raise Conflict(_("Link the person's account or directory record first."))
    person = request.person
    # What the access export of the same request shows: the account, the address the request gives
    # and the directory person, with the registrations made with the person's own address.
    subject = dp_subject(request)
    privacy.erase(subject, actor=actor, now=now)
    if person is not None and person.email and person.email.strip().lower() not in subject.emails:
        privacy.erase(privacy.Subject(email=person.email), actor=actor, now=now)
    if person is not None and Person.objects.filter(pk=person.pk).exists():
        person_erase(actor=actor, person=person, system=True)
    request.refresh_from_db()
    before = audit.snapshot(request, AUDITED)
    request.status = S.DONE
    request.closed_at = now
    request.handled_by = actor
    if not request.resolution_note:
        request.resolution_note = _("The data was erased.")
    _save_audited(actor=actor, request=request, before=before)
    return request
