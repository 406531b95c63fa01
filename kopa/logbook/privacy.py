"""What the Logbook holds about people: the roles of its users (their own data, in "My data"), and
aliases of young people: a hash of the alias, a hashed PIN, an age band and a gender, never a name.
An alias nobody has used for ALIAS_RETENTION_DAYS is deleted; its visits stay counted as visits (with
the age band and gender copied on them, an anonymous count), no longer as a visitor."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.logbook.models import Alias, Entry, Role

ALIAS_RULE = "logbook aliases"
ALIAS_RETENTION_DAYS = 730


def aliases_due(now):
    """Ids of the aliases last seen (or made, never seen) more than ALIAS_RETENTION_DAYS ago."""
    cutoff = now - timedelta(days=ALIAS_RETENTION_DAYS)
    return Alias.objects.filter(Q(last_seen__lt=cutoff.date()) | Q(last_seen__isnull=True, created_at__lt=cutoff)
                                ).values_list("pk", flat=True)


privacy.rule(ALIAS_RULE, description="A young person's alias, PIN, age band and gender, until two years "
             "after their last visit (or at their request, through a youth worker).", due=aliases_due)
privacy.declare(Alias, rule=ALIAS_RULE, owner="pk")


def _roles(subject):
    if subject.user is None:
        return []
    return [privacy.values(role, ("owner", "kind", "unit", "municipality"))
            for role in Role.objects.filter(user=subject.user).select_related("owner", "unit", "municipality")]


privacy.subject("logbook_roles", title=_("Roles in the Logbook"), collect=_roles, order=60,
                links={Role: ("user",)})
privacy.subject_exempt(Entry, fields=("author",), why="youth work at work: who recorded a session")
