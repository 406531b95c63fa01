from django.urls import path

from kopa.reports.activity import views
from kopa.reports.cycles.views import (
    cycle_beneficiary,
    cycle_export,
    cycle_list,
    cycle_narrative,
    cycle_partnership,
    cycle_report_page,
)

app_name = "reports"

# The reports are staff pages under staff/reports/ and the events' staff pages.
urlpatterns = [
    # Activity reports.
    path("staff/reports/", views.activity_list, name="activity_list"),
    path("staff/events/<int:pk>/activity-report/", views.activity_event, name="activity_event"),
    path("staff/reports/activity/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("staff/reports/activity/<int:pk>/photos/", views.activity_photos, name="activity_photos"),
    path("staff/reports/activity/<int:pk>/photos/<int:photo_pk>.jpg", views.activity_photo,
         name="activity_photo"),
    path("staff/reports/activity/<int:pk>/report.pdf", views.activity_pdf, name="activity_pdf"),
    path("staff/reports/activity/<int:pk>/report.docx", views.activity_docx, name="activity_docx"),
    path("staff/reports/activity/<int:pk>/finalise/", views.activity_finalise, name="activity_finalise"),
    path("staff/reports/activity/<int:pk>/new-version/", views.activity_new_version,
         name="activity_new_version"),
    path("staff/reports/activity/<int:pk>/publish/", views.activity_publish, name="activity_publish"),
    # Cycle and partnership reports.
    path("staff/reports/cycles/", cycle_list, name="cycle_list"),
    path("staff/reports/cycles/<int:pk>/", cycle_report_page, name="cycle_report"),
    path("staff/reports/cycles/<int:pk>/partnership/", cycle_partnership, name="cycle_partnership"),
    path("staff/reports/cycles/<int:pk>/narrative/", cycle_narrative, name="cycle_narrative"),
    path("staff/reports/cycles/<int:pk>/export/<str:fmt>/", cycle_export, name="cycle_export"),
    path("staff/reports/cycles/<int:pk>/beneficiary/<str:fmt>/", cycle_beneficiary,
         name="cycle_beneficiary"),
]
