"""What the programmes hold about a person: the working groups their directory record is a member of."""

from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.directory.privacy import subject_people
from kopa.programmes.models import WorkingGroup


def _working_groups(subject):
    rows = WorkingGroup.objects.filter(members__in=subject_people(subject)).distinct().select_related("agency")
    return [[(str(_("Working group")), str(g)), (str(_("Agency")), str(g.agency))] for g in rows]


privacy.subject("working_groups", title=_("Working groups"), collect=_working_groups, order=30,
                links={WorkingGroup: ("members",)})
