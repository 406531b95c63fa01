"""What the agencies hold about a person: their roles in agency teams."""

from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import AgencyMembership
from kopa.core import privacy


def _memberships(subject):
    if subject.user is None:
        return []
    return [privacy.values(m, ("agency", "role"))
            for m in AgencyMembership.objects.filter(user=subject.user).select_related("agency")]


privacy.subject("agency_roles", title=_("Roles in agency teams"), collect=_memberships, order=15,
                links={AgencyMembership: ("user",)})
