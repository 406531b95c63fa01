"""Gates of the Logbook. Its roles are its own (`logbook.Role`), not agency roles:

- a **coordinator** of an owner reads and records for every unit of the owner and corrects entries;
- a **mentor** of a unit builds its activities, invites youth workers, records and corrects entries;
- a **youth worker** records for their units and reads them in full (notes and reflections);
- a **municipality viewer** reads the figures of one municipality, a **national viewer** those of the
  whole owner: aggregates only, without notes or reflections, and small cells suppressed.

Anyone else gets a 404 (`NotFound`), so the Logbook does not reveal which units exist. The kiosk page
needs no account: a signed kiosk link, made by a youth worker of the unit, opens it for a day.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.policy import Audience, Rule
from kopa.core.errors import NotFound, PermissionDenied
from kopa.logbook.models import Activity, Entry, Owner, Unit
from kopa.logbook.rules import KIOSK_HOURS
from kopa.logbook.selectors import (
    coordinated_owners,
    country_units,
    has_logbook_role,
    mentored_units,
    municipality_units,
    owner_units,
    readable_municipalities,
    readable_owners,
    recording_units,
)

A = Audience

# The API's logbook operations: anyone signed in may ask; each answers with (or records for) the
# caller's own units only, an empty list for someone without a Logbook role. The pages are gated by the
# Logbook's own roles (above) and tested in kopa/logbook/tests/test_access.py.
POLICY = {
    "api-v1:logbook-unit-list": Rule(read=A.SIGNED_IN),
    "api-v1:logbook-activity-list": Rule(read=A.SIGNED_IN),
    "api-v1:logbook-entry-list": Rule(read=A.SIGNED_IN, write=A.SIGNED_IN),
    # A report answers only for what the caller reads in the Logbook (the pages' gates, report_scope);
    # anyone else gets a 404.
    "api-v1:logbook-report": Rule(read=A.SIGNED_IN),
}

LEVELS = ("unit", "municipality", "owner", "country")

KIOSK_SALT = "kopa.logbook.kiosk"


def logbook_required(view):
    """Pages of the Logbook: people with a Logbook role; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_logbook_role(request.user):
            raise NotFound()
        return view(request, *args, **kwargs)

    return wrapped


def unit_for_recorder(*, user, pk) -> Unit:
    """A unit `user` records for and reads in full; NotFound for anyone else."""
    unit = recording_units(user).filter(pk=pk).first()
    if unit is None:
        raise NotFound()
    return unit


def is_mentor(user, unit: Unit) -> bool:
    return mentored_units(user).filter(pk=unit.pk).exists()


def require_mentor(actor, unit: Unit) -> None:
    if not is_mentor(actor, unit):
        raise PermissionDenied()


def require_recorder(actor, unit: Unit) -> None:
    if not recording_units(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied()


def is_coordinator(user, owner) -> bool:
    return coordinated_owners(user).filter(pk=owner.pk).exists()


def require_coordinator(actor, owner) -> None:
    if not is_coordinator(actor, owner):
        raise PermissionDenied()


def owner_for_coordinator(*, user, pk) -> Owner:
    """An owner whose structure `user` builds (its coordinator); NotFound for anyone else."""
    owner = coordinated_owners(user).filter(pk=pk).first()
    if owner is None:
        raise NotFound()
    return owner


def unit_for_coordinator(*, user, pk) -> Unit:
    unit = Unit.objects.filter(pk=pk, owner__in=coordinated_owners(user)).select_related(
        "owner", "municipality").first()
    if unit is None:
        raise NotFound()
    return unit


def activity_for_mentor(*, user, pk) -> Activity:
    """An activity of a unit `user` mentors (or of an owner they coordinate); NotFound for anyone else."""
    activity = Activity.objects.filter(pk=pk, unit__in=mentored_units(user)).select_related("unit__owner").first()
    if activity is None:
        raise NotFound()
    return activity


def owner_for_reader(*, user, pk):
    owner = readable_owners(user).filter(pk=pk).first()
    if owner is None:
        raise NotFound()
    return owner


def municipality_for_reader(*, user, pk):
    municipality = readable_municipalities(user).filter(pk=pk).first()
    if municipality is None:
        raise NotFound()
    return municipality


def entry_for_reader(*, user, uuid) -> Entry:
    entry = Entry.objects.filter(uuid=uuid, unit__in=recording_units(user)).select_related(
        "unit__owner", "activity", "author").first()
    if entry is None:
        raise NotFound()
    return entry


def logbook_download_required(view):
    """Starting a Logbook document or export (a background job of the person's own): Logbook roles
    only, by POST only, so that following a link or a prefetch starts nothing (405 for a GET)."""
    return require_POST(logbook_required(view))


@dataclass(frozen=True)
class ReportScope:
    """What a report covers for the person asking: its units, its name, whether small counts of young
    people are suppressed (above a unit) and whether the reflections are in it (a unit's own people and
    the network's coordinator; never municipality or national viewers)."""

    level: str
    key: str
    title: str
    units: QuerySet
    suppress: bool
    reflections: bool


def report_scope(*, user, level: str, key: str) -> ReportScope:
    """The report of a unit, a municipality, an owner or a country (its two letters) that `user` may
    read; NotFound for anything else."""
    if level == "unit" and key.isdigit():
        unit = unit_for_recorder(user=user, pk=int(key))
        return ReportScope(level, key, unit.name, recording_units(user).filter(pk=unit.pk), False, True)
    if level == "municipality" and key.isdigit():
        municipality = municipality_for_reader(user=user, pk=int(key))
        return ReportScope(level, key, municipality.name, municipality_units(municipality, user=user), True, False)
    if level == "owner" and key.isdigit():
        owner = owner_for_reader(user=user, pk=int(key))
        return ReportScope(level, key, owner.name, owner_units(owner), True, is_coordinator(user, owner))
    if level == "country" and len(key) == 2 and key.isalpha():
        units = country_units(user, key)
        if units.exists():
            return ReportScope(level, key.upper(), key.upper(), units, True, False)
    raise NotFound()


def own_units_scope(user) -> ReportScope:
    """The report of the units `user` records for (none without a Logbook role)."""
    return ReportScope("mine", "", str(_("Your units")), recording_units(user), False, True)


def kiosk_token(unit: Unit) -> str:
    return signing.dumps({"unit": unit.pk}, salt=KIOSK_SALT, compress=True)


def kiosk_unit(token: str) -> Unit:
    """The unit a kiosk link opens; NotFound for a link that is altered or older than a day's opening."""
    try:
        data = signing.loads(token, salt=KIOSK_SALT, max_age=KIOSK_HOURS * 3600)
        return Unit.objects.select_related("owner").get(pk=data["unit"])
    except (signing.BadSignature, KeyError, TypeError, Unit.DoesNotExist) as exc:
        raise NotFound() from exc
