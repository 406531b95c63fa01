from django.urls import path

from kopa.events import (
    views_calendar,
    views_checkin,
    views_events,
    views_registration,
    views_registration_staff,
)

app_name = "events"

# Public calendar and event pages under events/, the participant's area under my/events/, organisers'
# pages under staff/events/. Each part of the app adds its routes in its own block.
urlpatterns: list = []

# --- calendar, event pages, feeds, activity plan --------------------------------------------------
urlpatterns += [
    path("events/", views_calendar.calendar_list, name="calendar"),
    path("events/month/<int:year>/<int:month>/", views_calendar.calendar_month,
         name="calendar_month"),
    path("events/calendar.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("events/<int:pk>/", views_calendar.event_detail, name="detail"),
    path("events/<int:pk>/event.ics", views_calendar.event_ics, name="event_ics"),
    path("events/plan/<slug:agency_slug>/<int:year>/<int:half>/", views_calendar.activity_plan,
         name="plan"),
    path("events/plan/<slug:agency_slug>/<int:year>/<int:half>/plan.pdf",
         views_calendar.activity_plan_pdf, name="plan_pdf"),
    path("staff/events/", views_events.staff_list, name="staff_list"),
    path("staff/events/new/", views_events.staff_create, name="staff_create"),
    path("staff/events/<int:pk>/", views_events.staff_detail, name="staff_detail"),
    path("staff/events/<int:pk>/edit/", views_events.staff_edit, name="staff_edit"),
    path("staff/events/<int:pk>/questions/", views_events.staff_questions, name="staff_questions"),
    path("staff/events/<int:pk>/questions/<int:question_pk>/", views_events.staff_question_edit,
         name="staff_question_edit"),
]

# --- registration, applications, participation data, the participant's area -----------------------
urlpatterns += [
    path("events/<int:pk>/register/", views_registration.register, name="register"),
    path("my/events/", views_registration.my_events, name="my_events"),
    path("my/events/<int:registration_pk>/cancel/", views_registration.my_cancel, name="my_cancel"),
    path("my/events/<int:registration_pk>/confirm/", views_registration.my_confirm, name="my_confirm"),
    path(
        "my/events/<int:registration_pk>/offer/accept/",
        views_registration.my_offer_accept,
        name="my_offer_accept",
    ),
    path(
        "my/events/<int:registration_pk>/offer/decline/",
        views_registration.my_offer_decline,
        name="my_offer_decline",
    ),
    path(
        "my/events/<int:registration_pk>/participation/",
        views_registration.participation,
        name="participation",
    ),
    path(
        "staff/events/<int:pk>/registrations/",
        views_registration_staff.registrations,
        name="staff_registrations",
    ),
    path(
        "staff/events/<int:pk>/registrations/<int:registration_pk>/status/",
        views_registration_staff.registration_status,
        name="staff_registration_status",
    ),
    path(
        "staff/events/<int:pk>/registrations/access-needs/",
        views_registration_staff.access_needs,
        name="staff_access_needs",
    ),
    path("staff/events/<int:pk>/kitchen/", views_registration_staff.kitchen, name="staff_kitchen"),
    path(
        "staff/events/<int:pk>/registrations.csv",
        views_registration_staff.export_csv,
        name="staff_registrations_csv",
    ),
    path(
        "staff/events/<int:pk>/registrations.xlsx",
        views_registration_staff.export_xlsx,
        name="staff_registrations_xlsx",
    ),
]

# --- travel, ride sharing, rooms ---------------------------------------------------------------------
from kopa.events import views_rooms, views_travel  # noqa: E402

urlpatterns += [
    path("my/events/<int:registration_pk>/travel/", views_travel.travel_my, name="travel_my"),
    path("my/events/<int:registration_pk>/rides/", views_travel.rides_my, name="rides_my"),
    path("my/events/<int:registration_pk>/rides/change/", views_travel.ride_action, name="ride_action"),
    path("my/events/<int:registration_pk>/room/", views_rooms.room_my, name="room_my"),
    path("staff/events/bands/", views_travel.bands, name="bands"),
    path("staff/events/bands/<int:band_pk>/", views_travel.band_edit, name="band_edit"),
    path("staff/events/<int:pk>/travel/", views_travel.travel_staff, name="travel_staff"),
    path("staff/events/<int:pk>/rides/", views_travel.rides_staff, name="rides_staff"),
    path("staff/events/<int:pk>/rooms/", views_rooms.rooms_staff, name="rooms_staff"),
    path("staff/events/<int:pk>/rooms/change/", views_rooms.rooms_change, name="rooms_change"),
    path("staff/events/<int:pk>/rooms/venue.csv", views_rooms.rooms_export_csv, name="rooms_export_csv"),
    path("staff/events/<int:pk>/rooms/venue.xlsx", views_rooms.rooms_export_xlsx, name="rooms_export_xlsx"),
]

# --- check-in, documents, certificates ------------------------------------------------------------
urlpatterns += [
    path("staff/events/<int:pk>/check-in/", views_checkin.checkin, name="checkin"),
    path("staff/events/<int:pk>/documents/", views_checkin.event_documents, name="documents"),
    path("staff/events/<int:pk>/sign-in-sheet.pdf", views_checkin.sign_in_sheet, name="sign_in_sheet"),
    path("staff/events/<int:pk>/badges.pdf", views_checkin.badges, name="badges"),
    path(
        "staff/events/<int:pk>/certificates/release/",
        views_checkin.release_certificates,
        name="certificates_release",
    ),
    path(
        "staff/events/<int:pk>/certificates/<int:registration_pk>.pdf",
        views_checkin.staff_certificate,
        name="staff_certificate",
    ),
    path("my/events/<int:registration_pk>/learning/", views_checkin.learning, name="learning"),
    path(
        "my/events/<int:registration_pk>/certificate.pdf",
        views_checkin.certificate,
        name="certificate",
    ),
]
