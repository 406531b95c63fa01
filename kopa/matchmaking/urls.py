from django.urls import path

from kopa.matchmaking.alerts.views import alert_confirm, alert_new, alert_unsubscribe, my_alerts
from kopa.matchmaking.ideas.views import (
    event_ideas,
    idea_consent,
    idea_detail,
    idea_edit,
    idea_move,
    idea_my_create,
    idea_my_list,
)
from kopa.matchmaking.ideas.views_staff import idea_staff_create, idea_staff_event, idea_staff_list
from kopa.matchmaking.meetings.views import (
    agenda,
    agenda_ics,
    agenda_pdf,
    home,
    profile_edit,
    request_answer,
    request_cancel,
    request_new,
    today,
)
from kopa.matchmaking.meetings.views_staff import (
    overview,
    participants,
    plan,
    publish,
    requests_list,
    schedule_start,
)
from kopa.matchmaking.pairing.views import mentor_pairing
from kopa.matchmaking.requests.views import (
    deadlines,
    feed,
    interest_send,
    my_answer,
    my_create,
    my_edit,
    my_interests,
    my_requests,
    public_detail,
    public_list,
)
from kopa.matchmaking.requests.views_staff import staff_create, staff_detail, staff_list
from kopa.matchmaking.suggestions.views import for_organisation, for_request

app_name = "matchmaking"

# Public partner requests, their feeds, and "I'm interested".
urlpatterns = [
    path("partner-requests/", public_list, name="public_list"),
    path("partner-requests/feed.atom", feed, name="feed"),
    path("partner-requests/deadlines.ics", deadlines, name="deadlines"),
    path("partner-requests/<int:pk>/", public_detail, name="public_detail"),
    path("partner-requests/<int:pk>/interested/", interest_send, name="interest_send"),
]

# A representative's own requests, the interests they received, and suggested partners.
urlpatterns += [
    path("my/partner-requests/", my_requests, name="my_requests"),
    path("my/organisations/<int:org_pk>/partner-requests/new/", my_create, name="my_create"),
    path("my/partner-requests/<int:pk>/", my_interests, name="my_interests"),
    path("my/partner-requests/<int:pk>/edit/", my_edit, name="my_edit"),
    path("my/partner-requests/<int:pk>/interests/<int:interest_pk>/answer/", my_answer, name="my_answer"),
    path("my/partner-requests/<int:pk>/suggestions/", for_request, name="request_suggestions"),
    path("my/organisations/<int:pk>/suggestions/", for_organisation, name="suggestions"),
]

# The back office: moderation and posting on an organisation's behalf.
urlpatterns += [
    path("staff/partner-requests/", staff_list, name="staff_list"),
    path("staff/partner-requests/<int:pk>/", staff_detail, name="staff_detail"),
    path("staff/organisations/<int:org_pk>/partner-requests/new/", staff_create, name="staff_create"),
]

# A matchmaking event: its participants' pages and its organisers' pages.
urlpatterns += [
    path("events/<int:pk>/meetings/", home, name="meetings_home"),
    path("events/<int:pk>/meetings/profile/", profile_edit, name="meetings_profile"),
    path("events/<int:pk>/meetings/participants/<int:profile_pk>/request/", request_new,
         name="meetings_request"),
    path("events/<int:pk>/meetings/requests/<int:request_pk>/answer/", request_answer,
         name="meetings_answer"),
    path("events/<int:pk>/meetings/requests/<int:request_pk>/cancel/", request_cancel,
         name="meetings_cancel"),
    path("events/<int:pk>/meetings/agenda/", agenda, name="meetings_agenda"),
    path("events/<int:pk>/meetings/agenda.pdf", agenda_pdf, name="meetings_agenda_pdf"),
    path("events/<int:pk>/meetings/agenda.ics", agenda_ics, name="meetings_agenda_ics"),
    path("events/<int:pk>/meetings/today/", today, name="meetings_today"),
    path("staff/events/<int:pk>/meetings/", overview, name="meetings_staff"),
    path("staff/events/<int:pk>/meetings/requests/", requests_list, name="meetings_requests"),
    path("staff/events/<int:pk>/meetings/schedule/", schedule_start, name="meetings_schedule"),
    path("staff/events/<int:pk>/meetings/publish/", publish, name="meetings_publish"),
    path("staff/events/<int:pk>/meetings/plan/", plan, name="meetings_plan"),
    path("staff/events/<int:pk>/meetings/participants/", participants,
         name="meetings_participants"),
]

# Project ideas: a representative's, an idea's page with its status and consent, an event's ideas.
urlpatterns += [
    path("my/project-ideas/", idea_my_list, name="my_ideas"),
    path("my/organisations/<int:org_pk>/project-ideas/new/", idea_my_create, name="idea_create"),
    path("project-ideas/<int:pk>/", idea_detail, name="idea_detail"),
    path("project-ideas/<int:pk>/edit/", idea_edit, name="idea_edit"),
    path("project-ideas/<int:pk>/status/", idea_move, name="idea_move"),
    path("project-ideas/<int:pk>/consent/", idea_consent, name="idea_consent"),
    path("events/<int:pk>/project-ideas/", event_ideas, name="event_ideas"),
    path("staff/project-ideas/", idea_staff_list, name="idea_staff_list"),
    path("staff/organisations/<int:org_pk>/project-ideas/new/", idea_staff_create,
         name="idea_staff_create"),
    path("staff/events/<int:pk>/project-ideas/", idea_staff_event, name="idea_staff_event"),
]

# Mentor pairing for a campaign: newcomers of its target list paired with experienced organisations.
urlpatterns += [
    path("staff/outreach/<int:pk>/mentor-pairing/", mentor_pairing, name="pairing"),
]

# Saved searches: e-mail alerts of new partner requests.
urlpatterns += [
    path("partner-requests/alerts/new/", alert_new, name="alert_new"),
    path("partner-requests/alerts/confirm/<str:token>/", alert_confirm, name="alert_confirm"),
    path("partner-requests/alerts/stop/<str:token>/", alert_unsubscribe, name="alert_unsubscribe"),
    path("my/saved-searches/", my_alerts, name="my_alerts"),
]
