from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from kopa.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("kopa.api.urls")),
    path("admin/", admin.site.urls),
]
# Uploaded files in development (DEBUG) only; in production the web server serves MEDIA_ROOT. Agency
# logos are also served by Kopa itself (agencies:logo), so they show wherever Kopa runs.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
urlpatterns += i18n_patterns(
    path("", include("kopa.core.urls")),
    path("", include("kopa.site.urls")),
    path("", include("kopa.agencies.urls")),
    path("", include("kopa.directory.urls")),
    path("", include("kopa.programmes.urls")),
    path("", include("kopa.events.urls")),
    path("", include("kopa.outreach.urls")),
    path("", include("kopa.matchmaking.urls")),
    path("", include("kopa.logbook.urls")),
    path("", include("kopa.library.urls")),
    path("", include("kopa.reports.urls")),
    path("", include("kopa.api.ui_urls")),
    prefix_default_language=True,
)

# The API answers a server error in its own JSON shape too.
handler500 = "kopa.api.errors.server_error"
