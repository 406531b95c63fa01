from django.urls import path

from kopa.outreach.campaigns.views import (
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
    target_add,
    target_list,
    target_remove,
    targets_csv,
    targets_from_filter,
    targets_import,
    targets_xlsx,
)
from kopa.outreach.followups.views import (
    followup_create,
    followup_done,
    followup_edit,
    followups_csv,
    followups_xlsx,
    my_followups,
)
from kopa.outreach.funnel.views import (
    compare,
    dashboard,
    dashboard_csv,
    dashboard_pdf,
    dashboard_xlsx,
    drop_off_csv,
    drop_off_list,
    drop_off_xlsx,
    partnership_list,
    partnership_view,
)
from kopa.outreach.interactions.views import (
    interaction_create,
    interaction_delete,
    interaction_detail,
    interaction_edit,
    interaction_list,
    interactions_csv,
    interactions_xlsx,
)
from kopa.outreach.invitations.views import invitations_page, respond

app_name = "outreach"

urlpatterns = [
    # Campaigns and their target lists
    path("staff/outreach/", campaign_list, name="campaigns"),
    path("staff/outreach/new/", campaign_create, name="campaign_create"),
    path("staff/outreach/<int:pk>/", campaign_detail, name="campaign"),
    path("staff/outreach/<int:pk>/edit/", campaign_edit, name="campaign_edit"),
    path("staff/outreach/<int:pk>/targets/", target_list, name="targets"),
    path("staff/outreach/<int:pk>/targets.csv", targets_csv, name="targets_csv"),
    path("staff/outreach/<int:pk>/targets.xlsx", targets_xlsx, name="targets_xlsx"),
    path("staff/outreach/<int:pk>/targets/from-directory/", targets_from_filter, name="targets_from_filter"),
    path("staff/outreach/<int:pk>/targets/import/", targets_import, name="targets_import"),
    path("staff/outreach/<int:pk>/targets/add/", target_add, name="target_add"),
    path("staff/outreach/<int:pk>/targets/remove/", target_remove, name="target_remove"),
    # Interactions
    path("staff/outreach/<int:pk>/interactions/", interaction_list, name="interactions"),
    path("staff/outreach/<int:pk>/interactions.csv", interactions_csv, name="interactions_csv"),
    path("staff/outreach/<int:pk>/interactions.xlsx", interactions_xlsx, name="interactions_xlsx"),
    path("staff/outreach/<int:pk>/interactions/new/", interaction_create, name="interaction_create"),
    path("staff/outreach/interactions/<int:pk>/", interaction_detail, name="interaction"),
    path("staff/outreach/interactions/<int:pk>/edit/", interaction_edit, name="interaction_edit"),
    path("staff/outreach/interactions/<int:pk>/delete/", interaction_delete, name="interaction_delete"),
    # Invitations by e-mail and the answers through their links
    path("staff/outreach/<int:pk>/invitations/", invitations_page, name="invitations"),
    path("respond/<str:token>/", respond, name="respond"),
    # The funnel
    path("staff/outreach/dashboard/", dashboard, name="dashboard"),
    path("staff/outreach/dashboard.pdf", dashboard_pdf, name="dashboard_pdf"),
    path("staff/outreach/dashboard.csv", dashboard_csv, name="dashboard_csv"),
    path("staff/outreach/dashboard.xlsx", dashboard_xlsx, name="dashboard_xlsx"),
    path("staff/outreach/compare/", compare, name="compare"),
    path("staff/outreach/drop-off/", drop_off_list, name="drop_off"),
    path("staff/outreach/drop-off.csv", drop_off_csv, name="drop_off_csv"),
    path("staff/outreach/drop-off.xlsx", drop_off_xlsx, name="drop_off_xlsx"),
    path("staff/outreach/partnerships/", partnership_list, name="partnerships"),
    path("staff/outreach/partnerships/<int:pk>/", partnership_view, name="partnership"),
    # Follow-up tasks (URL names kept from when they were called tasks)
    path("staff/tasks/", my_followups, name="my_tasks"),
    path("staff/tasks.csv", followups_csv, name="tasks_csv"),
    path("staff/tasks.xlsx", followups_xlsx, name="tasks_xlsx"),
    path("staff/tasks/new/", followup_create, name="task_create"),
    path("staff/tasks/<int:pk>/", followup_edit, name="task"),
    path("staff/tasks/<int:pk>/done/", followup_done, name="task_done"),
]
