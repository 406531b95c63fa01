"""Gates on the tenancy: is this person agency staff, and of which agency.

Services call `require_agency_staff` (may change: admin or staff); views wrap staff pages in
`staff_required` (may read: any role, observer included), which answers 404 to anyone else, so the
back office does not reveal that it exists. Pages that only change something wrap themselves in
`writer_required` as well, so an observer gets the 404 before any form is shown. A staff document
or export is started by a POST (`staff_download_required`) and built as a background job.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from kopa.agencies.selectors import is_agency_staff, is_agency_writer, writer_agency_ids
from kopa.core.errors import PermissionDenied


def require_agency_staff(actor, agency) -> None:
    """Raise PermissionDenied unless `actor` may change `agency`'s data (an Agency or its id): admin
    or staff of it, or a superuser. An observer is refused."""
    agency_id = getattr(agency, "pk", agency)
    if not is_agency_writer(actor, agency_id):
        raise PermissionDenied()


def require_some_agency_writer(actor) -> None:
    """Raise PermissionDenied unless `actor` may change the data of at least one agency."""
    if not writer_agency_ids(actor):
        raise PermissionDenied()


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def staff_required(view):
    """Agency staff only (any role reads); anyone else gets a 404, so the back office does not reveal
    itself. A POST (or any other change) is for admins and staff only: an observer gets the 404 too,
    before any form is read. Which agency's data may be changed the services check, object by object."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_agency_staff(request.user):
            raise Http404()
        if request.method not in SAFE_METHODS and not writer_agency_ids(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapped


def staff_download_required(view):
    """Starting a staff download (a document or an export, built as a background job of the person's
    own): any role of an agency, by POST only, so that following a link, a prefetch or a crawler
    starts nothing (405 for a GET). The POST changes no agency data, so observers may send it too;
    anyone else gets a 404. The view still asks the object's gate."""

    @require_POST
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_agency_staff(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapped


def writer_required(view):
    """Staff pages that only change something (a "new …" form, an edit form): admins and staff of some
    agency; an observer, like anyone else, gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not writer_agency_ids(request.user):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapped
