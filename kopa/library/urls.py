from django.urls import path

from kopa.library import views, views_staff

app_name = "library"

# Public pages live under library/, the back office under staff/library/.
urlpatterns = [
    path("library/", views.resource_list, name="list"),
    path("library/feed/", views.LatestResourcesFeed(), name="feed"),
    path("library/<int:pk>/", views.resource_detail, name="detail"),
    path("library/<int:pk>/<str:language>/download/", views.download, name="download"),
    path("staff/library/", views_staff.resource_list, name="staff_list"),
    path("staff/library/new/", views_staff.resource_create, name="staff_create"),
    path("staff/library/<int:pk>/", views_staff.resource_detail, name="staff_detail"),
    path("staff/library/<int:pk>/edit/", views_staff.resource_edit, name="staff_edit"),
    path("staff/library/<int:pk>/versions/", views_staff.version_add, name="staff_version"),
    path("staff/library/<int:pk>/publish/", views_staff.resource_publish, name="staff_publish"),
]
