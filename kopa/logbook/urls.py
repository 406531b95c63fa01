from django.urls import path

from kopa.logbook import views

app_name = "logbook"

urlpatterns = [
    path("logbook/", views.home, name="home"),
    path("logbook/sw.js", views.service_worker, name="service_worker"),
    path("logbook/entries/<uuid:uuid>/", views.entry_edit, name="entry"),
    path("logbook/units/<int:pk>/", views.unit_page, name="unit"),
    path("logbook/units/<int:pk>/kiosk/", views.kiosk_open, name="kiosk_open"),
    path("logbook/units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("logbook/units/<int:pk>/week/", views.week_entry, name="week"),
    path("logbook/units/<int:pk>/import/", views.csv_import, name="import"),
    path("logbook/activities/<int:pk>/", views.activity_edit, name="activity"),
    path("logbook/owners/<int:pk>/", views.owner_page, name="owner"),
    path("logbook/owners/<int:pk>/manage/", views.owner_manage, name="owner_manage"),
    path("logbook/municipalities/<int:pk>/", views.municipality_page, name="municipality"),
    path("logbook/kiosk/<str:token>/", views.kiosk, name="kiosk"),
    path("logbook/reports/<str:level>/<str:key>/", views.report_page, name="report"),
    path("logbook/reports/<str:level>/<str:key>/pdf/", views.report_pdf, name="report_pdf"),
    path("logbook/reports/<str:level>/<str:key>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("logbook/reports/<str:level>/<str:key>/annual/", views.report_annual, name="report_annual"),
    path("youth-work/", views.overview, name="overview"),
]
