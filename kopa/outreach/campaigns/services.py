"""Writes of campaigns and their target lists. Keyword-only, one transaction each, audited.

`data` for a campaign (the web form and the API both send it):
    name, goal, invitation_subject, invitation_body: {language: text}
    cycle, strand: a Cycle / Strand, its id, or None
    start, end: a date or an ISO date string (end may be None)
    owners: users or their ids
    stages: stage codes (any order; stored in funnel order)
    response_days: a whole number of days, 1–365
On update, a key left out keeps its current value. What an invitation's texts may contain in braces
is in `kopa.outreach.rules`.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_member_ids
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.i18n import clean_texts
from kopa.core.models import AuditEntry
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.outreach.models import STAGE_ORDER, Campaign, CampaignTarget
from kopa.outreach.rules import (
    INVITATION_TEXTS,
    RESPONSE_DAYS_MAX,
    placeholder_message,
    unknown_placeholders,
)
from kopa.programmes.models import Cycle, Strand
from kopa.programmes.selectors import partnership_agency_ids

TEXTS = ("name", "goal", "invitation_subject", "invitation_body")
TEXT_LIMITS = {"name": 250, "goal": 5000, "invitation_subject": 250, "invitation_body": 5000}
BATCH = 1000
# How many names a removal keeps in the audit log; the count is always kept.
AUDITED_NAMES = 100


def _add(errors: dict, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _object(model: type[Model], value, name: str, errors: dict):
    """An instance of `model` from an instance, an id or an empty value (None)."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        found = model.objects.filter(pk=int(value)).first()
        if found is not None:
            return found
    _add(errors, name, _("Choose one of the offered values."))
    return None


def _date(value, name: str, errors: dict, *, required: bool) -> date | None:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()) if value.strip() else None
        except ValueError:
            _add(errors, name, _("Enter a valid date, e.g. 2026-03-31."))
            return None
    if value is None:
        if required:
            _add(errors, name, _("This field is required."))
        return None
    if not isinstance(value, date):
        _add(errors, name, _("Enter a valid date, e.g. 2026-03-31."))
        return None
    return value


def _texts(name: str, value, errors: dict) -> dict:
    if value is not None and not isinstance(value, dict):
        _add(errors, name, _("Give the text per language, e.g. {\"en\": \"…\"}."))
        return {}
    texts = clean_texts(value)
    limit = TEXT_LIMITS[name]
    if any(len(text) > limit for text in texts.values()):
        _add(errors, name, _("Write at most %(max)d characters.") % {"max": limit})
    if name in INVITATION_TEXTS:
        languages = dict(settings.LANGUAGES)
        for code, text in texts.items():
            unknown = unknown_placeholders(text)
            if unknown:
                _add(errors, name, placeholder_message(unknown, str(languages[code])))
    return texts


def _in_partnership_of(agency: Agency, thing: Cycle | Strand) -> bool:
    return agency.pk in partnership_agency_ids(thing.partnership)


def _owners(agency: Agency, value, errors: dict) -> list:
    values = list(value or [])
    ids = set()
    for item in values:
        pk = getattr(item, "pk", item)
        if isinstance(pk, str) and pk.strip().isdigit():
            pk = int(pk)
        if not isinstance(pk, int) or isinstance(pk, bool):
            _add(errors, "owners", _("Choose one of the offered values."))
            return []
        ids.add(pk)
    owners = list(get_user_model().objects.filter(pk__in=ids).filter(pk__in=staff_member_ids([agency.pk])))
    if len(owners) != len(ids):
        _add(errors, "owners", _("Choose members of the agency's staff."))
    return owners


def _stages(value, errors: dict) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        value = [value] if value else []
    chosen = {str(stage) for stage in value}
    if not chosen:
        _add(errors, "stages", _("Choose at least one stage."))
    elif chosen - set(STAGE_ORDER):
        _add(errors, "stages", _("Choose stages from the list."))
    return [stage for stage in STAGE_ORDER if stage in chosen]


def _response_days(value, errors: dict) -> int | None:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if isinstance(value, bool) or not 1 <= days <= RESPONSE_DAYS_MAX:
        _add(errors, "response_days", _("Enter a number of days between 1 and %(max)d.") % {
            "max": RESPONSE_DAYS_MAX})
        return None
    return days


def _clean(*, agency: Agency, data: dict, current: Campaign | None) -> dict:
    """The validated campaign fields present in `data` (all of them on create).

    Raises ValidationFailed with every problem at once."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    creating = current is None

    def given(name: str) -> bool:
        return creating or name in data

    for name in TEXTS:
        if given(name):
            cleaned[name] = _texts(name, data.get(name), errors)
    if "name" in cleaned and not cleaned["name"] and "name" not in errors:
        _add(errors, "name", _("Fill this in in at least one language."))
    for name, model in (("cycle", Cycle), ("strand", Strand)):
        if given(name):
            cleaned[name] = _object(model, data.get(name), name, errors)
    # A cycle or strand the campaign already has stays allowed, even if the agency has since left
    # that partnership; a new choice must be one of the agency's partnerships.
    for name, label in (("cycle", _("Choose a cycle of a partnership your agency belongs to.")),
                        ("strand", _("Choose a strand of a partnership your agency belongs to."))):
        chosen = cleaned.get(name)
        kept = current is not None and chosen is not None and getattr(current, f"{name}_id") == chosen.pk
        if chosen is not None and not kept and not _in_partnership_of(agency, chosen):
            _add(errors, name, label)
    cycle = cleaned["cycle"] if "cycle" in cleaned else (current.cycle if current else None)
    strand = cleaned["strand"] if "strand" in cleaned else (current.strand if current else None)
    if cycle is not None and strand is not None and cycle.partnership_id != strand.partnership_id \
            and "strand" not in errors and "cycle" not in errors:
        _add(errors, "strand", _("The strand and the cycle must belong to the same partnership: choose a "
                                 "strand of %(partnership)s.") % {"partnership": cycle.partnership})
    if given("start"):
        cleaned["start"] = _date(data.get("start"), "start", errors, required=True)
    if given("end"):
        cleaned["end"] = _date(data.get("end"), "end", errors, required=False)
    start = cleaned["start"] if "start" in cleaned else (current.start if current else None)
    end = cleaned["end"] if "end" in cleaned else (current.end if current else None)
    if start and end and end < start and "end" not in errors:
        _add(errors, "end", _("The end cannot be before the start."))
    if given("owners"):
        cleaned["owners"] = _owners(agency, data.get("owners"), errors)
    if given("stages"):
        cleaned["stages"] = _stages(data.get("stages", STAGE_ORDER), errors)
    if given("response_days"):
        cleaned["response_days"] = _response_days(data.get("response_days", 30), errors)
    if errors:
        raise ValidationFailed(fields=errors)
    return cleaned


def _apply(campaign: Campaign, cleaned: dict) -> None:
    for name, value in cleaned.items():
        if name != "owners":
            setattr(campaign, name, value)


@transaction.atomic
def campaign_create(*, actor, agency: Agency, data: dict) -> Campaign:
    """Start a campaign of `agency` (see the module for `data`). Raises PermissionDenied, ValidationFailed."""
    require_agency_staff(actor, agency)
    cleaned = _clean(agency=agency, data=data, current=None)
    campaign = Campaign(agency=agency)
    _apply(campaign, cleaned)
    campaign.save()
    campaign.owners.set(cleaned["owners"])
    audit.record(actor=actor, obj=campaign, action=AuditEntry.Action.CREATE,
                 changes=audit.diff({}, audit.snapshot(campaign)))
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, data: dict) -> Campaign:
    """Change a campaign; keys missing from `data` stay as they are (the agency never changes).

    Raises PermissionDenied, ValidationFailed."""
    # Only the campaign row is locked: its cycle and strand are optional (outer joins).
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related(
        "agency", "cycle__partnership", "strand").get(pk=campaign.pk)
    require_agency_staff(actor, campaign.agency_id)
    before = audit.snapshot(campaign)
    cleaned = _clean(agency=campaign.agency, data=data, current=campaign)
    _apply(campaign, cleaned)
    campaign.save()
    if "owners" in cleaned:
        campaign.owners.set(cleaned["owners"])
    changes = audit.diff(before, audit.snapshot(campaign))
    if changes:
        audit.record(actor=actor, obj=campaign, action=AuditEntry.Action.UPDATE, changes=changes)
    return campaign


def _ids(organisations) -> list[int]:
    if isinstance(organisations, QuerySet):
        return list(organisations.order_by().values_list("pk", flat=True))
    return [getattr(item, "pk", item) for item in organisations]


def ensure_target(*, campaign: Campaign, organisation: Organisation, actor, source: str) -> bool:
    """Put `organisation` on the campaign's target list if it is not there (Kopa's own writes, e.g. an
    interaction recorded for an organisation not on the list). Returns whether it was added."""
    _target, created = CampaignTarget.objects.get_or_create(
        campaign=campaign,
        organisation=organisation,
        defaults={"source": source, "added_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    return created


@transaction.atomic
def targets_add(*, actor, campaign: Campaign, organisations, source: str) -> int:
    """Put organisations (a queryset, Organisations or ids) on the campaign's target list; ones already
    on it, and ones outside the actor's inventory, are skipped. Returns how many were added.

    Raises PermissionDenied, ValidationFailed (unknown source)."""
    require_agency_staff(actor, campaign.agency_id)
    if source not in CampaignTarget.Source.values:
        raise ValidationFailed(field="source", message=_("Choose one of the offered values."))
    wanted = sorted({pk for pk in _ids(organisations) if isinstance(pk, int)})
    added = 0
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        # Checked per chunk so a list of 20,000 never becomes one enormous query.
        allowed = set(staff_scope(actor).filter(pk__in=chunk).values_list("pk", flat=True))
        present = set(CampaignTarget.objects.filter(campaign=campaign, organisation_id__in=chunk)
                      .values_list("organisation_id", flat=True))
        new = [pk for pk in chunk if pk in allowed and pk not in present]
        # ignore_conflicts: a colleague adding the same organisation meanwhile is not an error.
        CampaignTarget.objects.bulk_create(
            [CampaignTarget(campaign=campaign, organisation_id=pk, source=source, added_by=actor)
             for pk in new],
            ignore_conflicts=True,
        )
        added += len(new)
    if added:
        audit.record(actor=actor, obj=campaign, action=AuditEntry.Action.UPDATE,
                     changes={"targets_added": [None, added], "targets_source": [None, source]})
    return added


@transaction.atomic
def targets_remove(*, actor, campaign: Campaign, organisation_ids: Iterable[int]) -> int:
    """Take organisations off the target list; their interactions stay, and so does the funnel.
    Returns how many were removed. Raises PermissionDenied."""
    require_agency_staff(actor, campaign.agency_id)
    targets = CampaignTarget.objects.filter(campaign=campaign, organisation_id__in=list(organisation_ids))
    names = sorted(Organisation.objects.filter(pk__in=targets.values("organisation_id"))
                   .values_list("legal_name", flat=True))
    removed, _detail = targets.delete()
    if removed:
        audit.record(actor=actor, obj=campaign, action=AuditEntry.Action.UPDATE, changes={
            "targets_removed": [removed, None],
            "targets_removed_names": [names[:AUDITED_NAMES], None],
        })
    return removed
