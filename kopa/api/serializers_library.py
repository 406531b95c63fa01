"""API serializers of the library: resources with their language versions, and the fields staff
send to create or change one (the library's services check the rest)."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import all_agencies
from kopa.api.fields import BoundedDateField, BoundedDateTimeField, TranslatedTextField, code_list
from kopa.api.serializers_directory import AgencySummarySerializer, OrganisationRefSerializer
from kopa.directory.models import TargetGroup, Theme
from kopa.library.models import Resource, ResourceVersion

MAX_ID = 2**63 - 1


class ResourceVersionSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text=_("The file's address; empty for a video."))
    tagged_pdf = serializers.BooleanField(read_only=True, allow_null=True, help_text=_(
        "Whether a PDF is tagged (has a structure tree for screen readers); null until checked or for "
        "other formats."))

    class Meta:
        model = ResourceVersion
        fields = ["language", "format", "filename", "size", "pages", "tagged_pdf", "video_url", "download"]

    def get_download(self, obj) -> str:
        if obj.format == ResourceVersion.Format.VIDEO or not obj.file:
            return ""
        return reverse("library:download", args=[obj.resource_id, obj.language], request=self.context.get("request"))


class ResourceSerializer(serializers.ModelSerializer):
    title = TranslatedTextField(read_only=True)
    summary = TranslatedTextField(read_only=True)
    agency = AgencySummarySerializer(read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    authors = OrganisationRefSerializer(many=True, read_only=True)
    versions = ResourceVersionSerializer(many=True, read_only=True)
    published_at = BoundedDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Resource
        fields = ["id", "kind", "title", "summary", "agency", "status", "visibility", "published_on",
                  "published_at", "licence", "target_groups", "themes", "authors", "strand", "cycle", "event",
                  "working_group", "versions"]


def _id(help_text):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                    help_text=help_text)


class ResourceWriteSerializer(serializers.Serializer):
    """A new resource (a draft); PATCH sends only the fields to change."""

    agency = serializers.SlugRelatedField(slug_field="slug", queryset=all_agencies(), required=False,
                                          help_text=_("Slug of the agency it belongs to; your first agency if left out."))
    kind = serializers.ChoiceField(choices=Resource.Kind.choices)
    title = TranslatedTextField()
    summary = TranslatedTextField(required=False)
    published_on = BoundedDateField(required=False, allow_null=True)
    licence = serializers.ChoiceField(choices=Resource.Licence.choices, required=False)
    visibility = serializers.ChoiceField(choices=Resource.Visibility.choices, required=False)
    target_groups = code_list(TargetGroup)
    themes = code_list(Theme)
    authors = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                    max_length=100, help_text=_("Ids of organisations in your inventory."))
    strand = _id(_("Strand id: a strand of your agency's partnerships."))
    cycle = _id(_("Cycle id: a cycle of your agency's partnerships."))
    event = _id(_("Event id: an event of your agency."))
    working_group = _id(_("Working group id: a working group of your agency."))


class ResourceUpdateSerializer(ResourceWriteSerializer):
    agency = None
    kind = serializers.ChoiceField(choices=Resource.Kind.choices, required=False)
    title = TranslatedTextField(required=False)
