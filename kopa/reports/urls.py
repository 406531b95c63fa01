app_name = "reports"

# The reports are staff pages under staff/reports/ and the events' staff pages.
urlpatterns = []
