"""What every page needs to know about the tenancy: whether the visitor works for an agency."""

from kopa.agencies.selectors import is_agency_staff


def staff(request) -> dict:
    user = getattr(request, "user", None)
    # A callable: templates call it only where the menu asks, and the answer is cached on the user.
    return {"is_agency_staff": lambda: is_agency_staff(user)}
