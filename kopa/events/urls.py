from django.urls import path

from kopa.events.calendar.views import (
    activity_plan_drafts_pdf,
    activity_plan_page,
    activity_plan_pdf,
    calendar_feed,
    calendar_list,
    calendar_month,
    event_detail,
    event_ics,
)
from kopa.events.checkin.views import (
    badges,
    certificate,
    checkin,
    event_documents,
    learning,
    release_certificates,
    sign_in_sheet,
    staff_certificate,
)
from kopa.events.organising.views import (
    staff_create,
    staff_detail,
    staff_edit,
    staff_list,
    staff_question_edit,
    staff_questions,
)
from kopa.events.registration.views import (
    my_cancel,
    my_confirm,
    my_events,
    my_offer_accept,
    my_offer_decline,
    participation,
    register,
    registration_link,
)
from kopa.events.registration.views_staff import (
    access_needs,
    export_csv,
    export_xlsx,
    kitchen,
    registration_organisation,
    registration_status,
    registrations,
)
from kopa.events.rooms.views import room_my
from kopa.events.rooms.views_staff import (
    rooms_change,
    rooms_export_csv,
    rooms_export_xlsx,
    rooms_staff,
)
from kopa.events.travel.views import ride_action, rides_my, travel_my
from kopa.events.travel.views_staff import (
    band_edit,
    bands,
    rides_staff,
    travel_grants_csv,
    travel_grants_xlsx,
    travel_staff,
)

app_name = "events"

# Public calendar and event pages under events/, the participant's area under my/events/, organisers'
# pages under staff/events/. Each part of the app adds its routes in its own block.
urlpatterns: list = []

# --- calendar, event pages, feeds, activity plan; the organisers' event management ----------------
urlpatterns += [
    path("events/", calendar_list, name="calendar"),
    path("events/month/<int:year>/<int:month>/", calendar_month,
         name="calendar_month"),
    path("events/calendar.ics", calendar_feed, name="calendar_feed"),
    path("events/<int:pk>/", event_detail, name="detail"),
    path("events/<int:pk>/event.ics", event_ics, name="event_ics"),
    path("events/plan/<slug:agency_slug>/<int:year>/<int:half>/", activity_plan_page,
         name="plan"),
    path("events/plan/<slug:agency_slug>/<int:year>/<int:half>/plan.pdf",
         activity_plan_pdf, name="plan_pdf"),
    path("staff/events/plan/<slug:agency_slug>/<int:year>/<int:half>/drafts.pdf",
         activity_plan_drafts_pdf, name="plan_drafts_pdf"),
    path("staff/events/", staff_list, name="staff_list"),
    path("staff/events/new/", staff_create, name="staff_create"),
    path("staff/events/<int:pk>/", staff_detail, name="staff_detail"),
    path("staff/events/<int:pk>/edit/", staff_edit, name="staff_edit"),
    path("staff/events/<int:pk>/questions/", staff_questions, name="staff_questions"),
    path("staff/events/<int:pk>/questions/<int:question_pk>/", staff_question_edit,
         name="staff_question_edit"),
]

# --- registration, applications, participation data, the participant's area -----------------------
urlpatterns += [
    path("events/<int:pk>/register/", register, name="register"),
    path("my/events/", my_events, name="my_events"),
    path("events/answer/<str:action>/<str:token>/", registration_link, name="registration_link"),
    path("my/events/<int:registration_pk>/cancel/", my_cancel, name="my_cancel"),
    path("my/events/<int:registration_pk>/confirm/", my_confirm, name="my_confirm"),
    path(
        "my/events/<int:registration_pk>/offer/accept/",
        my_offer_accept,
        name="my_offer_accept",
    ),
    path(
        "my/events/<int:registration_pk>/offer/decline/",
        my_offer_decline,
        name="my_offer_decline",
    ),
    path(
        "my/events/<int:registration_pk>/participation/",
        participation,
        name="participation",
    ),
    path(
        "staff/events/<int:pk>/registrations/",
        registrations,
        name="staff_registrations",
    ),
    path(
        "staff/events/<int:pk>/registrations/<int:registration_pk>/status/",
        registration_status,
        name="staff_registration_status",
    ),
    path(
        "staff/events/<int:pk>/registrations/<int:registration_pk>/organisation/",
        registration_organisation,
        name="staff_registration_organisation",
    ),
    path(
        "staff/events/<int:pk>/registrations/access-needs/",
        access_needs,
        name="staff_access_needs",
    ),
    path("staff/events/<int:pk>/kitchen/", kitchen, name="staff_kitchen"),
    path(
        "staff/events/<int:pk>/registrations.csv",
        export_csv,
        name="staff_registrations_csv",
    ),
    path(
        "staff/events/<int:pk>/registrations.xlsx",
        export_xlsx,
        name="staff_registrations_xlsx",
    ),
]

# --- travel, ride sharing, rooms ---------------------------------------------------------------------

urlpatterns += [
    path("my/events/<int:registration_pk>/travel/", travel_my, name="travel_my"),
    path("my/events/<int:registration_pk>/rides/", rides_my, name="rides_my"),
    path("my/events/<int:registration_pk>/rides/change/", ride_action, name="ride_action"),
    path("my/events/<int:registration_pk>/room/", room_my, name="room_my"),
    path("staff/events/bands/", bands, name="bands"),
    path("staff/events/bands/<int:band_pk>/", band_edit, name="band_edit"),
    path("staff/events/<int:pk>/travel/", travel_staff, name="travel_staff"),
    path("staff/events/<int:pk>/travel/grants.csv", travel_grants_csv, name="travel_grants_csv"),
    path("staff/events/<int:pk>/travel/grants.xlsx", travel_grants_xlsx,
         name="travel_grants_xlsx"),
    path("staff/events/<int:pk>/rides/", rides_staff, name="rides_staff"),
    path("staff/events/<int:pk>/rooms/", rooms_staff, name="rooms_staff"),
    path("staff/events/<int:pk>/rooms/change/", rooms_change, name="rooms_change"),
    path("staff/events/<int:pk>/rooms/venue.csv", rooms_export_csv, name="rooms_export_csv"),
    path("staff/events/<int:pk>/rooms/venue.xlsx", rooms_export_xlsx, name="rooms_export_xlsx"),
]

# --- check-in, documents, certificates ------------------------------------------------------------
urlpatterns += [
    path("staff/events/<int:pk>/check-in/", checkin, name="checkin"),
    path("staff/events/<int:pk>/documents/", event_documents, name="documents"),
    path("staff/events/<int:pk>/sign-in-sheet.pdf", sign_in_sheet, name="sign_in_sheet"),
    path("staff/events/<int:pk>/badges.pdf", badges, name="badges"),
    path(
        "staff/events/<int:pk>/certificates/release/",
        release_certificates,
        name="certificates_release",
    ),
    path(
        "staff/events/<int:pk>/certificates/<int:registration_pk>.pdf",
        staff_certificate,
        name="staff_certificate",
    ),
    path("my/events/<int:registration_pk>/learning/", learning, name="learning"),
    path(
        "my/events/<int:registration_pk>/certificate.pdf",
        certificate,
        name="certificate",
    ),
]
