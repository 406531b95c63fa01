"""Writes of the cycle reports: an agency's narrative."""

from django.db import transaction
from django.utils.translation import gettext as _

from kopa.agencies.models import Agency
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.models import AuditEntry
from kopa.programmes.models import Cycle
from kopa.reports.access import require_narrative_writer
from kopa.reports.models import CycleNarrative

MAX_SECTION = 20_000


@transaction.atomic
def narrative_save(*, actor, cycle: Cycle, agency: Agency, partnership_agency_ids, data: dict
                   ) -> CycleNarrative:
    """Save `agency`'s narrative of `cycle` (every section at once). Raises PermissionDenied for
    anyone but the agency's admins and staff, ValidationFailed for a section that is too long."""
    require_narrative_writer(actor, agency, partnership_agency_ids)
    values = {name: str(data.get(name) or "").strip() for name in CycleNarrative.SECTIONS}
    errors = {name: [_("At most %(limit)d characters, please.") % {"limit": MAX_SECTION}]
              for name, value in values.items() if len(value) > MAX_SECTION}
    if errors:
        raise ValidationFailed(fields=errors)
    narrative = CycleNarrative.objects.select_for_update().filter(cycle=cycle, agency=agency).first()
    created = narrative is None
    if created:
        narrative = CycleNarrative(cycle=cycle, agency=agency)
    changed = [name for name in CycleNarrative.SECTIONS if getattr(narrative, name) != values[name]]
    for name, value in values.items():
        setattr(narrative, name, value)
    narrative.updated_by = actor
    narrative.save()
    audit.record(actor=actor, obj=narrative,
                 action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                 changes={name: [None, "saved"] for name in changed})
    return narrative
