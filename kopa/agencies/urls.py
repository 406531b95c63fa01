from django.urls import path

from kopa.agencies import views

app_name = "agencies"

urlpatterns = [
    path("staff/agencies/", views.agency_list, name="list"),
    path("staff/agencies/new/", views.agency_new, name="new"),
    path("staff/agencies/<slug:slug>/team/", views.team_page, name="team"),
    path("staff/agencies/<slug:slug>/team/<str:pk>/role/", views.member_role, name="member_role"),
    path("staff/agencies/<slug:slug>/team/<str:pk>/remove/", views.member_remove, name="member_remove"),
    path("agencies/<slug:slug>/logo/", views.agency_logo, name="logo"),
]
