"""Small request helpers shared by the apps' views."""

from django.http import Http404


def posted_id(request, name: str) -> int:
    """The whole number posted as `name`; anything else is a 404, never a server error."""
    value = (request.POST.get(name) or "").strip()
    if not value.isdigit():
        raise Http404()
    return int(value)
