from django.urls import path  # noqa: F401

app_name = "events"

# Public calendar and event pages under events/, the participant's area under my/events/, organisers'
# pages under staff/events/. Each part of the app adds its routes in its own block.
urlpatterns: list = []
