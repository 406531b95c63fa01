from drf_spectacular.views import SpectacularJSONAPIView

from django.urls import include, path, re_path

from kopa.api import (
    views,
    views_directory,
    views_events,
    views_followups,
    views_ideas,
    views_jobs,
    views_library,
    views_logbook,
    views_matchmaking,
    views_meetings,
    views_my_events,
    views_outreach,
    views_programmes,
)
from kopa.api.base import Unknown

v1_patterns = [
    # The Logbook: units, activities and entries of the caller's units.
    path("logbook/units/", views_logbook.LogbookUnitList.as_view(), name="logbook-unit-list"),
    path("logbook/activities/", views_logbook.LogbookActivityList.as_view(), name="logbook-activity-list"),
    path("logbook/entries/", views_logbook.LogbookEntryList.as_view(), name="logbook-entry-list"),
    path("logbook/report/", views_logbook.LogbookReport.as_view(), name="logbook-report"),
    path("me/", views_directory.Me.as_view(), name="me"),
    path("organisations/", views_directory.OrganisationList.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", views_directory.OrganisationDetail.as_view(), name="organisation-detail"),
    path("partnerships/", views_programmes.PartnershipList.as_view(), name="partnership-list"),
    path("partnerships/<slug:slug>/", views_programmes.PartnershipDetail.as_view(), name="partnership-detail"),
    path("projects/", views_programmes.ProjectList.as_view(), name="project-list"),
    path("projects/<int:pk>/", views_programmes.ProjectDetail.as_view(), name="project-detail"),
    path("target-groups/", views_directory.TargetGroupList.as_view(), name="target-group-list"),
    path("themes/", views_directory.ThemeList.as_view(), name="theme-list"),
    path("languages/", views_directory.LanguageList.as_view(), name="language-list"),
    path("people/", views_directory.PersonList.as_view(), name="person-list"),
    path("people/<int:pk>/", views_directory.PersonDetail.as_view(), name="person-detail"),
    # Events, registrations and check-in.
    path("events/", views_events.EventList.as_view(), name="event-list"),
    path("events/<int:pk>/", views_events.EventDetail.as_view(), name="event-detail"),
    path(
        "events/<int:pk>/registrations/",
        views_events.EventRegistrations.as_view(),
        name="event-registrations",
    ),
    path("events/<int:pk>/check-in/", views_events.EventCheckIn.as_view(), name="event-check-in"),
    path("events/<int:pk>/rooms/", views_my_events.EventRooms.as_view(), name="event-rooms"),
    path("events/<int:pk>/travel/", views_my_events.EventTravel.as_view(), name="event-travel"),
    # The caller's own registrations (My events).
    path(
        "my/registrations/", views_my_events.MyRegistrationList.as_view(), name="my-registration-list"
    ),
    path(
        "my/registrations/<int:pk>/",
        views_my_events.MyRegistrationDetail.as_view(),
        name="my-registration-detail",
    ),
    path(
        "my/registrations/<int:pk>/cancel/",
        views_my_events.MyRegistrationCancel.as_view(),
        name="my-registration-cancel",
    ),
    path(
        "my/registrations/<int:pk>/accept/",
        views_my_events.MyOfferAccept.as_view(),
        name="my-registration-accept",
    ),
    path(
        "my/registrations/<int:pk>/decline/",
        views_my_events.MyOfferDecline.as_view(),
        name="my-registration-decline",
    ),
    path(
        "my/registrations/<int:pk>/participation/",
        views_my_events.MyParticipation.as_view(),
        name="my-registration-participation",
    ),
    path(
        "registrations/<int:pk>/transition/",
        views_events.RegistrationTransition.as_view(),
        name="registration-transition",
    ),
    # Outreach campaigns, interactions and the funnel.
    path("campaigns/", views_outreach.CampaignList.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/", views_outreach.CampaignDetail.as_view(), name="campaign-detail"),
    path(
        "campaigns/<int:pk>/interactions/",
        views_outreach.CampaignInteractions.as_view(),
        name="campaign-interactions",
    ),
    path(
        "campaigns/<int:pk>/targets/",
        views_outreach.CampaignTargets.as_view(),
        name="campaign-targets",
    ),
    path(
        "campaigns/<int:pk>/targets/<int:organisation_id>/",
        views_outreach.CampaignTargetRemove.as_view(),
        name="campaign-target",
    ),
    path(
        "campaigns/<int:pk>/funnel/", views_outreach.CampaignFunnel.as_view(), name="campaign-funnel"
    ),
    path(
        "interactions/<int:pk>/",
        views_outreach.InteractionDetail.as_view(),
        name="interaction-detail",
    ),
    path("funnel/", views_outreach.Funnel.as_view(), name="funnel"),
    # Matchmaking: partner requests and suggested partners.
    path("partner-requests/", views_matchmaking.PartnerRequestList.as_view(), name="partner-request-list"),
    path("partner-requests/<int:pk>/", views_matchmaking.PartnerRequestDetail.as_view(),
         name="partner-request-detail"),
    path("partner-requests/<int:pk>/close/", views_matchmaking.PartnerRequestClose.as_view(),
         name="partner-request-close"),
    path("partner-requests/<int:pk>/suggestions/", views_matchmaking.PartnerRequestSuggestions.as_view(),
         name="partner-request-suggestions"),
    path("organisations/<int:pk>/suggestions/", views_matchmaking.OrganisationSuggestions.as_view(),
         name="organisation-suggestions"),
    # Matchmaking events: participants, meeting requests and answers, agendas, the schedule.
    path("events/<int:pk>/meetings/profile/", views_meetings.MyMeetingProfile.as_view(), name="meeting-profile"),
    path("events/<int:pk>/meetings/participants/", views_meetings.MeetingParticipants.as_view(),
         name="meeting-participant-list"),
    path("events/<int:pk>/meetings/requests/", views_meetings.MeetingRequestList.as_view(),
         name="meeting-request-list"),
    path("events/<int:pk>/meetings/requests/<int:request_pk>/answer/", views_meetings.MeetingRequestAnswer.as_view(),
         name="meeting-request-answer"),
    path("events/<int:pk>/meetings/requests/<int:request_pk>/cancel/", views_meetings.MeetingRequestCancel.as_view(),
         name="meeting-request-cancel"),
    path("events/<int:pk>/meetings/agenda/", views_meetings.MeetingAgenda.as_view(), name="meeting-agenda"),
    path("events/<int:pk>/meetings/schedule/", views_meetings.MeetingSchedule.as_view(), name="meeting-schedule"),
    # Project ideas: followed to the decision, public once every organisation agreed.
    path("project-ideas/", views_ideas.IdeaList.as_view(), name="project-idea-list"),
    path("project-ideas/<int:pk>/", views_ideas.IdeaDetail.as_view(), name="project-idea-detail"),
    path("project-ideas/<int:pk>/status/", views_ideas.IdeaMove.as_view(), name="project-idea-status"),
    path("project-ideas/<int:pk>/consent/", views_ideas.IdeaConsent.as_view(), name="project-idea-consent"),
    path("library/", views_library.ResourceList.as_view(), name="library-resource-list"),
    path("library/<int:pk>/", views_library.ResourceDetail.as_view(), name="library-resource-detail"),
    path("library/<int:pk>/publish/", views_library.ResourcePublish.as_view(), name="library-resource-publish"),
    path("follow-ups/", views_followups.FollowUpList.as_view(), name="follow-up-list"),
    path("follow-ups/<int:pk>/", views_followups.FollowUpDetail.as_view(), name="follow-up-detail"),
    path(
        "follow-ups/<int:pk>/done/", views_followups.FollowUpDone.as_view(), name="follow-up-done"
    ),
    # Background jobs: documents, exports and merges started on the website.
    path("jobs/", views_jobs.JobList.as_view(), name="job-list"),
    path("jobs/<uuid:id>/", views_jobs.JobDetail.as_view(), name="job-detail"),
    path("jobs/<uuid:id>/cancel/", views_jobs.JobCancel.as_view(), name="job-cancel"),
    path("jobs/<uuid:id>/result/", views_jobs.JobResult.as_view(), name="job-result"),
    path(
        "partnerships/<slug:slug>/outreach/",
        views_outreach.PartnershipOutreach.as_view(),
        name="partnership-outreach",
    ),
]

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("docs/", views.docs_redirect, name="api-docs"),
    path("v1/", include((v1_patterns, "api-v1"))),
    # Last: every other address under /api/ answers 404 in the API's error shape.
    re_path(r"^.*$", Unknown.as_view(), name="api-unknown"),
]
