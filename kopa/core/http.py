"""Small request helpers shared by the apps' views."""

from django.http import Http404


def posted_id(request, name: str) -> int:
    """The whole number posted as `name`; anything else is a 404, never a server error."""
    value = (request.POST.get(name) or "").strip()
    if not value.isdigit():
        raise Http404()
    return int(value)


def posted_ids(request, name: str) -> list[int]:
    """Every value posted as `name`, each a whole number, once each and sorted; anything else is a
    404, never a server error."""
    values = [value.strip() for value in request.POST.getlist(name)]
    if not all(value.isdigit() for value in values):
        raise Http404()
    return sorted({int(value) for value in values})
