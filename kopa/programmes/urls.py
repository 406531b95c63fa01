from django.urls import path

from kopa.programmes import staff_views, views

app_name = "programmes"

# Public pages live under programmes/, the back office under staff/programmes/.
urlpatterns = [
    path("programmes/", views.partnership_list, name="partnership_list"),
    path("programmes/projects/", views.project_list, name="project_list"),
    path("programmes/projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("programmes/agencies/<slug:slug>/working-groups/", views.agency_working_groups,
         name="agency_working_groups"),
    path("programmes/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("staff/programmes/", staff_views.index, name="staff_index"),
    path("staff/programmes/partnerships/", staff_views.partnership_list, name="staff_partnership_list"),
    path("staff/programmes/partnerships/new/", staff_views.partnership_create, name="staff_partnership_create"),
    path("staff/programmes/partnerships/<int:pk>/", staff_views.partnership_detail,
         name="staff_partnership_detail"),
    path("staff/programmes/partnerships/<int:pk>/edit/", staff_views.partnership_edit,
         name="staff_partnership_edit"),
    path("staff/programmes/partnerships/<int:partnership_pk>/cycles/new/", staff_views.cycle_create,
         name="staff_cycle_create"),
    path("staff/programmes/partnerships/<int:partnership_pk>/strands/new/", staff_views.strand_create,
         name="staff_strand_create"),
    path("staff/programmes/cycles/", staff_views.cycle_list, name="staff_cycle_list"),
    path("staff/programmes/cycles/<int:pk>/", staff_views.cycle_detail, name="staff_cycle_detail"),
    path("staff/programmes/cycles/<int:pk>/edit/", staff_views.cycle_edit, name="staff_cycle_edit"),
    path("staff/programmes/strands/", staff_views.strand_list, name="staff_strand_list"),
    path("staff/programmes/strands/<int:pk>/", staff_views.strand_detail, name="staff_strand_detail"),
    path("staff/programmes/strands/<int:pk>/edit/", staff_views.strand_edit, name="staff_strand_edit"),
    path("staff/programmes/working-groups/", staff_views.working_group_list, name="staff_working_group_list"),
    path("staff/programmes/working-groups/new/", staff_views.working_group_create,
         name="staff_working_group_create"),
    path("staff/programmes/working-groups/<int:pk>/", staff_views.working_group_detail,
         name="staff_working_group_detail"),
    path("staff/programmes/working-groups/<int:pk>/edit/", staff_views.working_group_edit,
         name="staff_working_group_edit"),
    path("staff/programmes/projects/", staff_views.project_list, name="staff_project_list"),
    path("staff/programmes/projects/new/", staff_views.project_create, name="staff_project_create"),
    path("staff/programmes/projects/<int:pk>/", staff_views.project_detail, name="staff_project_detail"),
    path("staff/programmes/projects/<int:pk>/edit/", staff_views.project_edit, name="staff_project_edit"),
]
