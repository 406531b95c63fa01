"""API v1: the programmes: partnerships of agencies and the projects they follow.

Who sees what is the web interface's rule, because both call the same selectors: partnerships and
funded projects are public; agency staff also see every project of their own agencies.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny

from django import forms

from kopa.agencies.models import Agency
from kopa.api.base import V1View, form_errors
from kopa.api.schema import errors, list_parameter
from kopa.api.serializers_programmes import (
    PartnershipDetailSerializer,
    PartnershipSerializer,
    ProjectSerializer,
)
from kopa.core.errors import ValidationFailed
from kopa.programmes.models import Project
from kopa.programmes.selectors import (
    ProjectFilters,
    filter_projects,
    partnership_detail,
    partnership_list,
    project_for_user,
    visible_projects,
)

PROJECT_FILTERS = [
    OpenApiParameter("agency", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Agency slug."),
    list_parameter("programme", "Funding programme.", Project.Programme.values),
    OpenApiParameter("action", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Part of the action code, e.g. KA220."),
    list_parameter("status", "Project status.", Project.Status.values),
]


@extend_schema_view(get=extend_schema(summary="Partnerships of agencies", responses={
    200: PartnershipSerializer(many=True), **errors(401, 429)}))
@extend_schema(tags=["programmes"])
class PartnershipList(V1View, generics.ListAPIView):
    """Long-term partnerships of agencies, with their member countries. Public."""

    serializer_class = PartnershipSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return partnership_list()


@extend_schema_view(get=extend_schema(
    summary="One partnership with its members, strands and cycles",
    responses={200: PartnershipDetailSerializer, **errors(401, 404)},
))
@extend_schema(tags=["programmes"])
class PartnershipDetail(V1View, generics.RetrieveAPIView):
    """A partnership with its members (by country), strands and cycles. Public."""

    serializer_class = PartnershipDetailSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        return partnership_detail(slug=self.kwargs["slug"])


class ProjectFilterForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), to_field_name="slug", required=False)
    programme = forms.MultipleChoiceField(choices=Project.Programme.choices, required=False)
    action = forms.CharField(max_length=40, required=False)
    status = forms.MultipleChoiceField(choices=Project.Status.choices, required=False)


def project_queryset(request):
    form = ProjectFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationFailed(fields=form_errors(form))
    data = form.cleaned_data
    filters = ProjectFilters(
        programme=data["programme"], action=data["action"], status=data["status"],
        agency=data["agency"].slug if data["agency"] else "",
    )
    return filter_projects(visible_projects(request.user), filters)


@extend_schema_view(get=extend_schema(
    summary="Funded projects",
    parameters=PROJECT_FILTERS,
    responses={200: ProjectSerializer(many=True), **errors(400, 401, 429)},
))
@extend_schema(tags=["programmes"])
class ProjectList(V1View, generics.ListAPIView):
    """Funded projects: approved, running and completed ones are public; planned, submitted and not
    approved ones are shown only to staff of the project's agency."""

    serializer_class = ProjectSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return project_queryset(self.request)


@extend_schema_view(get=extend_schema(summary="One project", responses={
    200: ProjectSerializer, **errors(401, 404)}))
@extend_schema(tags=["programmes"])
class ProjectDetail(V1View, generics.RetrieveAPIView):
    """One project you may see."""

    serializer_class = ProjectSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        return project_for_user(user=self.request.user, pk=self.kwargs["pk"])
