"""Reads of API tokens."""

from django.db.models import QuerySet

from kopa.api.models import ApiToken, hash_key


def tokens_of(user) -> QuerySet[ApiToken]:
    """Every token of `user`, revoked ones too, newest first."""
    return ApiToken.objects.filter(user=user)


def active_token(key: str) -> ApiToken | None:
    """The token with this key, with its user, unless it is revoked; None when there is none."""
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
