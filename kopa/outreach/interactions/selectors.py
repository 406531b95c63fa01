"""Reads of interactions: the filtered list of a campaign (for its page and the API), what each row
says, its export, and the choices the recording form offers.

Coaching notes marked private never leave the interaction page: not in lists, not in exports. Who may
read them is `kopa.outreach.access.can_read_private_notes`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kopa.agencies.selectors import staff_members
from kopa.directory.rules import normalise
from kopa.events.models import Event
from kopa.events.organising.selectors import staff_events
from kopa.outreach.models import Campaign, Interaction, ResponseLink

K = Interaction.Kind
CHUNK = 1000


@dataclass
class InteractionFilters:
    """What the page's filters (`kind`, words of the `organisation`, `mine`) and the API's (`kinds`,
    `stages`, `organisation_id`) ask for; both share the dates."""

    kind: str = ""
    organisation: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False
    kinds: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    organisation_id: int | None = None


def interactions_of(campaign: Campaign) -> QuerySet[Interaction]:
    return Interaction.objects.filter(campaign=campaign).select_related(
        "organisation", "author", "coach", "event"
    )


def latest_interactions(campaign: Campaign, *, limit: int) -> QuerySet[Interaction]:
    """The campaign's `limit` latest interactions."""
    return interactions_of(campaign)[:limit]


def interaction_list(*, campaign: Campaign, user, filters: InteractionFilters | None = None):
    """The campaign's interactions, newest first, filtered; the caller has checked access."""
    filters = filters or InteractionFilters()
    qs = interactions_of(campaign)
    if filters.kind in K.values:
        qs = qs.filter(kind=filters.kind)
    if filters.kinds:
        qs = qs.filter(kind__in=list(filters.kinds))
    if filters.stages:
        qs = qs.filter(stage__in=list(filters.stages))
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    for word in normalise(filters.organisation).split():
        qs = qs.filter(organisation__search_text__contains=word)
    if filters.date_from:
        qs = qs.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(occurred_on__lte=filters.date_to)
    if filters.mine:
        qs = qs.filter(author_id=user.pk)
    return qs.order_by("-occurred_on", "-id")


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def coach_text(interaction: Interaction) -> str:
    return person_name(interaction.coach) if interaction.coach_id else interaction.coach_name


def amount_text(amount) -> str:
    return "" if amount is None else f"{number_format(amount, 2, force_grouping=True)} EUR"


def summary(interaction: Interaction) -> str:
    """The key facts of one interaction, in a few words, for a list row."""
    i = interaction
    if i.kind == K.INVITATION:
        return i.get_channel_display()
    if i.kind == K.RESPONSE:
        return i.get_answer_display()
    if i.kind == K.INFO_MEETING:
        return i.get_meeting_type_display()
    if i.kind == K.ATTENDANCE:
        return i.event.title_text if i.event_id else _("Event outside Kopa")
    if i.kind == K.COACHING:
        parts = [coach_text(i)]
        if i.duration_minutes:
            parts.append(
                ngettext("%(n)d minute", "%(n)d minutes", i.duration_minutes)
                % {"n": i.duration_minutes}
            )
        return ", ".join(p for p in parts if p)
    if i.kind == K.APPLICATION:
        return ", ".join(p for p in (i.action_type, i.round, i.reference) if p)
    if i.kind == K.DECISION:
        return ", ".join(p for p in (i.get_outcome_display(), amount_text(i.amount)) if p)
    return ""


def export_rows(interactions: QuerySet[Interaction]) -> Iterator[list[str]]:
    """A header, then one row per interaction, read in chunks. Never the private coaching notes."""
    yield [
        _("Date"),
        _("Organisation"),
        _("OID"),
        _("Kind"),
        _("Channel"),
        _("Answer"),
        _("Type of meeting"),
        _("Event"),
        _("Coach"),
        _("Duration (minutes)"),
        _("Topics"),
        _("Next steps"),
        _("Action type"),
        _("Round"),
        _("Reference"),
        _("Outcome"),
        _("Amount (EUR)"),
        _("Source"),
        _("Recorded by"),
        _("Notes"),
    ]
    for i in interactions.iterator(chunk_size=CHUNK):
        yield [
            i.occurred_on.isoformat(),
            i.organisation.legal_name,
            i.organisation.oid or "",
            i.get_kind_display(),
            i.get_channel_display() if i.channel else "",
            i.get_answer_display() if i.answer else "",
            i.get_meeting_type_display() if i.meeting_type else "",
            i.event.title_text if i.event_id else "",
            coach_text(i),
            str(i.duration_minutes or ""),
            i.topics,
            i.next_steps,
            i.action_type,
            i.round,
            i.reference,
            i.get_outcome_display() if i.outcome else "",
            "" if i.amount is None else str(i.amount),
            i.get_source_display(),
            person_name(i.author),
            i.notes,
        ]


def agency_staff(campaign: Campaign) -> QuerySet:
    """People who work for the campaign's agency: the coaches one can choose."""
    return staff_members([campaign.agency_id])


def coach_candidate(pk: int):
    """The active account `pk`, or None: whether it may coach is the service's check."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def campaign_events(*, user, campaign: Campaign, keep_id: int | None = None) -> QuerySet[Event]:
    """Events of the campaign's agency, newest first: those a manual attendance may name; and
    `keep_id`, the event an interaction already names (a check-in at another agency's event)."""
    ids = Q(pk__in=staff_events(user=user, agency=campaign.agency).values("pk"))
    if keep_id:
        ids |= Q(pk=keep_id)
    return Event.objects.filter(ids).order_by("-start", "-id")


def response_link_of(interaction: Interaction) -> ResponseLink | None:
    """The response link of an e-mailed invitation, or of the answer that came through one."""
    if interaction.kind == K.INVITATION:
        return ResponseLink.objects.filter(invitation=interaction).first()
    if interaction.kind == K.RESPONSE:
        return ResponseLink.objects.filter(response=interaction).first()
    return None
