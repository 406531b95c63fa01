"""What every page needs to know about the tenancy: whether the visitor works for an agency, and
whether they only read (an observer everywhere: pages hide their write controls)."""

from kopa.agencies.selectors import is_agency_staff, is_read_only_staff


def staff(request) -> dict:
    user = getattr(request, "user", None)
    # Callables: templates call them only where a page asks, and the answers are cached on the user.
    return {"is_agency_staff": lambda: is_agency_staff(user),
            "read_only_staff": lambda: is_read_only_staff(user)}
