"""Writes about saved searches: saving the public list's filters (confirmed at once for a signed-in
user, by a link for an address without an account), confirming, unsubscribing by the signed link in
every digest, deleting from one's own list, and the daily digest of new matching requests."""

from datetime import datetime

from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kopa.matchmaking import notifications
from kopa.matchmaking.models import SavedSearch
from kopa.matchmaking.requests.forms import RequestFilterForm
from kopa.matchmaking.requests.selectors import public_request_list

SALT = "kopa.matchmaking.saved-search"
CONFIRM_DAYS = 7
MAX_PER_ADDRESS = 20
DIGEST_SIZE = 30


def token_for(search: SavedSearch, purpose: str) -> str:
    """A signed token naming the search and what it does ("confirm" or "unsubscribe")."""
    return signing.dumps({"id": search.pk, "p": purpose}, salt=SALT)


def _search_for(token: str, purpose: str, *, max_age=None) -> SavedSearch:
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise NotFound() from exc
    if not isinstance(data, dict) or data.get("p") != purpose:
        raise NotFound()
    found = SavedSearch.objects.filter(pk=data.get("id")).first()
    if found is None:
        raise NotFound()
    return found


def normalised_query(query: str) -> str:
    """The filters of a query string, validated by the public list's form, in a stable order (the
    page number and empty values left out). Raises ValidationFailed for filters the list refuses."""
    form = RequestFilterForm(QueryDict(query or ""))
    if not form.is_valid():
        raise ValidationFailed(fields={"query": [_("These filters are not valid.")]})
    kept = QueryDict(mutable=True)
    for name in sorted(form.fields):
        for value in sorted(str(v) for v in form.data.getlist(name) if str(v).strip()):
            kept.appendlist(name, value)
    return kept.urlencode()


def filters_of(search: SavedSearch):
    form = RequestFilterForm(QueryDict(search.query))
    return form.to_request_filters()


@transaction.atomic
def search_save(*, actor, query: str, language: str, email: str = "") -> SavedSearch:
    """Save the filters; a signed-in user's own address gets digests at once, another address only
    after it is confirmed by the link sent to it. Raises ValidationFailed, Conflict."""
    query = normalised_query(query)
    signed_in = getattr(actor, "is_authenticated", False)
    email = (actor.email if signed_in else email or "").strip().lower()
    if not email or "@" not in email:
        raise ValidationFailed(fields={"email": [_("Give your e-mail address.")]})
    mine = SavedSearch.objects.filter(email=email)
    if mine.filter(query=query, confirmed_at__isnull=False).exists() and signed_in:
        raise Conflict(_("You already receive these requests by e-mail."))
    if mine.count() >= MAX_PER_ADDRESS:
        raise ValidationFailed(fields={"email": [_("This address already has %(count)s saved searches.")
                                                  % {"count": MAX_PER_ADDRESS}]})
    now = timezone.now()
    search = SavedSearch.objects.create(user=actor if signed_in else None, email=email, language=language,
                                        query=query, sent_up_to=now, confirmed_at=now if signed_in else None)
    audit.record(actor=actor if signed_in else None, obj=search, action="create", changes={"query": ["", query]})
    if not signed_in:
        notifications.saved_search_confirm(search, token_for(search, "confirm"))
    return search


@transaction.atomic
def search_confirm(*, token: str) -> SavedSearch:
    """The address's owner followed the link. Raises NotFound (a bad or old link)."""
    search = _search_for(token, "confirm", max_age=CONFIRM_DAYS * 86400)
    if search.confirmed_at is None:
        search.confirmed_at = search.sent_up_to = timezone.now()
        search.save(update_fields=["confirmed_at", "sent_up_to"])
        audit.record(actor=None, obj=search, action="confirm", changes={})
    return search


@transaction.atomic
def search_unsubscribe(*, token: str) -> None:
    """The link in every digest: no login needed. Raises NotFound once it is gone."""
    search = _search_for(token, "unsubscribe")
    audit.record(actor=None, obj=search, action="delete", changes={"query": [search.query, ""]})
    search.delete()


@transaction.atomic
def search_delete(*, actor, search: SavedSearch) -> None:
    if not getattr(actor, "is_authenticated", False) or search.user_id != actor.pk:
        raise PermissionDenied()
    audit.record(actor=actor, obj=search, action="delete", changes={"query": [search.query, ""]})
    search.delete()


def alerts_send(*, now: datetime | None = None) -> int:
    """The daily digest: to each confirmed search, the public requests posted since its last digest
    that match its filters. Returns how many digests were sent."""
    now = now or timezone.now()
    sent = 0
    for search in SavedSearch.objects.filter(confirmed_at__isnull=False).order_by("pk").iterator():
        with transaction.atomic():
            locked = SavedSearch.objects.select_for_update().filter(pk=search.pk).first()
            if locked is None:
                continue
            found = list(public_request_list(filters=filters_of(locked))
                         .filter(created_at__gt=locked.sent_up_to, created_at__lte=now)[:DIGEST_SIZE])
            locked.sent_up_to = now
            locked.save(update_fields=["sent_up_to"])
            if found:
                notifications.saved_search_digest(locked, found, token_for(locked, "unsubscribe"))
                sent += 1
    return sent
