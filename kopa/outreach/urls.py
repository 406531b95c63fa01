from django.urls import path

from kopa.outreach import (
    views_campaigns,
    views_funnel,
    views_interactions,
    views_invitations,
    views_tasks,
)

app_name = "outreach"

urlpatterns = [
    # Campaigns and their target lists
    path("staff/outreach/", views_campaigns.campaign_list, name="campaigns"),
    path("staff/outreach/new/", views_campaigns.campaign_create, name="campaign_create"),
    path("staff/outreach/<int:pk>/", views_campaigns.campaign_detail, name="campaign"),
    path("staff/outreach/<int:pk>/edit/", views_campaigns.campaign_edit, name="campaign_edit"),
    path("staff/outreach/<int:pk>/targets/", views_campaigns.target_list, name="targets"),
    path("staff/outreach/<int:pk>/targets.csv", views_campaigns.targets_csv, name="targets_csv"),
    path("staff/outreach/<int:pk>/targets.xlsx", views_campaigns.targets_xlsx, name="targets_xlsx"),
    path(
        "staff/outreach/<int:pk>/targets/from-directory/",
        views_campaigns.targets_from_filter,
        name="targets_from_filter",
    ),
    path("staff/outreach/<int:pk>/targets/import/", views_campaigns.targets_import, name="targets_import"),
    path("staff/outreach/<int:pk>/targets/add/", views_campaigns.target_add, name="target_add"),
    path("staff/outreach/<int:pk>/targets/remove/", views_campaigns.target_remove, name="target_remove"),
    # Interactions
    path("staff/outreach/<int:pk>/interactions/", views_interactions.interaction_list, name="interactions"),
    path("staff/outreach/<int:pk>/interactions.csv", views_interactions.interactions_csv, name="interactions_csv"),
    path(
        "staff/outreach/<int:pk>/interactions.xlsx", views_interactions.interactions_xlsx, name="interactions_xlsx"
    ),
    path(
        "staff/outreach/<int:pk>/interactions/new/",
        views_interactions.interaction_create,
        name="interaction_create",
    ),
    path("staff/outreach/interactions/<int:pk>/", views_interactions.interaction_detail, name="interaction"),
    path(
        "staff/outreach/interactions/<int:pk>/edit/", views_interactions.interaction_edit, name="interaction_edit"
    ),
    path(
        "staff/outreach/interactions/<int:pk>/delete/",
        views_interactions.interaction_delete,
        name="interaction_delete",
    ),
    # Invitations by e-mail and the answers through their links
    path("staff/outreach/<int:pk>/invitations/", views_invitations.invitations_send, name="invitations"),
    path("respond/<str:token>/", views_invitations.respond, name="respond"),
    # The funnel
    path("staff/outreach/dashboard/", views_funnel.dashboard, name="dashboard"),
    path("staff/outreach/dashboard.pdf", views_funnel.dashboard_pdf, name="dashboard_pdf"),
    path("staff/outreach/dashboard.csv", views_funnel.dashboard_csv, name="dashboard_csv"),
    path("staff/outreach/dashboard.xlsx", views_funnel.dashboard_xlsx, name="dashboard_xlsx"),
    path("staff/outreach/compare/", views_funnel.compare, name="compare"),
    path("staff/outreach/drop-off/", views_funnel.drop_off_list, name="drop_off"),
    path("staff/outreach/drop-off.csv", views_funnel.drop_off_csv, name="drop_off_csv"),
    path("staff/outreach/drop-off.xlsx", views_funnel.drop_off_xlsx, name="drop_off_xlsx"),
    path("staff/outreach/partnerships/", views_funnel.partnership_list, name="partnerships"),
    path("staff/outreach/partnerships/<int:pk>/", views_funnel.partnership_view, name="partnership"),
    # Follow-up tasks
    path("staff/tasks/", views_tasks.my_tasks, name="my_tasks"),
    path("staff/tasks.csv", views_tasks.tasks_csv, name="tasks_csv"),
    path("staff/tasks.xlsx", views_tasks.tasks_xlsx, name="tasks_xlsx"),
    path("staff/tasks/new/", views_tasks.task_create, name="task_create"),
    path("staff/tasks/<int:pk>/", views_tasks.task_edit, name="task"),
    path("staff/tasks/<int:pk>/done/", views_tasks.task_done, name="task_done"),
]
