"""API serializers for events, registrations and check-in. They parse and present; every write
goes through the events app's services. Private participation data never appears here."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.api.fields import (
    MAX_INT32,
    MAX_PLACES,
    BoundedDateField,
    BoundedDateTimeField,
    CountryCodeField,
    TranslatedTextField,
    code_list,
)
from kopa.api.serializers_directory import AgencySummarySerializer
from kopa.directory.models import Language
from kopa.events.models import Event, ParticipationDetails, Registration

TEXT_FIELDS = (
    "title",
    "description",
    "accessibility_description",
    "accessibility_limitations",
    "eligibility",
    "costs_covered",
    "learning_outcomes",
)


class EventSerializer(serializers.Serializer):
    """An event as the calendar shows it, with the places taken."""

    id = serializers.IntegerField(read_only=True)
    type = serializers.ChoiceField(choices=Event.Type.choices)
    status = serializers.ChoiceField(choices=Event.Status.choices, required=False)
    format = serializers.ChoiceField(choices=Event.Format.choices, required=False)
    title = TranslatedTextField()
    description = TranslatedTextField(required=False)
    organiser_agency = AgencySummarySerializer(read_only=True)
    start = BoundedDateTimeField()
    end = BoundedDateTimeField()
    time_zone = serializers.CharField(max_length=60, required=False)
    venue_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=250, required=False, allow_blank=True)
    town = serializers.CharField(max_length=120, required=False, allow_blank=True)
    country = CountryCodeField(max_length=2, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    accessibility_description = TranslatedTextField(required=False)
    accessibility_limitations = TranslatedTextField(required=False)
    working_languages = code_list(Language)
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_PLACES)
    places_taken = serializers.SerializerMethodField()
    registration_mode = serializers.ChoiceField(
        choices=Event.RegistrationMode.choices, required=False
    )
    registration_opens = BoundedDateTimeField(required=False, allow_null=True)
    registration_closes = BoundedDateTimeField(required=False, allow_null=True)
    application_deadline = BoundedDateTimeField(required=False, allow_null=True)
    applicants_told = BoundedDateField(required=False, allow_null=True)
    confirmation_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    offer_hours = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    eligibility = TranslatedTextField(required=False)
    costs_covered = TranslatedTextField(required=False)
    fee = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    learning_outcomes = TranslatedTextField(required=False)
    call_year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, allow_null=True
    )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_places_taken(self, event) -> int | None:
        """Places held: confirmed, selected, offered, attended, no-show."""
        return getattr(event, "held", None)

    def validate_country(self, value):
        return value or ""


class EventCreateSerializer(EventSerializer):
    agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Agency.objects.all(),
        required=False,
        write_only=True,
        help_text=_("Slug of the organising agency; your first agency if left out."),
    )


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration as its organisers (and the registered person) see it."""

    country_of_residence = CountryCodeField(read_only=True)
    sending_country = CountryCodeField(read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "status",
            "first_name",
            "last_name",
            "email",
            "country_of_residence",
            "sending_country",
            "organisation",
            "organisation_name",
            "role",
            "language",
            "preselection_rank",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class RegistrationCreateSerializer(serializers.Serializer):
    """Registering yourself: the e-mail address is your account's; names default to it."""

    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    country_of_residence = CountryCodeField(max_length=2)
    sending_country = CountryCodeField(
        max_length=2,
        required=False,
        help_text=_(
            "The country whose agency preselects you; your country of residence if left out."
        ),
    )
    organisation = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_(
            "The id of the organisation you take part for: one you represent or have a role at, "
            "or one listed in the public directory; null for none. Left out, a representative "
            "takes part for the organisation they represent."
        ),
    )
    organisation_name = serializers.CharField(
        max_length=250,
        required=False,
        allow_blank=True,
        help_text=_("Only for an organisation that is not in the directory: its name."),
    )
    role = serializers.CharField(max_length=120, required=False, allow_blank=True)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text=_("The language of your e-mails.")
    )
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_(
            'Answers to the event\'s questions by question id, e.g. {"12": "yes"}. '
            "Questions that need a file are answered on the website."
        ),
    )


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=Registration.Status.choices,
        help_text=_("The new status; the transition table decides which are allowed."),
    )
    rank = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT32,  # the database column's range
        required=False,
        help_text=_("With `preselected`: the preselection rank (1 = first choice)."),
    )


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=64, help_text=_("The code in the participant's QR code.")
    )
    day = BoundedDateField(
        required=False,
        help_text=_("The day of the event; today in the event's time zone if left out."),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("Why someone is checked in for a day that has not come yet (then required)."),
    )


class CheckInResultSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=Registration.Status.choices)
    day = BoundedDateField()
    first_check_in = serializers.BooleanField(
        help_text=_("False when the person was already checked in for this day.")
    )
    has_access_needs = serializers.BooleanField(
        help_text=_("The person declared access needs; the details are never shown here.")
    )


# --- the participant's own registrations ---------------------------------------------------------


class EventRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = TranslatedTextField(read_only=True)
    start = BoundedDateTimeField(read_only=True)
    end = BoundedDateTimeField(read_only=True)


class OfferSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    expires_at = BoundedDateTimeField(
        read_only=True, help_text=_("Accept before this moment, or the place goes to the next person.")
    )


class MyRegistrationSerializer(serializers.Serializer):
    """One of your registrations, as My events shows it."""

    id = serializers.IntegerField(read_only=True)
    event = EventRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=Registration.Status.choices, read_only=True)
    created_at = BoundedDateTimeField(read_only=True)
    decided_at = BoundedDateTimeField(read_only=True, allow_null=True)
    offer = OfferSerializer(
        read_only=True, allow_null=True, help_text=_("The open offer of a place, if there is one.")
    )
    holds_place = serializers.BooleanField(read_only=True)
    can_cancel = serializers.BooleanField(read_only=True)
    checkin_code = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("The code in your QR code for check-in, once your place is confirmed."),
    )


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    value = serializers.JSONField(read_only=True)


class ParticipationSerializer(serializers.Serializer):
    """The participation form: access needs, diet and an emergency contact, with your answers to
    the event's questions (read only; questions that need a file are left out)."""

    has_access_needs = serializers.BooleanField()
    access_needs = serializers.CharField(required=False, allow_blank=True)
    diet = serializers.ChoiceField(choices=ParticipationDetails.Diet.choices)
    diet_notes = serializers.CharField(required=False, allow_blank=True)
    emergency_contact_name = serializers.CharField(required=False, allow_blank=True)
    emergency_contact_phone = serializers.CharField(required=False, allow_blank=True)
    answers = AnswerSerializer(many=True, read_only=True)


# --- organisers' summaries -----------------------------------------------------------------------


class PersonInRoomSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()


class RoomSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    beds = serializers.IntegerField()
    taken = serializers.IntegerField()
    people = PersonInRoomSerializer(many=True)


class RoomTypeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedTextField()
    beds_per_room = serializers.IntegerField()
    covered = serializers.BooleanField(help_text=_("Covered by the organiser."))
    rooms = RoomSummarySerializer(many=True)


class RoomWishSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    room_type = serializers.IntegerField(allow_null=True)
    first_night = BoundedDateField(allow_null=True)
    last_night = BoundedDateField(allow_null=True)
    share_with = serializers.CharField(allow_blank=True)
    room = serializers.CharField(allow_null=True, help_text=_("The room allocated; null if none."))


class StaySerializer(serializers.Serializer):
    room = serializers.CharField()
    room_type = serializers.IntegerField()
    registration = serializers.IntegerField()
    name = serializers.CharField()
    first_night = BoundedDateField()
    last_night = BoundedDateField()


class RoomsSummarySerializer(serializers.Serializer):
    """The organisers' rooms page: room types and rooms, what participants asked for, who sleeps
    where."""

    event = serializers.IntegerField()
    room_types = RoomTypeSummarySerializer(many=True)
    requests = RoomWishSerializer(many=True)
    stays = StaySerializer(many=True)


class CountryGrantsSerializer(serializers.Serializer):
    country = CountryCodeField(allow_null=True)
    people = serializers.IntegerField()
    total_eur = serializers.DecimalField(max_digits=12, decimal_places=2)
    green = serializers.IntegerField()
    unconfirmed = serializers.IntegerField(help_text=_("Grants not confirmed yet: not in the total."))


class TravelSerializer(serializers.Serializer):
    origin = serializers.CharField(allow_blank=True)
    mode = serializers.CharField()
    green = serializers.BooleanField()
    distance_km = serializers.IntegerField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    grant_eur = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True,
        help_text=_("Null while the grant is not confirmed or the distance unknown."),
    )
    arrival = BoundedDateTimeField(allow_null=True)
    departure = BoundedDateTimeField(allow_null=True)


class TravellerSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    name = serializers.CharField()
    sending_country = CountryCodeField()
    travel = TravelSerializer(allow_null=True, help_text=_("Null while no travel details are given."))


class TravelSummarySerializer(serializers.Serializer):
    """The organisers' travel page: grants per sending country and every participant's travel."""

    event = serializers.IntegerField()
    grant_call_year = serializers.IntegerField(allow_null=True)
    venue_located = serializers.BooleanField(
        help_text=_("False when the venue's location is not set: no distances or grants then.")
    )
    countries = CountryGrantsSerializer(many=True)
    totals = CountryGrantsSerializer()
    participants = TravellerSerializer(many=True)
