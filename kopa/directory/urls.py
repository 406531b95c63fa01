from django.urls import path

from kopa.directory.duplicates.views import duplicate_list, merge
from kopa.directory.imports.views import export_csv, export_xlsx, import_detail, import_upload
from kopa.directory.organisations.views import my_edit, public_detail, public_list
from kopa.directory.organisations.views_staff import (
    staff_create,
    staff_detail,
    staff_edit,
    staff_list,
)
from kopa.directory.people.views import (
    affiliation_add,
    person_create,
    person_detail,
    person_edit,
    person_list,
)

app_name = "directory"

# Three trees: the public directory, the agency back office, and the representative's own area.
urlpatterns = [
    path("directory/", public_list, name="public_list"),
    path("directory/<int:pk>/", public_detail, name="public_detail"),
    path("staff/organisations/", staff_list, name="staff_list"),
    path("staff/organisations/new/", staff_create, name="staff_create"),
    path("staff/organisations/<int:pk>/", staff_detail, name="staff_detail"),
    path("staff/organisations/<int:pk>/edit/", staff_edit, name="staff_edit"),
    path("my/organisations/<int:pk>/edit/", my_edit, name="my_edit"),
]

# Staff tools for whole lists: import, export, duplicates and merging.
urlpatterns += [
    path("staff/organisations/import/", import_upload, name="import_upload"),
    path("staff/organisations/import/<int:pk>/", import_detail, name="import_detail"),
    path("staff/organisations/export.csv", export_csv, name="export_csv"),
    path("staff/organisations/export.xlsx", export_xlsx, name="export_xlsx"),
    path("staff/organisations/duplicates/", duplicate_list, name="duplicates"),
    path("staff/organisations/<int:pk>/merge/", merge, name="merge"),
]

# Contact people of the organisations in the staff's inventory.
urlpatterns += [
    path("staff/people/", person_list, name="staff_person_list"),
    path("staff/people/<int:pk>/", person_detail, name="staff_person_detail"),
    path("staff/people/<int:pk>/edit/", person_edit, name="staff_person_edit"),
    path("staff/people/<int:pk>/roles/<int:org_pk>/new/", affiliation_add,
         name="staff_affiliation_add"),
    path("staff/organisations/<int:org_pk>/people/new/", person_create, name="staff_person_create"),
]
