"""API serializers of the directory: organisations, the reference lists, agencies and the token's
owner. They parse and present; every write goes through the directory's services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.api.fields import (
    BoundedDateTimeField,
    CountryCodeField,
    TranslatedTextField,
    code_list,
)
from kopa.directory.models import (
    Affiliation,
    ConsentRecord,
    Language,
    Organisation,
    Person,
    TargetGroup,
    Theme,
)
from kopa.directory.organisations.selectors import tags_for


class AgencySummarySerializer(serializers.ModelSerializer):
    country = CountryCodeField(read_only=True)

    class Meta:
        model = Agency
        fields = ["slug", "name", "short_name", "kind", "country"]


class OrganisationSerializer(serializers.Serializer):
    """An organisation's profile."""

    id = serializers.IntegerField(read_only=True)
    legal_name = serializers.CharField(max_length=250)
    type = serializers.ChoiceField(choices=Organisation.Type.choices, required=False)
    country = CountryCodeField(max_length=2)
    region = serializers.CharField(max_length=120, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120)
    address = serializers.CharField(max_length=250, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=20, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    oid = serializers.CharField(
        max_length=20, required=False, allow_blank=True, allow_null=True,
        help_text=_("Erasmus+ Organisation ID: E followed by 8 digits, e.g. E10012345."),
    )
    description = TranslatedTextField(required=False)
    target_groups = code_list(TargetGroup)
    themes = code_list(Theme)
    working_languages = code_list(Language)
    experience = serializers.ChoiceField(choices=Organisation.Experience.choices, required=False)
    can_host = serializers.BooleanField(required=False)
    can_send = serializers.BooleanField(required=False)
    can_coordinate = serializers.BooleanField(required=False)
    accessibility = serializers.ChoiceField(choices=Organisation.Accessibility.choices, required=False)
    accessibility_notes = TranslatedTextField(required=False)
    public_listing = serializers.BooleanField(
        required=False, help_text=_("Listed in the public directory; only with the organisation's consent.")
    )
    public_listing_consented_at = BoundedDateTimeField(read_only=True, allow_null=True)
    tags = serializers.SerializerMethodField(
        help_text=_("Private tags of the agencies you work for; empty for everyone else.")
    )
    created_at = BoundedDateTimeField(read_only=True)
    updated_at = BoundedDateTimeField(read_only=True)

    def validate_oid(self, value):
        value = (value or "").strip().upper()
        if value and not (len(value) == 9 and value[0] == "E" and value[1:].isdigit()):
            raise serializers.ValidationError(_("An OID is the letter E followed by 8 digits, e.g. E10012345."))
        return value or None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, obj) -> list[str]:
        tags = getattr(obj, "own_tags", None)
        if tags is None:
            request = self.context.get("request")
            tags = tags_for(user=getattr(request, "user", None), organisation=obj)
        return sorted({t.name for t in tags}, key=str.lower)


class OrganisationCreateSerializer(OrganisationSerializer):
    agency = serializers.SlugRelatedField(
        slug_field="slug", queryset=Agency.objects.all(), required=False, write_only=True,
        help_text=_("Slug of the agency whose inventory the organisation joins; your first agency if left out."),
    )


class OrganisationRefSerializer(serializers.ModelSerializer):
    country = CountryCodeField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "legal_name", "country"]


class TargetGroupSerializer(serializers.ModelSerializer):
    name = TranslatedTextField(read_only=True)
    description = TranslatedTextField(read_only=True)
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True,
        help_text=_("The code of the wider group; null for a group of the first level."))
    agency = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True,
        help_text=_("The agency that added the group for its own use; null for the common list."))

    class Meta:
        model = TargetGroup
        fields = ["code", "name", "description", "parent", "is_barrier_category", "agency"]


class ThemeSerializer(serializers.ModelSerializer):
    name = TranslatedTextField(read_only=True)

    class Meta:
        model = Theme
        fields = ["code", "name"]


class LanguageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Language
        fields = ["code", "name"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    agencies = AgencySummarySerializer(many=True, read_only=True)
    represented_organisations = serializers.ListField(child=serializers.IntegerField(), read_only=True)


class RoleSerializer(serializers.ModelSerializer):
    """A person's role at an organisation."""

    organisation = OrganisationRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["organisation", "role", "role_label", "title"]


class PersonSerializer(serializers.ModelSerializer):
    """A contact person as the staff people list shows them: name, roles and e-mail."""

    roles = RoleSerializer(source="affiliations", many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "email", "roles"]


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsentRecord
        fields = ["purpose", "given", "source", "recorded_at"]


class PersonDetailSerializer(PersonSerializer):
    """A contact person as their staff page shows them: also phone, languages, whether they have an
    account, and their consent records, newest first."""

    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    has_account = serializers.SerializerMethodField()
    consents = ConsentSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "phone", "languages", "has_account", "consents"]

    def get_has_account(self, person) -> bool:
        return person.user_id is not None
