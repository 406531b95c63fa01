"""Writes about registrations: registering and applying, confirming the e-mail address of a
registration made without an account, cancelling, confirming, and the organisers' decisions on
applications (preselection with a rank, selection, rejection).

A registration from the public form whose e-mail address is not that of the verified account
making it starts unconfirmed: it holds no place and nobody sees it but the address's owner, who
gets a link to confirm it (`registration_email_confirm`). Only then does it get the status it would
have got at once. Whoever owns an address can always claim it: registering again with it replaces
an unconfirmed registration, and the form answers the same whether or not the address was
registered already (the e-mail tells its owner).

Each service is keyword-only and runs in one transaction. Services that may consume a place lock
the event row first (then the registration), so places are counted by one writer at a time and
capacity is never exceeded. Every status change goes through
`kopa.events.registration.states.transition`, which checks the transition table, writes the audit
entry, tells the participant and passes a freed place on. The waiting list's offers are answered in
`kopa.events.registration.waitinglist`.
"""

from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.organisations.selectors import linkable_organisation, registrable_organisation
from kopa.events.access import (
    is_sending_writer,
    may_decide,
    owns_email,
    require_organiser,
    require_registrant_or_organiser,
)
from kopa.events.models import (
    ENDED_STATUSES,
    UNCONFIRMED_HOURS,
    Answer,
    Attendance,
    Event,
    Question,
    Registration,
    check_transition,
)
from kopa.events.notifications import notify
from kopa.events.registration.answers import answers_check
from kopa.events.registration.links import CANCEL, CONFIRM, VERIFY, RegistrationLink
from kopa.events.registration.selectors import places_free, verified_account, waiting_list
from kopa.events.registration.states import lock, offer_free_places, transition
from kopa.events.rules import check_registration_open
from kopa.events.signals import attendance_recorded

S = Registration.Status

REGISTRATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "country_of_residence",
    "organisation_name",
    "role",
    "language",
    "sending_country",
)


def chosen_organisation(*, user, value):
    """The directory organisation a person names as theirs (an id or the organisation), or None.
    They may choose the public directory, the ones they represent and the ones they have a role at.
    Raises ValidationFailed."""
    if value is None or value == "":
        return None
    try:
        return registrable_organisation(user=user, pk=getattr(value, "pk", value))
    except NotFound:
        raise ValidationFailed(
            field="organisation",
            message=_(
                "You cannot choose this organisation. Choose one of yours or one from the public "
                "directory, or type the name of an organisation that is not listed."
            ),
        ) from None


def _new_registration(event: Event, data: dict, user) -> Registration:
    """An unsaved registration from the form's standard fields and the chosen organisation; a
    typed organisation name is kept only as a proposal when none was chosen. Raises
    ValidationFailed."""
    organisation = chosen_organisation(user=user, value=data.get("organisation"))
    if organisation is not None and str(data.get("organisation_name") or "").strip():
        raise ValidationFailed(
            field="organisation_name",
            message=_(
                "Give either an organisation from the directory or the name of one that is not "
                "in it, not both."
            ),
        )
    values = {}
    for name in REGISTRATION_FIELDS:
        value = data.get(name)
        values[name] = value.strip() if isinstance(value, str) else value
    values = {k: v for k, v in values.items() if v not in (None, "")}
    values.setdefault("language", settings.LANGUAGE_CODE)
    if values.get("country_of_residence"):
        values.setdefault("sending_country", values["country_of_residence"])
    registration = Registration(event=event, user=user, organisation=organisation, **values)
    try:
        registration.full_clean(
            exclude=["event", "user", "status", "created_at", "preselection_rank"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise ValidationFailed(
            fields={name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        ) from exc
    return registration


def _initial_status(event: Event) -> str:
    """The status a registration gets once its e-mail address is known: applied for an event with
    selection, else confirmed while places are free and nobody waits, else waitlisted."""
    if event.is_selection:
        return S.APPLIED
    if places_free(event) > 0 and not waiting_list(event).exists():
        return S.CONFIRMED
    return S.WAITLISTED


def _discard(registration: Registration, *, actor=None) -> None:
    """Delete an unconfirmed registration with its answers and their files."""
    for answer in Answer.objects.filter(registration=registration).exclude(file=""):
        answer.file.delete(save=False)
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.DELETE,
        changes={"status": [registration.status, None]},
    )
    registration.delete()


@transaction.atomic
def registration_create(
    *, event: Event, data: dict, user=None, now: datetime | None = None,
    verify_email: bool = False,
) -> tuple[Registration, bool]:
    """Register for `event`: confirmed, waitlisted or applied. The same e-mail twice gets the same
    registration back. Returns (registration, created). Raises ValidationFailed, RegistrationClosed.

    With `verify_email` (the public form), a registration whose address is not that of `user`'s
    verified account starts unconfirmed and its address gets a link to confirm it; when the address
    is registered already, its owner is told by e-mail instead, and the existing registration comes
    back with `created` False."""
    now = now or timezone.now()
    registration = _new_registration(event, data, user)
    # Lock once, as late as possible, before counting places: one writer per event at a time.
    event = Event.objects.select_for_update().get(pk=event.pk)
    check_registration_open(event, now)
    unconfirmed = verify_email and not owns_email(user, registration.email)
    existing = (
        Registration.objects.filter(event=event, email__iexact=registration.email)
        .exclude(status__in=ENDED_STATUSES)
        .first()
    )
    if existing is not None and existing.status == S.UNCONFIRMED:
        # Nobody confirmed it: the newest registration with the address takes its turn, so the
        # address's owner can always claim it.
        _discard(existing)
        existing = None
    if existing is not None:
        if unconfirmed:
            notify(existing, "already_registered")
        return existing, False
    status = S.UNCONFIRMED if unconfirmed else _initial_status(event)
    registration.event = event
    registration.status = status
    registration.created_at = now
    registration.decided_at = now
    registration.save()
    audit.record(
        actor=user,
        obj=registration,
        action=AuditEntry.Action.CREATE,
        changes={"status": [None, status]},
    )
    notify(registration, status)
    if status == S.WAITLISTED:
        # Places can be free while people wait (an offer lapsed and was not yet passed on).
        offer_free_places(event, now)
    return registration, True


@transaction.atomic
def registration_email_confirm(
    *, registration: Registration, link: RegistrationLink, actor=None, now: datetime | None = None
) -> Registration:
    """The owner of the address confirms an unconfirmed registration with the link sent to it: it
    gets the status it would have got when it was made (the places are counted now), and belongs to
    the verified account with that address, if there is one. Raises PermissionDenied,
    IllegalTransition, RegistrationClosed."""
    now = now or timezone.now()
    registration = lock(registration)
    if not link.allows(registration, (VERIFY,)):
        raise PermissionDenied()
    check_transition(registration.status, S.CONFIRMED)
    event = registration.event
    check_registration_open(event, now)
    owner = verified_account(registration.email)
    if owner is not None and registration.user_id != owner.pk:
        registration.user = owner
        registration.save(update_fields=["user"])
    to = _initial_status(event)
    registration = transition(registration, to, actor=actor, now=now)
    if to == S.WAITLISTED:
        offer_free_places(event, now)
    return registration


@transaction.atomic
def registration_email_discard(
    *, registration: Registration, link: RegistrationLink, actor=None
) -> None:
    """The owner of the address did not make this registration: it is deleted.
    Raises PermissionDenied, IllegalTransition."""
    registration = lock(registration)
    if not link.allows(registration, (VERIFY,)):
        raise PermissionDenied()
    if registration.status != S.UNCONFIRMED:
        check_transition(registration.status, S.UNCONFIRMED)
    _discard(registration, actor=actor)


def unconfirmed_expire(*, now: datetime | None = None) -> int:
    """Delete registrations whose e-mail address was not confirmed in time. Returns how many."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=S.UNCONFIRMED, created_at__lte=now - timedelta(hours=UNCONFIRMED_HOURS)
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            registration = Registration.objects.select_for_update().filter(pk=pk).first()
            if registration is None or registration.status != S.UNCONFIRMED:
                continue
            _discard(registration)
            count += 1
    return count


def registrations_claim(*, user) -> int:
    """Give the verified account `user` the registrations made with its e-mail address without an
    account, so that they show in its My events. Returns how many."""
    if not owns_email(user, getattr(user, "email", "")):
        return 0
    return (
        Registration.objects.filter(user__isnull=True, email__iexact=user.email)
        .exclude(status=S.UNCONFIRMED)
        .update(user=user)
    )


@transaction.atomic
def registration_submit(
    *, event: Event, data: dict, answers: dict[int, object], user=None, now: datetime | None = None,
    verify_email: bool = False,
) -> tuple[Registration, bool]:
    """Register or apply for `event` with the answers to its questions, all or nothing. The same
    e-mail again returns the existing registration unchanged. Returns (registration, created).
    Raises ValidationFailed, RegistrationClosed."""
    questions = list(Question.objects.filter(event=event))
    kept = answers_check(questions=questions, answers=answers)
    registration, created = registration_create(
        event=event, data=data, user=user, now=now, verify_email=verify_email
    )
    if not created:
        return registration, False
    saved_files = []
    try:
        for question in questions:
            if question.pk not in kept:
                continue
            answer = Answer(registration=registration, question=question, value=kept[question.pk])
            if question.kind == Question.Kind.FILE:
                upload = answers[question.pk]
                answer.file.save(PurePath(upload.name).name, upload, save=False)
                saved_files.append(answer.file)
            answer.save()
    except Exception:
        for stored_file in saved_files:
            stored_file.delete(save=False)
        raise
    return registration, True


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor, now: datetime | None = None,
    link: RegistrationLink | None = None,
) -> Registration:
    """Withdraw: a held place goes to the next person; a place offered or selected is declined.
    Raises PermissionDenied, IllegalTransition."""
    now = now or timezone.now()
    registration = lock(registration)
    require_registrant_or_organiser(actor, registration, link=link, actions=(CANCEL, CONFIRM))
    to = S.DECLINED if registration.status in (S.SELECTED, S.OFFERED) else S.CANCELLED
    return transition(registration, to, actor=actor, now=now)


@transaction.atomic
def confirm(
    *, registration: Registration, actor, now: datetime | None = None,
    link: RegistrationLink | None = None,
) -> Registration:
    """A selected applicant confirms their place before the deadline.
    Raises PermissionDenied, IllegalTransition, Conflict (too late)."""
    now = now or timezone.now()
    registration = lock(registration)
    require_registrant_or_organiser(actor, registration, link=link, actions=(CONFIRM,))
    check_transition(registration.status, S.CONFIRMED)
    if registration.status == S.SELECTED and now > registration.confirm_by:
        raise Conflict(_("The time to confirm this place has passed."))
    return transition(registration, S.CONFIRMED, actor=actor, now=now)


# --- organisers' corrections and decisions -----------------------------------------------------------------------


@transaction.atomic
def registration_organisation_set(
    *, actor, registration: Registration, organisation
) -> Registration:
    """Link `registration` to `organisation` from the directory, or to none, as its event's
    organiser; a name the person proposed is settled with it. Check-ins already made then count
    for the campaigns that reach the new organisation. Raises PermissionDenied."""
    registration = lock(registration)
    require_organiser(actor, registration.event)
    if organisation is not None:
        try:
            linkable_organisation(user=actor, pk=organisation.pk)
        except NotFound:
            raise PermissionDenied() from None
    before = {
        "organisation": registration.organisation_label,
        "organisation_name": registration.organisation_name,
    }
    registration.organisation = organisation
    registration.organisation_name = ""
    registration.save(update_fields=["organisation", "organisation_name"])
    after = {"organisation": registration.organisation_label, "organisation_name": ""}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit.record(
            actor=actor, obj=registration, action=AuditEntry.Action.UPDATE, changes=changes
        )
    if organisation is not None:
        days = Attendance.objects.filter(registration=registration).values_list("day", flat=True)
        for day in days.order_by("day"):
            attendance_recorded.send(
                sender=Registration, registration=registration, day=day, actor=actor
            )
    return registration


@transaction.atomic
def registration_change_status(
    *, actor, registration: Registration, to: str, now: datetime | None = None
) -> Registration:
    """Change a registration's status as an organiser, following the transition table.
    Raises PermissionDenied, IllegalTransition, EventFull."""
    now = now or timezone.now()
    registration = lock(registration)
    if not may_decide(actor, registration, to):
        raise PermissionDenied()
    return transition(registration, to, actor=actor, now=now)


@transaction.atomic
def preselect(
    *, actor, registration: Registration, rank: int, now: datetime | None = None
) -> Registration:
    """Preselect an applicant with a rank (1 = first choice), or change the rank of a preselected one.
    Only the sending agency of the applicant's country may. Raises PermissionDenied,
    ValidationFailed, IllegalTransition."""
    now = now or timezone.now()
    registration = lock(registration)
    if not is_sending_writer(actor, registration.sending_country.code):
        raise PermissionDenied(
            _("Only the agency of the applicant's sending country can preselect and rank them.")
        )
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise ValidationFailed(
            field="preselection_rank", message=_("The rank is a whole number from 1 upwards.")
        )
    previous = registration.preselection_rank
    registration.preselection_rank = rank
    if registration.status == S.PRESELECTED:
        registration.save(update_fields=["preselection_rank"])
        audit.record(
            actor=actor,
            obj=registration,
            action=AuditEntry.Action.UPDATE,
            changes={"preselection_rank": [previous, rank]},
        )
        return registration
    return transition(
        registration,
        S.PRESELECTED,
        actor=actor,
        now=now,
        changes={"preselection_rank": [previous, rank]},
    )


def select(*, actor, registration: Registration, now: datetime | None = None) -> Registration:
    """The host agency selects a preselected applicant, within the places left.
    Raises PermissionDenied, IllegalTransition, EventFull."""
    return registration_change_status(
        actor=actor, registration=registration, to=S.SELECTED, now=now
    )


def reject(*, actor, registration: Registration, now: datetime | None = None) -> Registration:
    """Turn an applicant down: the sending agency before preselection, it or the host after.
    Raises PermissionDenied, IllegalTransition."""
    return registration_change_status(
        actor=actor, registration=registration, to=S.REJECTED, now=now
    )


def selections_expire(*, now: datetime | None = None) -> int:
    """Decline selected applicants who did not confirm in time and select the next ones;
    one transaction per applicant. Returns how many selections lapsed."""
    now = now or timezone.now()
    selected = Registration.objects.filter(status=S.SELECTED).select_related("event")
    lapsed = [r.pk for r in selected if r.confirm_by is not None and now > r.confirm_by]
    count = 0
    for pk in lapsed:
        with transaction.atomic():
            registration = lock(Registration.objects.get(pk=pk))
            if registration.status != S.SELECTED or now <= registration.confirm_by:
                continue
            transition(registration, S.DECLINED, actor=None, now=now, notice="selection_expired")
            count += 1
    return count
