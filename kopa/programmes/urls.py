from django.urls import path

from kopa.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.partnership_list, name="partnership_list"),
    path("programmes/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
]
