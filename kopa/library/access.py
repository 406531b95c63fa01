"""Gates of the library: who may see and who may change a resource.

Everyone sees a published public resource and downloads its files. Any role of the owning agency
(observer included) sees the agency's drafts and staff-only resources; admins and staff of the owning
agency create, edit, upload and publish. Anyone else gets a 404 for another agency's drafts and
staff-only resources, so the library does not reveal that they exist.
"""

from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import is_agency_member, is_agency_writer
from kopa.core.errors import PermissionDenied
from kopa.library.models import Resource
from kopa.library.selectors import (
    one_or_not_found,
    staff_resources,
    visible_resources,
    writable_resources,
)


def may_read(user, resource: Resource) -> bool:
    return resource.is_public or is_agency_member(user, resource.agency_id)


def may_change(user, resource: Resource) -> bool:
    return is_agency_writer(user, resource.agency_id)


def require_writer(actor, agency_id: int) -> None:
    """Admins and staff of the agency (a superuser too). Raises PermissionDenied."""
    if not is_agency_writer(actor, agency_id):
        raise PermissionDenied()


def resource_for_staff(*, user, pk) -> Resource:
    """A resource of `user`'s agencies (any role). Raises NotFound."""
    return one_or_not_found(staff_resources(user), pk)


def resource_for_writer(*, user, pk) -> Resource:
    """A resource `user` may change. Raises NotFound."""
    return one_or_not_found(writable_resources(user), pk)


def resource_for_reader(*, user, pk) -> Resource:
    """A resource `user` may see: published and public, or of their agencies. Raises NotFound."""
    return one_or_not_found(visible_resources(user), pk)


A = Audience

POLICY = {
    "library:staff_list": Rule(read=A.ANY_AGENCY),
    "library:staff_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "library:staff_detail": Rule(read=A.OWNER),
    "library:staff_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "library:staff_version": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "library:staff_publish": Rule(read=A.NOBODY, write=A.OWNER_WRITER),
    "api-v1:library-resource-list": Rule(read=A.PUBLIC, write=A.ANY_WRITER),
    "api-v1:library-resource-detail": Rule(read=A.PUBLIC, write=A.OWNER_WRITER, obj="library_resource"),
    "api-v1:library-resource-publish": Rule(read=A.NOBODY, write=A.OWNER_WRITER, obj="library_resource"),
}
