from django.urls import path

from kopa.directory import views

app_name = "directory"

# Three trees: the public directory, the agency back office, and the representative's own area.
urlpatterns = [
    path("directory/", views.public_list, name="public_list"),
    path("directory/<int:pk>/", views.public_detail, name="public_detail"),
    path("staff/organisations/", views.staff_list, name="staff_list"),
    path("staff/organisations/new/", views.staff_create, name="staff_create"),
    path("staff/organisations/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/organisations/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("my/organisations/<int:pk>/edit/", views.my_edit, name="my_edit"),
]
