from django.urls import path

from kopa.directory.dataprotection.views import (
    dp_request_create,
    dp_request_detail,
    dp_request_erase,
    dp_request_export,
    dp_request_list,
)
from kopa.directory.duplicates.views import duplicate_list, merge
from kopa.directory.imports.views import (
    export_csv,
    export_xlsx,
    import_cancel,
    import_detail,
    import_upload,
)
from kopa.directory.organisations.views import (
    my_affiliation,
    my_edit,
    my_represent,
    public_detail,
    public_list,
)
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
from kopa.directory.proposals.views import proposal_create
from kopa.directory.proposals.views_staff import proposal_list, proposal_review

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

# A signed-in person's links to organisations: a claimed role, a request to represent one, and a
# proposal of a new one, which staff of its country review.
urlpatterns += [
    path("my/organisations/<int:pk>/role/", my_affiliation, name="my_affiliation"),
    path("my/organisations/<int:pk>/represent/", my_represent, name="my_represent"),
    path("my/organisations/propose/", proposal_create, name="proposal_create"),
    path("staff/organisations/proposals/", proposal_list, name="proposal_list"),
    path("staff/organisations/proposals/<int:pk>/", proposal_review, name="proposal_review"),
]

# Staff tools for whole lists: import, export, duplicates and merging.
urlpatterns += [
    path("staff/organisations/import/", import_upload, name="import_upload"),
    path("staff/organisations/import/<int:pk>/", import_detail, name="import_detail"),
    path("staff/organisations/import/<int:pk>/cancel/", import_cancel, name="import_cancel"),
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

# Data-protection requests people make to an agency (GDPR Art. 15-17): access, rectification, erasure.
urlpatterns += [
    path("staff/data-protection/", dp_request_list, name="dp_request_list"),
    path("staff/data-protection/new/", dp_request_create, name="dp_request_create"),
    path("staff/data-protection/<int:pk>/", dp_request_detail, name="dp_request_detail"),
    path("staff/data-protection/<int:pk>/export.json", dp_request_export, name="dp_request_export"),
    path("staff/data-protection/<int:pk>/erase/", dp_request_erase, name="dp_request_erase"),
]
