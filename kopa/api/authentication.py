from rest_framework import authentication, exceptions

from django.utils.translation import gettext_lazy as _

from kopa.api.selectors import active_token
from kopa.api.services import token_used


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` with a personal, revocable token."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = active_token(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        token_used(token=token)
        return token.user, token
