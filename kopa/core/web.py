"""The web adapter: how pages turn Kopa's error hierarchy into HTTP answers, written once.

Services and selectors raise `kopa.core.errors` exceptions; pages never catch them one by one:

- `NotFound` and `PermissionDenied` that leave a view become a 404 page
  (`kopa.core.middleware.ServiceErrorMiddleware`): views call selectors directly;
- `submit(request, form, save, success=...)` validates a posted form, calls the service, puts a
  `ValidationFailed`'s messages next to the fields (`kopa.core.forms.ServiceErrorsMixin`), flashes the
  success message and returns what the service returned;
- staff documents and exports are background jobs started by a POST (`kopa.core.jobs`, whose results
  are written by `csv_result` / `xlsx_result` / `pdf_result`); what still answers in the request
  (the directory's streamed export) uses `kopa.core.spreadsheets.csv_response` / `xlsx_response`.

The API maps the same hierarchy to its JSON errors once, in `kopa.api.errors`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages

from kopa.core.errors import ValidationFailed

T = TypeVar("T")


def submit(request, form, save: Callable[[], T], *, success: str | None = None) -> T | None:
    """Validate `form` if posted, run `save` (a service call) and flash `success`.

    Returns what `save` returned, or None when the page should show the form again: not posted, not
    valid, or refused by the service (whose messages are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationFailed as exc:
        form.add_service_errors(exc)
        return None
    if success:
        messages.success(request, success)
    return saved
