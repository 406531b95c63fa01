from django.urls import path

from kopa.api import views

app_name = "api"

urlpatterns = [
    path("my/api-tokens/", views.tokens, name="tokens"),
    path("api/docs/", views.docs, name="docs"),
]
