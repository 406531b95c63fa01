from django.contrib import admin

from kopa.events.models import Event, Registration, WaitingListOffer


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("__str__", "type", "start", "organiser_agency", "capacity", "status")
    list_filter = ("status", "type", "registration_mode")
    filter_horizontal = ("working_languages",)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "sending_country", "status", "preselection_rank")
    list_filter = ("status", "sending_country")
    search_fields = ("first_name", "last_name", "email")
    raw_id_fields = ("event", "user", "organisation")


@admin.register(WaitingListOffer)
class WaitingListOfferAdmin(admin.ModelAdmin):
    list_display = ("registration", "offered_at", "expires_at", "status")
    list_filter = ("status",)
    raw_id_fields = ("registration",)
