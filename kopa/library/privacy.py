"""What the library holds about a person: nothing private. Files are publications, not personal data.

Who created a resource and who uploaded a file are staff at work; they are shown in the resource's
history (audit entries, kept as every audit entry is) and emptied (SET NULL) when the account is
deleted. They are listed in "My data" as the resources and files the person added.
"""

from django.utils.translation import gettext_lazy as _

from kopa.core import privacy
from kopa.library.models import Resource, ResourceVersion


def _added(subject: privacy.Subject):
    if subject.user is None:
        return []
    records = [privacy.values(r, ("title", "agency", "created_at"))
               for r in Resource.objects.filter(created_by=subject.user).select_related("agency")]
    records += [privacy.values(v, ("resource", "language", "filename", "uploaded_at"))
                for v in ResourceVersion.objects.filter(uploaded_by=subject.user).select_related("resource")]
    return records


privacy.subject("library", title=_("Library resources and files you added"), collect=_added, order=80,
                links={Resource: ("created_by",), ResourceVersion: ("uploaded_by",)})
