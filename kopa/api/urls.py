from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from django.urls import include, path, re_path

from kopa.api import outreach_v1, v1, views_events

v1_patterns = [
    path("me/", v1.Me.as_view(), name="me"),
    path("organisations/", v1.OrganisationList.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", v1.OrganisationDetail.as_view(), name="organisation-detail"),
    path("partnerships/", v1.PartnershipList.as_view(), name="partnership-list"),
    path("partnerships/<slug:slug>/", v1.PartnershipDetail.as_view(), name="partnership-detail"),
    path("projects/", v1.ProjectList.as_view(), name="project-list"),
    path("projects/<int:pk>/", v1.ProjectDetail.as_view(), name="project-detail"),
    path("target-groups/", v1.TargetGroupList.as_view(), name="target-group-list"),
    path("themes/", v1.ThemeList.as_view(), name="theme-list"),
    path("languages/", v1.LanguageList.as_view(), name="language-list"),
    # Events, registrations and check-in.
    path("events/", views_events.EventList.as_view(), name="event-list"),
    path("events/<int:pk>/", views_events.EventDetail.as_view(), name="event-detail"),
    path(
        "events/<int:pk>/registrations/",
        views_events.EventRegistrations.as_view(),
        name="event-registrations",
    ),
    path("events/<int:pk>/check-in/", views_events.EventCheckIn.as_view(), name="event-check-in"),
    path(
        "registrations/<int:pk>/transition/",
        views_events.RegistrationTransition.as_view(),
        name="registration-transition",
    ),
    # Outreach campaigns, interactions and the funnel.
    path("campaigns/", outreach_v1.CampaignList.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/", outreach_v1.CampaignDetail.as_view(), name="campaign-detail"),
    path(
        "campaigns/<int:pk>/interactions/",
        outreach_v1.CampaignInteractions.as_view(),
        name="campaign-interactions",
    ),
    path(
        "campaigns/<int:pk>/funnel/", outreach_v1.CampaignFunnel.as_view(), name="campaign-funnel"
    ),
    path(
        "interactions/<int:pk>/",
        outreach_v1.InteractionDetail.as_view(),
        name="interaction-detail",
    ),
    path("funnel/", outreach_v1.Funnel.as_view(), name="funnel"),
    path(
        "partnerships/<slug:slug>/outreach/",
        outreach_v1.PartnershipOutreach.as_view(),
        name="partnership-outreach",
    ),
]

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include((v1_patterns, "api-v1"))),
    # Last: every other address under /api/ answers 404 in the API's error shape.
    re_path(r"^.*$", v1.Unknown.as_view(), name="api-unknown"),
]
