"""Request helpers shared by the outreach pages."""

from django.http import Http404


def posted_ids(request, name: str) -> list[int]:
    """Every value posted as `name`, each a whole number, once each and sorted; anything else is a
    404 (as `kopa.core.http.posted_id`)."""
    values = [value.strip() for value in request.POST.getlist(name)]
    if not all(value.isdigit() for value in values):
        raise Http404()
    return sorted({int(value) for value in values})
