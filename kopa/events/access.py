"""Gates: one function per permission question about events, used by pages, the API and services.

- Pages and the API look objects up through the `NotFound` gates (`organised_event`,
  `own_registration`, `registrations_access`, `staff_registration`): a stranger cannot tell that an
  event's back office or someone else's registration exists (the web adapter answers 404).
- Services check their actor with the `require_…` gates, which raise `PermissionDenied`.
- The `is_…`/`may_…` predicates answer the question without raising, for pages that show or hide a
  button.

Who works for which agency is the agencies app's question (`kopa.agencies.selectors`): the host
agency organises an event; the sending agency is the national agency of an applicant's sending
country (a network is never a sending agency).

Reading and changing are separate questions: `is_organiser`/`is_sending_staff` (any role of the
agency, observer included) open the staff pages; `may_organise`/`is_sending_writer` (admin or staff)
open every change. Observers never read participants' need-to-know data (access needs, diet,
emergency contacts): `may_read_participant_needs`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import (
    is_agency_member,
    is_agency_writer,
    sending_agencies,
    sending_countries,
    staff_agency_ids,
    writer_agency_ids,
)
from kopa.core.errors import Conflict, NotFound, PermissionDenied
from kopa.events.models import (
    HELD_STATUSES,
    PARTICIPANT_STATUSES,
    Event,
    PrivacyCounts,
    Registration,
)

S = Registration.Status


# --- the questions -------------------------------------------------------------------------------


def is_organiser(user, event: Event) -> bool:
    """Whether `user` works for the agency that organises `event` (a superuser works for all)."""
    return is_agency_member(user, event.organiser_agency_id)


def may_organise(user, event: Event) -> bool:
    """Whether `user` may change `event` and its registrations: admin or staff of the host agency."""
    return is_agency_writer(user, event.organiser_agency_id)


def may_read_participant_needs(user, event: Event) -> bool:
    """Participants' need-to-know data (access needs, diet, emergency contacts, what they answered
    about their health) is for those who organise the event: admins and staff of the host agency,
    never observers."""
    return may_organise(user, event)


def is_sending_writer(user, country: str) -> bool:
    """Whether `user` may act as the sending agency of `country`'s applicants (admin or staff)."""
    ids = writer_agency_ids(user)
    return bool(ids) and sending_agencies(country).filter(id__in=ids).exists()


def is_sending_staff(user, country: str) -> bool:
    """Whether `user` works for the national agency of `country`, the sending agency of its
    applicants (a youth network in that country is not)."""
    ids = staff_agency_ids(user)
    return bool(ids) and sending_agencies(country).filter(id__in=ids).exists()


def is_registrant(user, registration: Registration) -> bool:
    """Whether `user` is the person registered, by their account."""
    return (
        registration.user_id is not None
        and getattr(user, "is_authenticated", False)
        and user.pk == registration.user_id
    )


def owns_email(user, email: str) -> bool:
    """Whether `email` is the address of `user`'s verified (active) account."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(email) and (user.email or "").strip().lower() == email.strip().lower()


def may_decide(user, registration: Registration, to: str) -> bool:
    """Whether `user` may move `registration` to `to` as an organiser (the transition table decides
    separately whether the move exists): the sending agency preselects and rejects its applicants;
    the host agency decides the rest, and may also reject once an applicant is preselected. Only
    the owner of its address confirms an unconfirmed registration."""
    if registration.status == S.UNCONFIRMED:
        return False
    if to == S.PRESELECTED or (to == S.REJECTED and registration.status == S.APPLIED):
        return is_sending_writer(user, registration.sending_country.code)
    if to == S.REJECTED:
        return is_sending_writer(user, registration.sending_country.code) or may_organise(
            user, registration.event
        )
    return may_organise(user, registration.event)


# --- gates for services: PermissionDenied -------------------------------------------------------


def require_organiser(actor, event: Event) -> None:
    """Raise PermissionDenied unless `actor` may change `event` (admin or staff of its agency)."""
    if not may_organise(actor, event):
        raise PermissionDenied()


def require_registrant(
    actor, registration: Registration, *, link=None, actions: tuple[str, ...] = ()
) -> None:
    """Raise PermissionDenied unless `actor` is the person registered, or holds an e-mail link for
    this registration and one of `actions` (`kopa.events.registration.links`)."""
    if link is not None and link.allows(registration, actions):
        return
    if not is_registrant(actor, registration):
        raise PermissionDenied()


def require_registrant_or_organiser(
    actor, registration: Registration, *, link=None, actions: tuple[str, ...] = (), offer=None
) -> None:
    """Only the registered person (or the host agency's staff) may act on a registration, or
    whoever holds an e-mail link for this registration (and `offer`) and one of `actions`
    (`kopa.events.registration.links`). Raises PermissionDenied."""
    if link is not None and link.allows(registration, actions, offer=offer):
        return
    if not (is_registrant(actor, registration) or may_organise(actor, registration.event)):
        raise PermissionDenied()


def require_place_holder(actor, registration: Registration) -> None:
    """Only the registered person or the event's organisers act, only for a participant (who has
    accepted their place: an open offer or an unconfirmed selection is not enough), and only while
    the event's private data is kept. Raises PermissionDenied, Conflict."""
    require_registrant_or_organiser(actor, registration)
    if registration.status not in PARTICIPANT_STATUSES:
        raise Conflict(_("Please accept your place first: this is for participants."))
    if PrivacyCounts.objects.filter(event_id=registration.event_id).exists():
        raise Conflict(_("The private data of this event has already been deleted."))


# --- gates for pages and the API: NotFound -------------------------------------------------------


def organised_event(*, user, pk: int) -> Event:
    """The event `pk` if `user` organises it (staff of its agency, or a superuser). Raises NotFound
    for anyone else."""
    event = (
        Event.objects.select_related(
            "organiser_agency",
            "organiser_organisation",
            "partnership",
            "strand",
            "cycle",
            "project",
        )
        .prefetch_related("working_languages")
        .filter(pk=pk)
        .first()
    )
    if event is None or not is_organiser(user, event):
        raise NotFound()
    return event


def organised_event_with_needs(*, user, pk: int) -> Event:
    """The event `pk` for the pages that show participants' need-to-know data (access needs, diets,
    travel origins, rooms): admins and staff of the host agency, never observers. Raises NotFound."""
    event = organised_event(user=user, pk=pk)
    if not may_read_participant_needs(user, event):
        raise NotFound()
    return event


def own_registration(
    *, user, pk: int, held: bool = False, participant: bool = False
) -> Registration:
    """`user`'s own registration `pk`, with its event; with `held`, only while it holds a place;
    with `participant`, only once the place is accepted (PARTICIPANT_STATUSES).
    Raises NotFound, also for anyone else's."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    qs = Registration.objects.select_related("event").filter(pk=pk, user_id=user.pk)
    if held:
        qs = qs.filter(status__in=HELD_STATUSES)
    if participant:
        qs = qs.filter(status__in=PARTICIPANT_STATUSES)
    registration = qs.first()
    if registration is None:
        raise NotFound()
    return registration


def staff_registration(*, user, pk: int) -> Registration:
    """A registration `user` may decide on: as its event's organiser, or as the sending agency of
    its applicant. Raises NotFound for anyone else."""
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None or not (
        is_organiser(user, registration.event)
        or is_sending_staff(user, registration.sending_country.code)
    ):
        raise NotFound()
    return registration


@dataclass
class RegistrationsAccess:
    """What one staff member may see of one event's registrations."""

    event: Event
    host: bool
    countries: list[str]  # the sending countries whose applicants they may see (host: all)
    needs: bool = False  # whether they may know who declared access needs (the host's admins and staff)


def registrations_access(*, user, pk: int) -> RegistrationsAccess:
    """The host agency sees every registration; a sending agency its own country's applicants of
    an application event. Raises NotFound for anyone else."""
    event = Event.objects.select_related("organiser_agency").filter(pk=pk).first()
    if event is None:
        raise NotFound()
    if is_organiser(user, event):
        return RegistrationsAccess(event=event, host=True, countries=[],
                                   needs=may_read_participant_needs(user, event))
    countries = sending_countries(user)
    if not (event.is_selection and countries):
        raise NotFound()
    return RegistrationsAccess(event=event, host=False, countries=countries)


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

A = Audience

POLICY = {
    "events:staff_list": Rule(read=A.ANY_AGENCY),
    "events:staff_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "events:staff_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "events:staff_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "events:staff_questions": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "events:staff_question_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "events:checkin": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "events:documents": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "events:staff_registrations": Rule(read=A.OWNER_OR_SENDING),
    "events:staff_registration_organisation": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "events:staff_access_needs": Rule(read=A.OWNER_NEED_TO_KNOW),
    "events:staff_kitchen": Rule(read=A.OWNER_NEED_TO_KNOW),
    "events:travel_staff": Rule(read=A.OWNER_NEED_TO_KNOW),
    "events:rides_staff": Rule(read=A.OWNER_NEED_TO_KNOW),
    "events:rooms_staff": Rule(read=A.OWNER_NEED_TO_KNOW, write=A.OWNER_WRITER),
    "events:bands": Rule(read=A.ANY_AGENCY),
    "events:band_edit": Rule(read=A.ANY_ADMIN, write=A.ANY_ADMIN),
    "api-v1:event-list": Rule(read=A.PUBLIC, write=A.ANY_WRITER),
    "api-v1:event-detail": Rule(read=A.PUBLIC, write=A.OWNER_WRITER, obj="calendar_event"),
    "api-v1:event-registrations": Rule(read=A.OWNER, write=A.SIGNED_IN, obj="registration_event"),
    "api-v1:event-check-in": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="checkin_event"),
    "api-v1:registration-transition": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="si_registration"),
    "api-v1:event-rooms": Rule(read=A.OWNER_NEED_TO_KNOW, obj="registration_event"),
    "api-v1:event-travel": Rule(read=A.OWNER_NEED_TO_KNOW, obj="registration_event"),
    "api-v1:my-registration-list": Rule(read=A.SIGNED_IN),
    "api-v1:my-registration-detail": Rule(read=A.REGISTRANT, obj="own_registration"),
    "api-v1:my-registration-cancel": Rule(read=A.NOBODY, write=A.REGISTRANT, obj="own_registration"),
    "api-v1:my-registration-accept": Rule(read=A.NOBODY, write=A.REGISTRANT, obj="own_registration"),
    "api-v1:my-registration-decline": Rule(read=A.NOBODY, write=A.REGISTRANT, obj="own_registration"),
    "api-v1:my-registration-participation": Rule(
        read=A.REGISTRANT, write=A.REGISTRANT, obj="own_registration"),
}
