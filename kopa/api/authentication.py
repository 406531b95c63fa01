from rest_framework import authentication, exceptions

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.api.models import ApiToken, hash_key


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` with a personal, revocable token."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
