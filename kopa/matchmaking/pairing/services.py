"""Confirming a campaign's mentor pairs: one transaction, audited, and the same pairs confirmed twice
change nothing.

Each pair is recorded on the campaign's timeline as a meeting (`Interaction.Kind.INFO_MEETING`, type
"meeting") with the pair in its notes: for the newcomer, and for the mentor when the mentor is on the
target list too (a mentor is never added to the list by being paired). A meeting counts for no
funnel stage: being paired is an arrangement, not yet coaching, so the funnel's *coached* stage still
counts only the support actually given. The pair keeps its interactions, so that a changed mentor
changes them and a removed pair deletes them, and the timeline always says who mentors whom.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.models import Organisation
from kopa.matchmaking.access import require_pairing_officer
from kopa.matchmaking.models import MentorPairing
from kopa.matchmaking.pairing.selectors import mentor_candidates, pairing_scoring, taken_elsewhere
from kopa.matchmaking.rules import PAIRING_K_MAX, mentors_over_cap
from kopa.outreach.campaigns.selectors import on_list
from kopa.outreach.interactions.services import (
    interaction_create,
    interaction_delete,
    interaction_update,
)
from kopa.outreach.models import Campaign, Interaction

K = Interaction.Kind


@dataclass(frozen=True)
class Confirmed:
    added: int
    changed: int
    removed: int
    unchanged: int


def _newcomer_note(mentor: Organisation, score: int) -> str:
    return _("Paired with the mentor %(mentor)s for this campaign (score %(score)s).") % {
        "mentor": mentor.legal_name, "score": score}


def _mentor_note(newcomer: Organisation, score: int) -> str:
    return _("Mentors the newcomer %(newcomer)s in this campaign (score %(score)s).") % {
        "newcomer": newcomer.legal_name, "score": score}


def _meeting(*, actor, campaign: Campaign, organisation: Organisation, notes: str, day) -> Interaction:
    # Kopa's own write (system=True): the pairing gate has let the actor change the campaign, and the
    # organisation is on its target list already, whether or not it is still in the actor's inventory.
    return interaction_create(actor=actor, system=True, campaign=campaign, organisation=organisation,
                              kind=K.INFO_MEETING, today=day,
                              data={"occurred_on": day, "meeting_type": Interaction.MeetingType.MEETING,
                                    "notes": notes})


def _note_again(*, actor, interaction: Interaction, notes: str, day) -> Interaction:
    return interaction_update(actor=actor, interaction=interaction, today=day, data={
        "occurred_on": day, "meeting_type": interaction.meeting_type or Interaction.MeetingType.MEETING,
        "notes": notes})


def _forget(*, actor, interaction: Interaction | None) -> None:
    if interaction is not None:
        interaction_delete(actor=actor, interaction=interaction)


def _validate(*, campaign: Campaign, newcomer_ids, mentor_ids, assignments: dict, k) -> dict:
    errors: dict[str, list] = {}
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= PAIRING_K_MAX:
        errors["k"] = [_("Give a number from 1 to %(max)s.") % {"max": PAIRING_K_MAX}]
    if set(newcomer_ids) - on_list(campaign, newcomer_ids):
        errors["newcomers"] = [_("Choose organisations of the campaign's target list.")]
    candidates = {o.pk for o in mentor_candidates(campaign)}
    if set(mentor_ids) - candidates:
        errors["mentors"] = [_("Choose experienced organisations of the agency's inventory.")]
    for newcomer, mentor in assignments.items():
        if newcomer not in newcomer_ids:
            errors.setdefault("newcomers", []).append(_("Pair only the newcomers chosen."))
        elif mentor is not None and (mentor not in mentor_ids or mentor == newcomer):
            errors[f"mentor_{newcomer}"] = [_("Choose one of the mentors chosen, or none.")]
    return errors


@transaction.atomic
def pairing_confirm(*, actor, campaign: Campaign, newcomer_ids, mentor_ids, assignments: dict, k: int) -> Confirmed:
    """Confirm `assignments` (newcomer id -> mentor id, or None for no mentor) for the newcomers
    `newcomer_ids` of the campaign, with mentors among `mentor_ids`, each taking at most `k`
    newcomers of the campaign (counting its pairs outside this choice). A newcomer whose mentor is
    the same as before is left alone; a new mentor changes the pair and its interactions; no mentor
    removes the pair. Raises PermissionDenied, ValidationFailed (nothing saved)."""
    require_pairing_officer(actor, campaign)
    # Two officers confirming at once queue here, so neither can push a mentor over k.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    newcomer_ids = [int(pk) for pk in newcomer_ids]
    mentor_ids = [int(pk) for pk in mentor_ids]
    assignments = {int(n): (None if m is None else int(m)) for n, m in assignments.items()}
    errors = _validate(campaign=campaign, newcomer_ids=newcomer_ids, mentor_ids=mentor_ids,
                       assignments=assignments, k=k)
    if errors:
        raise ValidationFailed(fields=errors)
    organisations = Organisation.objects.in_bulk([*newcomer_ids, *mentor_ids])
    over = mentors_over_cap(assignments, k, taken_elsewhere(campaign, newcomer_ids))
    if over:
        for newcomer, mentor in assignments.items():
            if mentor in over:
                errors[f"mentor_{newcomer}"] = [ngettext(
                    "%(mentor)s would mentor %(count)s newcomers; at most %(k)s newcomer per mentor.",
                    "%(mentor)s would mentor %(count)s newcomers; at most %(k)s newcomers per mentor.", k) % {
                    "mentor": organisations[mentor].legal_name, "count": over[mentor], "k": k}]
        raise ValidationFailed(fields=errors)

    chosen = [n for n in newcomer_ids if n in assignments]
    scoring = pairing_scoring([organisations[n] for n in chosen],
                              [organisations[m] for m in mentor_ids])
    existing = {p.newcomer_id: p for p in MentorPairing.objects.select_for_update(of=("self",)).filter(
        campaign=campaign, newcomer_id__in=chosen).select_related("newcomer_interaction", "mentor_interaction")}
    listed = on_list(campaign, [m for m in assignments.values() if m is not None])
    day, now = timezone.localdate(), timezone.now()
    before = MentorPairing.objects.filter(campaign=campaign).count()
    added = changed = removed = unchanged = 0
    for newcomer_id in chosen:
        mentor_id = assignments[newcomer_id]
        pairing = existing.get(newcomer_id)
        if mentor_id is None:
            if pairing is None:
                continue
            audit.record(actor=actor, obj=pairing, action=AuditEntry.Action.DELETE,
                         changes=audit.diff(_state(pairing), {}))
            _forget(actor=actor, interaction=pairing.newcomer_interaction)
            _forget(actor=actor, interaction=pairing.mentor_interaction)
            pairing.delete()
            removed += 1
            continue
        if pairing is not None and pairing.mentor_id == mentor_id:
            unchanged += 1
            continue
        newcomer, mentor = organisations[newcomer_id], organisations[mentor_id]
        points = scoring.of(newcomer_id, mentor_id)
        mentor_side = (_meeting(actor=actor, campaign=campaign, organisation=mentor, day=day,
                                notes=_mentor_note(newcomer, points)) if mentor_id in listed else None)
        if pairing is None:
            pairing = MentorPairing(campaign=campaign, newcomer=newcomer)
            state = {}
            pairing.newcomer_interaction = _meeting(actor=actor, campaign=campaign, organisation=newcomer,
                                                    day=day, notes=_newcomer_note(mentor, points))
            added += 1
        else:
            state = _state(pairing)
            _forget(actor=actor, interaction=pairing.mentor_interaction)
            if pairing.newcomer_interaction is not None:
                _note_again(actor=actor, interaction=pairing.newcomer_interaction, day=day,
                            notes=_newcomer_note(mentor, points))
            else:
                pairing.newcomer_interaction = _meeting(actor=actor, campaign=campaign, organisation=newcomer,
                                                        day=day, notes=_newcomer_note(mentor, points))
            changed += 1
        pairing.mentor, pairing.score, pairing.mentor_interaction = mentor, points, mentor_side
        pairing.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        pairing.confirmed_at = now
        pairing.save()
        audit.record(actor=actor, obj=pairing,
                     action=AuditEntry.Action.CREATE if not state else AuditEntry.Action.UPDATE,
                     changes=audit.diff(state, _state(pairing)))
    if added or changed or removed:
        after = MentorPairing.objects.filter(campaign=campaign).count()
        audit.record(actor=actor, obj=campaign, action=AuditEntry.Action.UPDATE,
                     changes={"mentor_pairs": [before, after], "mentor_pairs_changed": [None, changed]}
                     if changed else {"mentor_pairs": [before, after]})
    return Confirmed(added=added, changed=changed, removed=removed, unchanged=unchanged)


def _state(pairing: MentorPairing) -> dict:
    return audit.snapshot(pairing, fields=("campaign", "newcomer", "mentor", "score"))
