from django.urls import path

from kopa.directory import views, views_import, views_people

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

# Staff tools for whole lists: import, export, duplicates and merging.
urlpatterns += [
    path("staff/organisations/import/", views_import.import_upload, name="import_upload"),
    path("staff/organisations/import/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("staff/organisations/export.csv", views_import.export_csv, name="export_csv"),
    path("staff/organisations/export.xlsx", views_import.export_xlsx, name="export_xlsx"),
    path("staff/organisations/duplicates/", views_import.duplicate_list, name="duplicates"),
    path("staff/organisations/<int:pk>/merge/", views_import.merge, name="merge"),
]

# Contact people of the organisations in the staff's inventory.
urlpatterns += [
    path("staff/people/", views_people.person_list, name="staff_person_list"),
    path("staff/people/<int:pk>/", views_people.person_detail, name="staff_person_detail"),
    path("staff/people/<int:pk>/edit/", views_people.person_edit, name="staff_person_edit"),
    path("staff/people/<int:pk>/roles/<int:org_pk>/new/", views_people.affiliation_add,
         name="staff_affiliation_add"),
    path("staff/organisations/<int:org_pk>/people/new/", views_people.person_create, name="staff_person_create"),
]
