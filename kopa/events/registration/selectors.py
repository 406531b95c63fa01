"""Reads about registrations: places and the waiting list, the registration form, the participant's
area and the organisers' registration pages, aware of who is asking.

Private participation data is read only here and only for the event's organisers: the needs flag
(a yes, never the text), the access-needs page and the kitchen list (diets only).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kopa.core import audit
from kopa.core.errors import NotFound, PermissionDenied
from kopa.directory.organisations.selectors import (
    OrganisationFilters,
    affiliated_organisations,
    linkable_organisation,
    linkable_organisation_list,
    registrable_organisation,
    registrable_organisation_list,
    represented_organisations,
)
from kopa.events.access import RegistrationsAccess, is_organiser, is_sending_staff, may_decide
from kopa.events.models import (
    ENDED_STATUSES,
    HELD_STATUSES,
    PARTICIPANT_STATUSES,
    TRANSITIONS,
    Answer,
    Barrier,
    Event,
    ParticipationDetails,
    PrivacyCounts,
    Question,
    Registration,
    WaitingListOffer,
)
from kopa.events.rules import RegistrationClosed, barrier_counts, check_registration_open

S = Registration.Status


# --- places and the waiting list -----------------------------------------------------------------


def places_held(event: Event) -> int:
    """Places taken: confirmed (and later attended or no-show) + selected + open offers."""
    return Registration.objects.filter(event=event, status__in=HELD_STATUSES).count()


def places_free(event: Event) -> int:
    return max(event.capacity - places_held(event), 0)


def waiting_list(event: Event) -> QuerySet[Registration]:
    """The people waiting for a place, first come first: by when they joined the list (a
    registration whose address was confirmed later joins it then)."""
    return Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by(
        "decided_at", "id"
    )


def waiting_position(registration: Registration) -> int | None:
    """The person's place in the queue of their event's waiting list (1 is next), or None."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        waiting_list(registration.event)
        .filter(
            Q(decided_at__lt=registration.decided_at)
            | Q(decided_at=registration.decided_at, id__lte=registration.pk)
        )
        .count()
    )


def next_preselected(event: Event, *, country: str | None = None) -> Registration | None:
    """The next preselected applicant: best rank first, then arrival; of `country` when given."""
    qs = Registration.objects.filter(event=event, status=Registration.Status.PRESELECTED)
    if country:
        qs = qs.filter(sending_country=country)
    return qs.order_by(F("preselection_rank").asc(nulls_last=True), "id").first()


def registrations_for_sending_country(
    *, user, event: Event, country: str
) -> QuerySet[Registration]:
    """Applicants of `event` sent from `country`, by preselection rank then arrival.

    Only the sending agency of `country` and the host agency may see them. Raises PermissionDenied.
    """
    if not (is_organiser(user, event) or is_sending_staff(user, country)):
        raise PermissionDenied()
    return Registration.objects.filter(event=event, sending_country=country).order_by(
        F("preselection_rank").asc(nulls_last=True), "id"
    )


# --- the registration form -------------------------------------------------------------------------


def event_for_registration(*, pk: int) -> Event:
    """A published or cancelled event a person may try to register for. Raises NotFound."""
    event = Event.objects.filter(
        pk=pk, status__in=(Event.Status.PUBLISHED, Event.Status.CANCELLED)
    ).first()
    if event is None:
        raise NotFound()
    return event


def registration_questions(event: Event) -> list[Question]:
    return list(Question.objects.filter(event=event).select_related("show_if_question"))


def closed_reason(event: Event, *, now: datetime | None = None) -> str | None:
    """Why registration is closed now, in words for the person, or None when it is open."""
    try:
        check_registration_open(event, now or timezone.now())
    except RegistrationClosed as exc:
        return str(exc.message)
    return None


def joins_waiting_list(event: Event) -> bool:
    """Whether a new registration for this open event would wait for a place."""
    return not event.is_selection and (places_free(event) <= 0 or waiting_list(event).exists())


def active_registration(*, user, event: Event) -> Registration | None:
    """`user`'s own current registration for `event`, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status__in=ENDED_STATUSES)
        .exclude(status=S.UNCONFIRMED)
        .first()
    )


@dataclass
class OrganisationOptions:
    """The organisations a form offers: the person's own (approved representations, then roles),
    the directory search's results (and an organisation chosen earlier), and the search made."""

    represented: list = field(default_factory=list)
    affiliated: list = field(default_factory=list)
    found: list = field(default_factory=list)
    query: str = ""
    searched: bool = False
    results: int = 0  # how many organisations the search adds to the choices
    more: bool = False  # the search found more than the form shows

    @property
    def own(self) -> list:
        return self.represented + self.affiliated

    @property
    def default(self):
        """A representative takes part for the organisation they represent unless they choose."""
        return self.represented[0] if self.represented else None


SEARCH_LIMIT = 20


def _with_search(options: OrganisationOptions, qs, *, q: str, chosen, resolve) -> OrganisationOptions:
    known = {org.pk for org in options.own + options.found}
    q = (q or "").strip()
    if q:
        rows = list(qs(q).exclude(pk__in=known).order_by("legal_name", "id")[: SEARCH_LIMIT + 1])
        options.found += rows[:SEARCH_LIMIT]
        options.results = len(rows[:SEARCH_LIMIT])
        options.more = len(rows) > SEARCH_LIMIT
        options.query, options.searched = q, True
    known |= {org.pk for org in options.found}
    if chosen not in (None, "") and str(chosen).strip() not in {str(pk) for pk in known}:
        try:
            options.found.insert(0, resolve(chosen))
        except NotFound:
            pass  # not offered: the form says so next to the field
    return options


def registration_organisation_options(*, user, q: str = "", chosen=None) -> OrganisationOptions:
    """What the registration form offers `user`: their organisations, the public directory's
    matches for `q` (name, town or OID), and `chosen` when they may choose it."""
    represented = represented_organisations(user)
    ids = {org.pk for org in represented}
    options = OrganisationOptions(
        represented=represented,
        affiliated=[org for org in affiliated_organisations(user) if org.pk not in ids],
    )
    return _with_search(
        options,
        lambda text: registrable_organisation_list(user=user, q=text),
        q=q,
        chosen=chosen,
        resolve=lambda pk: registrable_organisation(user=user, pk=pk),
    )


def staff_organisation_options(
    *, user, registration: Registration, q: str = "", chosen=None
) -> OrganisationOptions:
    """What an organiser may link `registration` to: the organisation it has, the matches for `q`
    in the public directory and their agencies' inventories, and `chosen` when they may link it."""
    current = [registration.organisation] if registration.organisation_id else []
    options = OrganisationOptions(found=current)
    return _with_search(
        options,
        lambda text: linkable_organisation_list(user=user, filters=OrganisationFilters(q=text)),
        q=q,
        chosen=chosen,
        resolve=lambda pk: linkable_organisation(user=user, pk=pk),
    )


# --- the participant's area -----------------------------------------------------------------------


def my_registrations(*, user) -> QuerySet[Registration]:
    """The user's registrations and applications, the next events first, with open offers."""
    return (
        Registration.objects.filter(user_id=getattr(user, "pk", None))
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=WaitingListOffer.objects.filter(status=WaitingListOffer.Status.OPEN),
                to_attr="open_offers",
            )
        )
        .order_by("-event__start", "-id")
    )


def pending_answers(*, user, now: datetime | None = None) -> int:
    """How many of `user`'s registrations wait for their answer: an open offer, a selected place
    to confirm, or a confirmed place whose participation form is not filled in (until the event
    ends). The badge of My events in the menu."""
    if not getattr(user, "is_authenticated", False):
        return 0
    now = now or timezone.now()
    filled = ParticipationDetails.objects.filter(registration=OuterRef("pk"))
    open_offers = WaitingListOffer.objects.filter(
        status=WaitingListOffer.Status.OPEN, expires_at__gt=now
    )
    return Registration.objects.filter(
        Q(status=S.OFFERED, pk__in=open_offers.values("registration_id"))
        | Q(status=S.SELECTED)
        | (Q(status=S.CONFIRMED) & ~Exists(filled)),
        user_id=user.pk,
        event__end__gt=now,
    ).count()


def open_offer(registration: Registration) -> WaitingListOffer | None:
    return registration.offers.filter(status=WaitingListOffer.Status.OPEN).first()


def registration_for_link(*, registration_id: int, offer_id: int | None = None):
    """The registration a verified e-mail link names, with its event, and the offer it names while
    that offer is open (else None). Raises NotFound (also once the registration is deleted)."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        raise NotFound()
    offer = None
    if offer_id is not None:
        offer = registration.offers.filter(pk=offer_id, status=WaitingListOffer.Status.OPEN).first()
    return registration, offer


def participation_details(registration: Registration) -> ParticipationDetails | None:
    return ParticipationDetails.objects.filter(registration=registration).first()


def own_answers(registration: Registration) -> QuerySet[Answer]:
    """The registration's answers to the event's questions that are not files, in the questions'
    order (the caller has checked who asks)."""
    return (
        Answer.objects.filter(registration=registration)
        .exclude(question__kind=Question.Kind.FILE)
        .select_related("question")
        .order_by("question__position", "question_id")
    )


@dataclass
class FewerOpportunities:
    """Barriers declared with consent, over some events: how many participants declared any and how
    many declared each (per event, summed: a person at two events counts at each). Raw counts: a
    report shows them through `kopa.core.statistics.suppress_table`."""

    people: int = 0
    by_barrier: dict[str, int] = field(default_factory=dict)


def fewer_opportunities(event_ids) -> FewerOpportunities:
    """From the kept counts for purged events and from the participants' answers for the others."""
    result = FewerOpportunities()

    def add(people, counts):
        result.people += people
        for code, count in counts.items():
            result.by_barrier[code] = result.by_barrier.get(code, 0) + count

    purged = set()
    for event_id, people, counts in PrivacyCounts.objects.filter(event_id__in=event_ids).values_list(
            "event_id", "with_fewer_opportunities", "fewer_opportunities"):
        purged.add(event_id)
        add(people, counts or {})
    declared = ParticipationDetails.objects.filter(
        registration__event_id__in=event_ids, registration__status__in=PARTICIPANT_STATUSES,
        fewer_opportunities_consent=True,
    ).exclude(registration__event_id__in=purged).values_list("fewer_opportunities", flat=True)
    add(*barrier_counts(declared.iterator(chunk_size=2000)))
    result.by_barrier = {code: result.by_barrier.get(code, 0) for code in Barrier.values}
    return result


def is_purged(event: Event) -> bool:
    return PrivacyCounts.objects.filter(event=event).exists()


def purged_on(event: Event) -> datetime | None:
    """When `event`'s private participation data was deleted, or None while it is kept."""
    return PrivacyCounts.objects.filter(event=event).values_list("purged_at", flat=True).first()


# --- organisers -----------------------------------------------------------------------------------


def event_registrations(event: Event) -> QuerySet[Registration]:
    """Every registration of `event`, in arrival order (the caller has checked who asks); not those
    whose e-mail address is not confirmed yet."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.UNCONFIRMED)
        .order_by("id")
    )


def verified_account(email: str):
    """The verified (active) account whose e-mail address is `email`, or None."""
    if not email:
        return None
    return (
        get_user_model()
        .objects.filter(is_active=True, email__iexact=email.strip())
        .order_by("id")
        .first()
    )


def event_registration(*, event: Event, pk: int) -> Registration:
    """The registration `pk` of `event` (the caller has checked who asks). Raises NotFound."""
    registration = Registration.objects.filter(event=event, pk=pk).first()
    if registration is None:
        raise NotFound()
    return registration


def organisation_history(registration: Registration, *, limit: int = 20) -> list:
    """The audit entries that changed `registration`'s organisation, newest first: only those,
    since the rest of its history may hold what the page's readers need not see."""
    entries = audit.history_for(registration).order_by("-created_at", "-id")[:500]
    return [e for e in entries if {"organisation", "organisation_name"} & set(e.changes or {})][:limit]


def registration_list(access: RegistrationsAccess, *, status: str = "") -> QuerySet[Registration]:
    """The registrations `access` allows, with the needs flag for the host's admins and staff only."""
    qs = Registration.objects.filter(event=access.event).select_related("organisation")
    if not access.host:
        qs = qs.filter(sending_country__in=access.countries)
    if status:
        qs = qs.filter(status=status)
    if access.needs:
        qs = qs.annotate(
            has_needs=Exists(
                ParticipationDetails.objects.filter(
                    registration=OuterRef("pk"), has_access_needs=True
                )
            )
        )
    return qs.order_by("sending_country", F("preselection_rank").asc(nulls_last=True), "id")


def registration_in(access: RegistrationsAccess, *, pk: int) -> Registration:
    """One registration from the list `access` allows. Raises NotFound."""
    registration = registration_list(access).filter(pk=pk).first()
    if registration is None:
        raise NotFound()
    registration.event = access.event
    return registration


# Transitions organisers make from the list; the services decide who may make each one.
STAFF_ACTIONS = (S.PRESELECTED, S.SELECTED, S.REJECTED, S.ATTENDED, S.NO_SHOW)


def staff_actions(*, user, registration: Registration) -> list[str]:
    """The statuses `user` may move `registration` to from the list (preselect also re-ranks)."""
    allowed = TRANSITIONS.get(registration.status, frozenset())
    return [
        to
        for to in STAFF_ACTIONS
        if (to in allowed or (to == S.PRESELECTED and registration.status == S.PRESELECTED))
        and may_decide(user, registration, to)
    ]


def has_access_needs(registration: Registration) -> bool:
    """Whether the person declared access needs: the fact only, never what they need."""
    return ParticipationDetails.objects.filter(
        registration=registration, has_access_needs=True
    ).exists()


def access_needs_list(event: Event) -> QuerySet[ParticipationDetails]:
    """Who declared access needs, with what they need: for the event's organisers only."""
    return (
        ParticipationDetails.objects.filter(
            registration__event=event,
            registration__status__in=PARTICIPANT_STATUSES,
            has_access_needs=True,
        )
        .select_related("registration")
        .order_by("registration__last_name", "registration__first_name", "registration_id")
    )


@dataclass
class KitchenList:
    counts: list[tuple[str, int]]  # (diet label, people), the commonest first
    lines: list[tuple[str, str, str]]  # (name, diet label, details) for every special diet
    without_answer: int  # participants who have not filled in the form


def kitchen_list(event: Event) -> KitchenList:
    """Diet counts and per-person diet lines of the participants (an open offer is not yet one)."""
    holders = Registration.objects.filter(event=event, status__in=PARTICIPANT_STATUSES)
    details = (
        ParticipationDetails.objects.filter(registration__in=holders)
        .select_related("registration")
        .order_by("registration__last_name", "registration__first_name", "registration_id")
    )
    labels = dict(ParticipationDetails.Diet.choices)
    counter: Counter = Counter()
    lines = []
    for item in details:
        counter[item.diet] += 1
        if item.diet != ParticipationDetails.Diet.NONE or item.diet_notes:
            lines.append((item.registration.full_name, str(labels[item.diet]), item.diet_notes))
    counts = [(str(labels[diet]), n) for diet, n in counter.most_common()]
    return KitchenList(counts=counts, lines=lines, without_answer=holders.count() - len(details))


EXPORT_COLUMNS = ("first_name", "last_name", "email", "country", "organisation", "status")


def export_rows(event: Event, *, status: str = ""):
    """Header and one row per registration: name, e-mail, country, organisation, status only."""
    yield list(EXPORT_COLUMNS)
    qs = Registration.objects.filter(event=event).select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    for r in qs.order_by("last_name", "first_name", "id").iterator(chunk_size=1000):
        yield [
            r.first_name,
            r.last_name,
            r.email,
            r.country_of_residence.code or "",
            r.organisation_label,
            str(S(r.status).label),
        ]
