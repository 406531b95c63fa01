from django.urls import path

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
    path("staff/reports/cycles/", cycle_list, name="cycle_list"),
    path("staff/reports/cycles/<int:pk>/", cycle_report_page, name="cycle_report"),
    path("staff/reports/cycles/<int:pk>/partnership/", cycle_partnership, name="cycle_partnership"),
    path("staff/reports/cycles/<int:pk>/narrative/", cycle_narrative, name="cycle_narrative"),
    path("staff/reports/cycles/<int:pk>/export/<str:fmt>/", cycle_export, name="cycle_export"),
    path("staff/reports/cycles/<int:pk>/beneficiary/<str:fmt>/", cycle_beneficiary,
         name="cycle_beneficiary"),
]
