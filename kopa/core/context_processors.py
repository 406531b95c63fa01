from django.conf import settings

from kopa.core.models import DisplayMode


def kopa(request):
    mode = getattr(request, "display_mode", DisplayMode.DEFAULT.value)
    return {
        "display_mode": mode,
        "display_modes": DisplayMode.choices,
        "kopa_languages": settings.LANGUAGES,
        "kopa_debug": settings.DEBUG,
    }
