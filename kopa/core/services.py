"""Account workflows: sign-up with e-mail verification, preferences."""

from django.db import transaction
from django.utils.translation import gettext as _

from kopa.core.errors import ValidationFailed
from kopa.core.models import DisplayMode, UserPreference


@transaction.atomic
def preference_set(*, user, language: str | None = None, display_mode: str | None = None) -> UserPreference:
    """Remember a user's language and/or display mode. Raises ValidationFailed."""
    pref, _created = UserPreference.objects.get_or_create(user=user)
    if display_mode is not None:
        if display_mode not in DisplayMode.values:
            raise ValidationFailed(fields={"display_mode": [_("Unknown display mode.")]})
        pref.display_mode = display_mode
    if language is not None:
        pref.language = language
    pref.save()
    return pref
