"""What the API holds about a person: their personal API tokens (the name, never the key)."""

from django.utils.translation import gettext_lazy as _

from kopa.api.models import ApiToken
from kopa.core import privacy


def _tokens(subject):
    if subject.user is None:
        return []
    return [privacy.values(t, ("name", "created_at", "last_used_at", "revoked_at"))
            for t in ApiToken.objects.filter(user=subject.user)]


privacy.subject("api_tokens", title=_("API tokens"), collect=_tokens, order=60, links={ApiToken: ("user",)})
