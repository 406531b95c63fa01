"""Reads about saved searches: one's own list, and one of them for deleting."""

from django.db.models import QuerySet

from kopa.core.errors import NotFound
from kopa.matchmaking.models import SavedSearch


def my_saved_searches(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("created_at", "id")


def my_saved_search(*, user, pk) -> SavedSearch:
    text = str(pk)
    found = SavedSearch.objects.filter(user=user, pk=int(text)).first() if text.isdigit() and len(text) < 19 else None
    if found is None:
        raise NotFound()
    return found
