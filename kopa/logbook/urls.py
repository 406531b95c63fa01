from django.urls import path

from kopa.logbook import views

app_name = "logbook"

urlpatterns = [
    path("logbook/", views.home, name="home"),
    path("logbook/sw.js", views.service_worker, name="service_worker"),
    path("logbook/entries/<uuid:uuid>/", views.entry_edit, name="entry"),
    path("logbook/units/<int:pk>/", views.unit_page, name="unit"),
    path("logbook/units/<int:pk>/kiosk/", views.kiosk_open, name="kiosk_open"),
    path("logbook/owners/<int:pk>/", views.owner_page, name="owner"),
    path("logbook/municipalities/<int:pk>/", views.municipality_page, name="municipality"),
    path("logbook/kiosk/<str:token>/", views.kiosk, name="kiosk"),
]
