"""API serializers for events, registrations and check-in. They parse and present; every write
goes through the events app's services. Private participation data never appears here."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.api.fields import CountryCodeField, TranslatedTextField, code_list
from kopa.api.serializers_directory import AgencySummarySerializer
from kopa.directory.models import Language
from kopa.events.models import Event, Registration

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
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
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
    capacity = serializers.IntegerField(min_value=1)
    places_taken = serializers.SerializerMethodField()
    registration_mode = serializers.ChoiceField(
        choices=Event.RegistrationMode.choices, required=False
    )
    registration_opens = serializers.DateTimeField(required=False, allow_null=True)
    registration_closes = serializers.DateTimeField(required=False, allow_null=True)
    application_deadline = serializers.DateTimeField(required=False, allow_null=True)
    applicants_told = serializers.DateField(required=False, allow_null=True)
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
        max_value=2_147_483_647,  # the database column's range
        required=False,
        help_text=_("With `preselected`: the preselection rank (1 = first choice)."),
    )


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=64, help_text=_("The code in the participant's QR code.")
    )
    day = serializers.DateField(
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
    day = serializers.DateField()
    first_check_in = serializers.BooleanField(
        help_text=_("False when the person was already checked in for this day.")
    )
    has_access_needs = serializers.BooleanField(
        help_text=_("The person declared access needs; the details are never shown here.")
    )
