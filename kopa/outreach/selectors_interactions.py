"""Reads for the interaction pages: the filtered list of a campaign, what each row says, its export.

Coaching notes marked private never leave the interaction page: not in lists, not in exports.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kopa.directory.selectors import normalise, staff_scope
from kopa.events.models import Event
from kopa.events.organising.selectors import staff_events
from kopa.outreach.models import Campaign, Interaction, ResponseLink
from kopa.outreach.selectors import interactions_of

K = Interaction.Kind
CHUNK = 1000


@dataclass
class InteractionFilters:
    kind: str = ""
    organisation: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False


def interaction_list(*, campaign: Campaign, user, filters: InteractionFilters | None = None):
    """The campaign's interactions, newest first, filtered; the caller has checked access."""
    filters = filters or InteractionFilters()
    qs = interactions_of(campaign)
    if filters.kind in K.values:
        qs = qs.filter(kind=filters.kind)
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
    if i.kind == K.MEETING:
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


def organisations_for_choice(*, user, q: str = "", limit: int = 30):
    """Organisations of `user`'s inventory whose name or town holds every word of `q`."""
    words = normalise(q).split()
    if not words:
        return []
    qs = staff_scope(user)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(qs.order_by("legal_name", "id")[:limit])


def organisation_in_scope(*, user, pk) -> object | None:
    if not str(pk).isdigit():
        return None
    return staff_scope(user).filter(pk=int(pk)).first()


def agency_staff(campaign: Campaign) -> QuerySet:
    """People who work for the campaign's agency: the coaches one can choose."""
    return (
        get_user_model()
        .objects.filter(agency_memberships__agency_id=campaign.agency_id, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


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
