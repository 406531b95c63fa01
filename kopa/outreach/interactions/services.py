"""Writes of interactions, the heart of the funnel. Keyword-only, one transaction each.

Also the attendance that event check-ins record (through `receivers.py`). Campaigns and target lists,
invitations and response links, and follow-up tasks have their own topics (`kopa.outreach.campaigns`,
`.invitations`, `.followups`). Which fields each kind keeps is in `kopa.outreach.rules`.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.selectors import is_staff_member
from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.outreach.access import can_read_private_notes, require_campaign_staff
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.models import Campaign, Interaction
from kopa.outreach.rules import ALL_KIND_FIELDS, COMMON_FIELDS, KIND_FIELDS

K = Interaction.Kind
EMPTY = {"event": None, "coach": None, "duration_minutes": None, "amount": None}
# Never copied into the audit log: the log says that they changed, not what they say.
PRIVATE_FIELDS = ("private_notes",)
PRIVATE_MARK, PRIVATE_CHANGED = "…", "changed"  # what the history says of a private text
TEXT_LIMITS = {"notes": 5000, "topics": 2000, "next_steps": 2000, "private_notes": 5000}


def _audit_state(interaction: Interaction) -> dict:
    state = audit.snapshot(interaction)
    state.pop("stage", None)
    for name in PRIVATE_FIELDS:
        if name in state:
            state[name] = bool(state[name])
    return state


def _choice(value, choices, field: str, errors: dict, *, required: bool) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not value:
        if required:
            errors[field] = [_("This field is required.")]
        return ""
    if value not in dict(choices):
        errors[field] = [_("Choose one of the offered values.")]
        return ""
    return value


def _clean(*, campaign: Campaign, kind: str, data: dict, today: date) -> dict:
    """The validated values for an interaction of `kind`. Raises ValidationFailed with every problem."""
    errors: dict[str, list] = {}
    cleaned: dict = {}
    occurred_on = data.get("occurred_on")
    if isinstance(occurred_on, str):
        try:
            occurred_on = date.fromisoformat(occurred_on.strip())
        except ValueError:
            occurred_on = None
            errors["occurred_on"] = [_("Enter a valid date.")]
    if occurred_on is None and "occurred_on" not in errors:
        errors["occurred_on"] = [_("This field is required.")]
    elif occurred_on is not None and occurred_on > today:
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    cleaned["occurred_on"] = occurred_on
    for name, limit in TEXT_LIMITS.items():
        if name == "notes" or name in KIND_FIELDS[kind]:
            text = (data.get(name) or "").strip()
            if len(text) > limit:
                errors[name] = [_("Write at most %(max)d characters.") % {"max": limit}]
            cleaned[name] = text
    if kind == K.INVITATION:
        cleaned["channel"] = _choice(data.get("channel"), Interaction.Channel.choices, "channel", errors, required=True)
    elif kind == K.RESPONSE:
        cleaned["answer"] = _choice(data.get("answer"), Interaction.Answer.choices, "answer", errors, required=True)
    elif kind == K.INFO_MEETING:
        cleaned["meeting_type"] = _choice(
            data.get("meeting_type"), Interaction.MeetingType.choices, "meeting_type", errors, required=True
        )
    elif kind == K.ATTENDANCE:
        cleaned["event"] = data.get("event")
    elif kind == K.COACHING:
        coach = data.get("coach")
        coach_name = (data.get("coach_name") or "").strip()
        if coach is not None and not is_staff_member(agency_id=campaign.agency_id, user=coach):
            errors["coach"] = [_("Choose a member of the agency's staff.")]
        if coach is None and not coach_name:
            errors["coach"] = [_("Choose a coach, or name an external one.")]
        if len(coach_name) > 200:
            errors["coach_name"] = [_("Write at most %(max)d characters.") % {"max": 200}]
        cleaned["coach"], cleaned["coach_name"] = coach, coach_name
        duration = data.get("duration_minutes")
        if duration in ("", None):
            cleaned["duration_minutes"] = None
        else:
            try:
                duration = int(duration)
            except (TypeError, ValueError):
                duration = 0
            if not 0 < duration <= 24 * 60:
                errors["duration_minutes"] = [_("Enter a number of minutes between 1 and 1440.")]
            cleaned["duration_minutes"] = duration
    elif kind == K.APPLICATION:
        for name, limit in (("action_type", 40), ("round", 60), ("reference", 100)):
            value = (data.get(name) or "").strip()
            if len(value) > limit:
                errors[name] = [_("Write at most %(max)d characters.") % {"max": limit}]
            cleaned[name] = value
    elif kind == K.DECISION:
        cleaned["outcome"] = _choice(data.get("outcome"), Interaction.Outcome.choices, "outcome", errors, required=True)
        amount = data.get("amount")
        if amount in ("", None):
            cleaned["amount"] = None
        else:
            try:
                amount = Decimal(str(amount).replace(",", ".").strip())
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
                errors["amount"] = [_("Enter an amount in euros, zero or more.")]
            else:
                cleaned["amount"] = amount.quantize(Decimal("0.01"))
    if errors:
        raise ValidationFailed(fields=errors)
    return cleaned


def _apply(interaction: Interaction, cleaned: dict) -> None:
    for name in COMMON_FIELDS + tuple(ALL_KIND_FIELDS):
        if name in KIND_FIELDS[interaction.kind] or name in COMMON_FIELDS:
            setattr(interaction, name, cleaned.get(name, EMPTY.get(name, "")))
        else:
            setattr(interaction, name, EMPTY.get(name, ""))


@transaction.atomic
def interaction_create(
    *,
    actor,
    campaign: Campaign,
    organisation: Organisation,
    kind: str,
    data: dict,
    source: str = Interaction.Source.MANUAL,
    system: bool = False,
    today: date | None = None,
) -> Interaction:
    """Record a contact with `organisation` in `campaign`; the organisation joins the target list if
    it is not on it. `system=True` for Kopa's own writes (check-in, response links, demo data).
    Raises PermissionDenied, ValidationFailed."""
    if not system:
        require_campaign_staff(actor, campaign)
        if not staff_scope(actor).filter(pk=organisation.pk).exists():
            raise ValidationFailed(field="organisation", message=_("Choose an organisation in your inventory."))
    if kind not in K.values:
        raise ValidationFailed(field="kind", message=_("Choose one of the offered values."))
    cleaned = _clean(campaign=campaign, kind=kind, data=data, today=today or timezone.localdate())
    interaction = Interaction(campaign=campaign, organisation=organisation, kind=kind, source=source)
    interaction.author = actor if getattr(actor, "is_authenticated", False) else None
    _apply(interaction, cleaned)
    interaction.save()
    ensure_target(campaign=campaign, organisation=organisation, actor=actor, source="manual")
    audit.record(
        actor=actor,
        obj=interaction,
        action=AuditEntry.Action.CREATE,
        changes=audit.diff({}, _audit_state(interaction)),
    )
    return interaction


@transaction.atomic
def interaction_update(*, actor, interaction: Interaction, data: dict, today: date | None = None) -> Interaction:
    """Change what was recorded (the kind stays). Raises PermissionDenied, ValidationFailed."""
    interaction = Interaction.objects.select_for_update().select_related("campaign").get(pk=interaction.pk)
    require_campaign_staff(actor, interaction.campaign)
    before = _audit_state(interaction)
    private_before = {name: getattr(interaction, name) for name in PRIVATE_FIELDS}
    cleaned = _clean(campaign=interaction.campaign, kind=interaction.kind, data=data, today=today or timezone.localdate())
    changed_private = [name for name in PRIVATE_FIELDS
                       if name in cleaned and (cleaned[name] or "") != (private_before[name] or "")]
    if changed_private and not can_read_private_notes(actor, interaction):
        # The same rule as reading them, for the pages and the API alike.
        raise PermissionDenied(_("Only the coach, whoever wrote the notes and the campaign's owners can "
                                 "change private notes."))
    _apply(interaction, cleaned)
    interaction.save()
    changes = audit.diff(before, _audit_state(interaction))
    for name in changed_private:  # recorded as changed, never with the text
        changes[name] = [PRIVATE_MARK, PRIVATE_CHANGED]
    if changes:
        audit.record(actor=actor, obj=interaction, action=AuditEntry.Action.UPDATE, changes=changes)
    return interaction


@transaction.atomic
def interaction_delete(*, actor, interaction: Interaction) -> None:
    """Delete a recorded contact; the funnel, computed from what is left, changes with it.
    Raises PermissionDenied."""
    interaction = Interaction.objects.select_related("campaign").get(pk=interaction.pk)
    require_campaign_staff(actor, interaction.campaign)
    audit.record(
        actor=actor,
        obj=interaction,
        action=AuditEntry.Action.DELETE,
        changes=audit.diff(_audit_state(interaction), {}),
    )
    interaction.delete()


@transaction.atomic
def attendance_from_check_in(*, registration, day: date, actor) -> list[Interaction]:
    """Record event attendance for the registrant's organisation in every campaign that reaches out
    to it and is linked to the event's cycle or strand, within the campaign's period. Once per
    organisation, event and campaign. Returns the interactions created."""
    organisation_id = registration.organisation_id
    event = registration.event
    links = Q()
    if event.cycle_id:
        links |= Q(cycle_id=event.cycle_id)
    if event.strand_id:
        links |= Q(strand_id=event.strand_id)
    if not organisation_id or not links:
        return []
    campaigns = (
        Campaign.objects.filter(links, start__lte=day, targets__organisation_id=organisation_id)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .distinct()
    )
    created = []
    for campaign in campaigns:
        exists = Interaction.objects.filter(
            campaign=campaign, organisation_id=organisation_id, kind=K.ATTENDANCE, event=event
        ).exists()
        if exists:
            continue
        interaction = Interaction.objects.create(
            campaign=campaign,
            organisation_id=organisation_id,
            kind=K.ATTENDANCE,
            occurred_on=day,
            event=event,
            source=Interaction.Source.CHECK_IN,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            obj=interaction,
            action=AuditEntry.Action.CREATE,
            changes=audit.diff({}, _audit_state(interaction)),
        )
        created.append(interaction)
    return created


@transaction.atomic
def outcomes_from_project_idea(*, organisation_ids, kind: str, day: date, reference: str, actor,
                               action_type: str = "", round: str = "", outcome: str = "") -> list[Interaction]:
    """A project idea (matchmaking) was submitted or decided: record the application or the decision
    for each of its organisations in every campaign whose target list holds it and whose period
    holds `day`. Once per organisation, campaign, kind and idea (`reference`). Returns the
    interactions created."""
    if kind not in (K.APPLICATION, K.DECISION):
        raise ValidationFailed(field="kind", message=_("Choose one of the offered values."))
    if kind == K.DECISION and outcome not in Interaction.Outcome.values:
        raise ValidationFailed(field="outcome", message=_("Choose one of the offered values."))
    targets = (
        Campaign.objects.filter(start__lte=day, targets__organisation_id__in=list(organisation_ids))
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values_list("pk", "targets__organisation_id")
        .distinct()
        .order_by("pk", "targets__organisation_id")
    )
    created = []
    for campaign_id, organisation_id in targets:
        exists = Interaction.objects.filter(
            campaign_id=campaign_id, organisation_id=organisation_id, kind=kind, reference=reference
        ).exists()
        if exists:
            continue
        interaction = Interaction.objects.create(
            campaign_id=campaign_id,
            organisation_id=organisation_id,
            kind=kind,
            occurred_on=day,
            source=Interaction.Source.PROJECT_IDEA,
            author=actor if getattr(actor, "is_authenticated", False) else None,
            action_type=action_type if kind == K.APPLICATION else "",
            round=round if kind == K.APPLICATION else "",
            reference=reference,
            outcome=outcome if kind == K.DECISION else "",
        )
        audit.record(
            actor=actor,
            obj=interaction,
            action=AuditEntry.Action.CREATE,
            changes=audit.diff({}, _audit_state(interaction)),
        )
        created.append(interaction)
    return created
