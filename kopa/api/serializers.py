"""API serializers. They parse and present; every write goes through a service."""

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.directory.selectors import tags_for
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    ProjectPartner,
    Strand,
)

TEXT_MAX_LENGTH = 5000


@extend_schema_field({
    "type": "object",
    "description": "Text per language code.",
    "properties": {code: {"type": "string"} for code, _name in settings.LANGUAGES},
    "additionalProperties": False,
})
class TranslatedTextField(serializers.Field):
    """Text written in several languages: {"en": "...", "sl": "...", "lv": "..."}."""

    default_error_messages = {
        "not_an_object": _("Give an object with one text per language code."),
        "unknown_language": _("Unknown language code: {code}."),
        "not_text": _("The text for {code} must be a string."),
        "too_long": _("The text for {code} can be at most {max} characters long."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        known = {code for code, _name in settings.LANGUAGES}
        for code, text in data.items():
            if code not in known:
                self.fail("unknown_language", code=code)
            if text is not None and not isinstance(text, str):
                self.fail("not_text", code=code)
            if text and len(text) > TEXT_MAX_LENGTH:
                self.fail("too_long", code=code, max=TEXT_MAX_LENGTH)
        return {code: text or "" for code, text in data.items()}

    def to_representation(self, value):
        return dict(value or {})


@extend_schema_field({"type": "string", "pattern": "^[A-Z]{2}$", "example": "SI"})
class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 country code."""

    default_error_messages = {"unknown_country": _("Unknown country code: {code}.")}

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip().upper()
        if code not in countries:
            self.fail("unknown_country", code=code)
        return code

    def to_representation(self, value):
        return getattr(value, "code", value) or ""


class CodeListField(serializers.SlugRelatedField):
    """A reference row (target group, theme, language) by its code."""

    default_error_messages = {"does_not_exist": _("Unknown code: {value}.")}

    def __init__(self, model, **kwargs):
        super().__init__(slug_field="code", queryset=model.objects.all(), **kwargs)


def code_list(model):
    return CodeListField(model, many=True, required=False)


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
    public_listing_consented_at = serializers.DateTimeField(read_only=True, allow_null=True)
    tags = serializers.SerializerMethodField(
        help_text=_("Private tags of the agencies you work for; empty for everyone else.")
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

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


class TargetGroupSerializer(serializers.ModelSerializer):
    name = TranslatedTextField(read_only=True)
    description = TranslatedTextField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)

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


class AgencySummarySerializer(serializers.ModelSerializer):
    country = CountryCodeField(read_only=True)

    class Meta:
        model = Agency
        fields = ["slug", "name", "short_name", "kind", "country"]


class PartnershipMemberSerializer(serializers.ModelSerializer):
    country = CountryCodeField(read_only=True)
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    agency_name = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipMember
        fields = ["country", "region", "agency", "agency_name"]

    def get_agency_name(self, obj) -> str:
        return obj.agency.name if obj.agency else obj.agency_name


class StrandSerializer(serializers.ModelSerializer):
    name = TranslatedTextField(read_only=True)
    description = TranslatedTextField(read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Strand
        fields = ["id", "name", "description", "target_groups"]


class CycleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cycle
        fields = ["id", "name", "start", "end"]


class PartnershipSerializer(serializers.ModelSerializer):
    name = TranslatedTextField(read_only=True)
    description = TranslatedTextField(read_only=True)
    coordinator = AgencySummarySerializer(read_only=True)
    countries = serializers.SerializerMethodField(help_text=_("Member countries, as ISO codes."))

    class Meta:
        model = Partnership
        fields = ["slug", "name", "description", "coordinator", "start", "end", "countries"]

    def get_countries(self, obj) -> list[str]:
        return sorted({m.country.code for m in obj.members.all()})


class PartnershipDetailSerializer(PartnershipSerializer):
    members = PartnershipMemberSerializer(many=True, read_only=True)
    strands = StrandSerializer(many=True, read_only=True)
    cycles = CycleSerializer(many=True, read_only=True)

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "members", "strands", "cycles"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    country = CountryCodeField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "legal_name", "country"]


class ProjectPartnerSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    country = CountryCodeField(read_only=True)

    class Meta:
        model = ProjectPartner
        fields = ["organisation", "country"]


class ProjectCycleSerializer(CycleSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "partnership"]


class ProjectSerializer(serializers.ModelSerializer):
    title = TranslatedTextField(read_only=True)
    description = TranslatedTextField(read_only=True)
    agency = AgencySummarySerializer(read_only=True)
    lead = OrganisationRefSerializer(read_only=True)
    partners = ProjectPartnerSerializer(many=True, read_only=True)
    cycle = ProjectCycleSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = ["id", "acronym", "title", "description", "programme", "action", "status", "start", "end",
                  "agency", "lead", "partners", "cycle"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    agencies = AgencySummarySerializer(many=True, read_only=True)
    represented_organisations = serializers.ListField(child=serializers.IntegerField(), read_only=True)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, machine-readable code, e.g. validation_failed."))
    message = serializers.CharField(help_text=_("A message for people, in the request's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field name, for validation errors."),
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()

