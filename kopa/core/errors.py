"""One exception hierarchy for Kopa; messages are translatable, codes are stable for the API."""

from django.utils.translation import gettext_lazy as _


class KopaError(Exception):
    """Base of every expected, user-explainable failure."""

    code = "error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, field: str | None = None, fields: dict | None = None):
        self.message = message or self.default_message
        self.field = field
        self.fields = fields or ({field: [self.message]} if field else {})
        super().__init__(str(self.message))


class ValidationFailed(KopaError):
    code = "validation_failed"
    status = 400
    default_message = _("Some fields need correcting.")


class PermissionDenied(KopaError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(KopaError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Conflict(KopaError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with existing data.")
