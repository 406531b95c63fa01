"""Writes of API tokens: creating, revoking, and noting when one was used."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.api.models import ApiToken, hash_key
from kopa.core.errors import NotFound, ValidationFailed


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the key, which is never shown again. Raises ValidationFailed."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(fields={"name": [_("Give the token a name, e.g. the tool that uses it.")]})
    if len(name) > 80:
        raise ValidationFailed(fields={"name": [_("A name can be at most 80 characters long.")]})
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=hash_key(key))
    return token, key


@transaction.atomic
def token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of `user`'s tokens. Raises NotFound."""
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise NotFound()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def token_used(*, token: ApiToken) -> None:
    """Note that `token` was just used: at most once a minute, so busy clients do not write on every
    request. One UPDATE statement, atomic on its own."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def tokens_delete(*, user) -> int:
    """Delete every API token of `user` (their account is being deleted). Returns how many went."""
    return ApiToken.objects.filter(user=user).delete()[0]
