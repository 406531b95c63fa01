from django.urls import path

from kopa.programmes import views, views_staff

app_name = "programmes"

# Public pages live under programmes/, the back office under staff/programmes/.
urlpatterns = [
    path("programmes/", views.partnership_list, name="partnership_list"),
    path("programmes/projects/", views.project_list, name="project_list"),
    path("programmes/projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("programmes/agencies/<slug:slug>/working-groups/", views.agency_working_groups,
         name="agency_working_groups"),
    path("programmes/<slug:slug>/", views.partnership_detail, name="partnership_detail"),
    path("staff/programmes/", views_staff.index, name="staff_index"),
    path("staff/programmes/partnerships/", views_staff.partnership_list, name="staff_partnership_list"),
    path("staff/programmes/partnerships/new/", views_staff.partnership_create, name="staff_partnership_create"),
    path("staff/programmes/partnerships/<int:pk>/", views_staff.partnership_detail,
         name="staff_partnership_detail"),
    path("staff/programmes/partnerships/<int:pk>/edit/", views_staff.partnership_edit,
         name="staff_partnership_edit"),
    path("staff/programmes/partnerships/<int:partnership_pk>/cycles/new/", views_staff.cycle_create,
         name="staff_cycle_create"),
    path("staff/programmes/partnerships/<int:partnership_pk>/strands/new/", views_staff.strand_create,
         name="staff_strand_create"),
    path("staff/programmes/cycles/", views_staff.cycle_list, name="staff_cycle_list"),
    path("staff/programmes/cycles/<int:pk>/", views_staff.cycle_detail, name="staff_cycle_detail"),
    path("staff/programmes/cycles/<int:pk>/edit/", views_staff.cycle_edit, name="staff_cycle_edit"),
    path("staff/programmes/strands/", views_staff.strand_list, name="staff_strand_list"),
    path("staff/programmes/strands/<int:pk>/", views_staff.strand_detail, name="staff_strand_detail"),
    path("staff/programmes/strands/<int:pk>/edit/", views_staff.strand_edit, name="staff_strand_edit"),
    path("staff/programmes/working-groups/", views_staff.working_group_list, name="staff_working_group_list"),
    path("staff/programmes/working-groups/new/", views_staff.working_group_create,
         name="staff_working_group_create"),
    path("staff/programmes/working-groups/<int:pk>/", views_staff.working_group_detail,
         name="staff_working_group_detail"),
    path("staff/programmes/working-groups/<int:pk>/edit/", views_staff.working_group_edit,
         name="staff_working_group_edit"),
    path("staff/programmes/projects/", views_staff.project_list, name="staff_project_list"),
    path("staff/programmes/projects/new/", views_staff.project_create, name="staff_project_create"),
    path("staff/programmes/projects/<int:pk>/", views_staff.project_detail, name="staff_project_detail"),
    path("staff/programmes/projects/<int:pk>/edit/", views_staff.project_edit, name="staff_project_edit"),
]
