"""Gates on the tenancy: is this person agency staff, and of which agency.

Services call `require_agency_staff`; views wrap staff pages in `staff_required`, which answers 404 to
anyone else, so the back office does not reveal that it exists.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from kopa.agencies.selectors import is_agency_member, is_agency_staff
from kopa.core.errors import PermissionDenied


def require_agency_staff(actor, agency) -> None:
    """Raise PermissionDenied unless `actor` works for `agency` (an Agency or its id)."""
    agency_id = getattr(agency, "pk", agency)
    if not is_agency_member(actor, agency_id):
        raise PermissionDenied()


def staff_required(view):
    """Agency staff only; anyone else gets a 404, so the back office does not reveal itself."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_agency_staff(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapped
