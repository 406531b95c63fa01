"""API serializers of the programmes: partnerships with their members, strands and cycles, and
projects. They present; the programme endpoints are read-only."""

from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from kopa.api.fields import CountryCodeField, TranslatedTextField
from kopa.api.serializers_directory import AgencySummarySerializer, OrganisationRefSerializer
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    ProjectPartner,
    Strand,
)


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
