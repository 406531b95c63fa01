"""Reads about agencies and who works for them, aware of who is asking.

Two questions, never mixed up (docs/roles.md):

- **may read** — `staff_agency_ids`, `is_agency_member`, `agencies_for_staff`: every role (admin, staff,
  observer) of an agency reads what the agency's staff read; scoped lists and the `…_for_staff`
  getters ask this.
- **may change** — `writer_agency_ids`, `is_agency_writer`, `can_manage_agency`: only admins and staff;
  every write gate (the `require_…` gates of each app's access.py, and the services) asks this.

A superuser works for every agency, in every role.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from kopa.agencies.models import Agency, AgencyMembership
from kopa.core.errors import NotFound

WRITER_ROLES = (AgencyMembership.Role.ADMIN, AgencyMembership.Role.STAFF)


def staff_agency_ids(user) -> set[int]:
    """Agencies whose staff pages `user` may read (as admin, staff or observer); every agency for a
    superuser. Never use it to allow a change: ask `writer_agency_ids`."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_kopa_staff_agencies", None)
    if cache is None:
        if user.is_superuser:
            cache = set(Agency.objects.values_list("id", flat=True))
        else:
            cache = set(
                AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True)
            )
        user._kopa_staff_agencies = cache
    return cache


def writer_agency_ids(user) -> set[int]:
    """Agencies whose data `user` may change (as admin or staff, not as observer); every agency for a
    superuser."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_kopa_writer_agencies", None)
    if cache is None:
        if user.is_superuser:
            cache = set(Agency.objects.values_list("id", flat=True))
        else:
            cache = set(
                AgencyMembership.objects.filter(user=user, role__in=WRITER_ROLES)
                .values_list("agency_id", flat=True)
            )
        user._kopa_writer_agencies = cache
    return cache


def is_agency_writer(user, agency_id: int | None) -> bool:
    """Whether `user` may change the data of the agency `agency_id` (admin or staff; a superuser)."""
    return agency_id is not None and agency_id in writer_agency_ids(user)


def is_read_only_staff(user) -> bool:
    """Whether `user` reads agency pages but may change nothing anywhere (only observer roles)."""
    return bool(staff_agency_ids(user)) and not writer_agency_ids(user)


def admin_agency_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("id", flat=True))
    return set(
        AgencyMembership.objects.filter(user=user, role=AgencyMembership.Role.ADMIN).values_list(
            "agency_id", flat=True
        )
    )


def is_agency_staff(user) -> bool:
    return bool(staff_agency_ids(user))


def is_agency_member(user, agency_id: int | None) -> bool:
    """Whether `user` works for the agency `agency_id` in any role, observer included, so may read
    its staff pages (a superuser works for every agency). A question of reading only."""
    return agency_id is not None and agency_id in staff_agency_ids(user)


def can_manage_agency(user, agency: Agency | None) -> bool:
    """Whether `user` may change `agency`'s data (admin or staff)."""
    return agency is not None and is_agency_writer(user, agency.pk)


def agencies_for_writer(user) -> QuerySet[Agency]:
    """The agencies `user` may act for (admin or staff; every agency for a superuser)."""
    return Agency.objects.filter(id__in=writer_agency_ids(user))


def agencies_for_staff(user) -> QuerySet[Agency]:
    return Agency.objects.filter(id__in=staff_agency_ids(user))


def current_agency(user, requested_id: str | int | None = None) -> Agency | None:
    """The agency a staff member is working as: the one asked for if allowed, else their first."""
    ids = staff_agency_ids(user)
    if not ids:
        return None
    try:
        wanted = int(requested_id) if requested_id else None
    except (TypeError, ValueError):
        wanted = None
    chosen = wanted if wanted in ids else min(ids)
    return Agency.objects.filter(id=chosen).first()


def all_agencies() -> QuerySet[Agency]:
    """Every agency (e.g. to accept any agency's slug in a filter, then check access separately)."""
    return Agency.objects.all()


def agencies_in_country(country_code: str) -> QuerySet[Agency]:
    return Agency.objects.filter(country=country_code)


def public_agency(*, slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise NotFound()
    return agency


def staff_members(agency_ids) -> QuerySet:
    """The active users who work for any of `agency_ids` as admin or staff (e.g. to assign a task
    to; an observer does no work), by name."""
    return (
        get_user_model()
        .objects.filter(agency_memberships__agency_id__in=list(agency_ids),
                        agency_memberships__role__in=WRITER_ROLES, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def is_staff_member(*, agency_id: int, user) -> bool:
    """Whether `user` works for the agency `agency_id` as admin or staff (superusers and observers
    not included)."""
    return AgencyMembership.objects.filter(agency_id=agency_id, user=user, role__in=WRITER_ROLES).exists()


def staff_member_ids(agency_ids) -> QuerySet:
    """The ids of the users working for any of `agency_ids` as admin or staff, as a subquery."""
    return AgencyMembership.objects.filter(agency_id__in=list(agency_ids), role__in=WRITER_ROLES).values("user_id")


def agency_for_staff(*, user, slug: str) -> Agency:
    """An agency `user` works for (every agency for a superuser). Raises NotFound."""
    agency = Agency.objects.filter(slug=slug, id__in=staff_agency_ids(user)).first()
    if agency is None:
        raise NotFound()
    return agency


def team(agency: Agency) -> QuerySet[AgencyMembership]:
    """The people who work for `agency`, admins first, by name."""
    return (AgencyMembership.objects.filter(agency=agency).select_related("user")
            .order_by("role", "user__first_name", "user__last_name", "user__username"))


def membership_in(*, agency: Agency, pk) -> AgencyMembership:
    """One membership of `agency`. Raises NotFound (also for an id that is not a whole number)."""
    try:
        membership = team(agency).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        membership = None
    if membership is None:
        raise NotFound()
    return membership


def is_agency_admin(user, agency: Agency) -> bool:
    return agency.pk in admin_agency_ids(user)


def sending_agencies(country_code: str) -> QuerySet[Agency]:
    """The agencies that act for `country_code`'s applicants: its national agencies. A network is
    never a sending agency, even in its own country."""
    return Agency.objects.filter(country=country_code, kind=Agency.Kind.NATIONAL_AGENCY)


def sending_countries(user) -> list[str]:
    """The countries whose national agency `user` works for (every such country for a superuser)."""
    return sorted(set(
        agencies_for_staff(user).filter(kind=Agency.Kind.NATIONAL_AGENCY).exclude(country="")
        .values_list("country", flat=True)
    ))
