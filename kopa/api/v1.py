"""API v1: the organisation directory and the programmes.

Who sees what is exactly the web interface's rule, because both call the same selectors:
anonymous users see publicly listed organisations; agency staff also see their agencies' inventories;
representatives also see the organisations they represent. Writes call the directory's services,
which check permissions and write the audit log. Staff notes are never exposed through the API;
tags are shown only to staff of the agencies that wrote them.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from django import forms
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import agencies_for_staff, current_agency, staff_agency_ids
from kopa.api.schema import ORGANISATION_FILTERS, PROJECT_FILTERS, errors
from kopa.api.serializers import (
    LanguageSerializer,
    MeSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    PartnershipDetailSerializer,
    PartnershipSerializer,
    ProjectSerializer,
    TargetGroupSerializer,
    ThemeSerializer,
)
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.directory import selectors as directory
from kopa.directory import services as directory_services
from kopa.directory.forms import DirectoryFilterForm
from kopa.programmes import selectors as programmes
from kopa.programmes.models import Partnership, Project

SCOPES = ("visible", "public", "mine")


# Common ground of every v1 endpoint: JSON in, JSON out, throttled per client.
class V1View(generics.GenericAPIView):
    parser_classes = [JSONParser]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def organisation_filters(request):
    """The directory filters of `request`, validated by the web directory's own form; raises ValidationFailed."""
    params = request.query_params
    is_staff = bool(staff_agency_ids(request.user))
    scope = params.get("scope") or "visible"
    form = DirectoryFilterForm(params, with_tags=is_staff)
    fields = {} if form.is_valid() else form_errors(form)
    if scope not in SCOPES:
        fields["scope"] = [_("Choose one of: visible, public, mine.")]
    if params.get("tag") and not is_staff:
        fields["tag"] = [_("Only agency staff can filter by tag.")]
    elif params.get("tag") and scope == "public":
        fields["tag"] = [_("Tags are private: filter by tag with the scope visible or mine.")]
    if fields:
        raise ValidationFailed(fields=fields)
    return scope, form.to_filters()


@extend_schema_view(
    get=extend_schema(
        summary="List organisations",
        parameters=ORGANISATION_FILTERS,
        responses={200: OrganisationSerializer(many=True), **errors(400, 401, 429)},
    ),
    post=extend_schema(
        summary="Add an organisation to your agency's inventory (agency staff)",
        request=OrganisationCreateSerializer,
        responses={201: OrganisationSerializer, **errors(400, 401, 403, 415, 429)},
    ),
)
@extend_schema(tags=["organisations"])
class OrganisationList(V1View, generics.ListCreateAPIView):
    """Organisations, with the same search and filters as the web directory.

    Anonymous users see publicly listed organisations; agency staff also see their agencies'
    inventories; representatives also see the organisations they represent. Only agency staff may add
    organisations: a new one joins the inventory of the agency given in `agency` (default: their first).
    """

    serializer_class = OrganisationSerializer

    def get_queryset(self):
        user = self.request.user
        scope, filters = organisation_filters(self.request)
        if scope == "public":
            qs = directory.public_organisation_list(filters=filters)
        elif scope == "mine":
            if not user.is_authenticated:
                raise exceptions.NotAuthenticated()
            qs = directory.editable_organisation_list(user=user, filters=filters)
        else:
            qs = directory.visible_organisation_list(user=user, filters=filters)
        return directory.with_own_tags(qs, user=user)

    def create(self, request, *args, **kwargs):
        staff_ids = staff_agency_ids(request.user)
        if not staff_ids:
            raise PermissionDenied(_("Only agency staff can add organisations."))
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = data.pop("agency", None) or current_agency(request.user)
        if agency.pk not in staff_ids:
            raise ValidationFailed(fields={"agency": [_("You do not work for this agency.")]})
        org = directory_services.organisation_create(actor=request.user, data=data, agency=agency)
        org = directory.organisation_for_user(user=request.user, pk=org.pk)
        url = reverse("api-v1:organisation-detail", kwargs={"pk": org.pk}, request=request)
        return Response(self.get_serializer(org).data, status=status.HTTP_201_CREATED,
                        headers={"Location": url})


@extend_schema_view(
    get=extend_schema(summary="One organisation", responses={200: OrganisationSerializer, **errors(401, 404)}),
    put=extend_schema(
        summary="Replace an organisation's profile (staff in scope, or an approved representative)",
        responses={200: OrganisationSerializer, **errors(400, 401, 403, 404, 415)},
    ),
    patch=extend_schema(
        summary="Change some fields of an organisation's profile (staff in scope, or an approved representative)",
        responses={200: OrganisationSerializer, **errors(400, 401, 403, 404, 415)},
    ),
)
@extend_schema(tags=["organisations"])
class OrganisationDetail(V1View, generics.RetrieveUpdateAPIView):
    """One organisation you may see. Agency staff edit the organisations in their agencies'
    inventories; an approved representative edits their own organisation. Every change is audited.
    PUT needs `legal_name`, `country` and `city`; with PUT and PATCH alike, fields left out keep their
    values. `description` and `accessibility_notes` are replaced as a whole."""

    serializer_class = OrganisationSerializer

    def get_object(self):
        return directory.organisation_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def update(self, request, *args, partial=False, **kwargs):
        org = self.get_object()
        if not directory.can_edit_organisation(request.user, org):
            raise PermissionDenied()
        serializer = OrganisationSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        directory_services.organisation_update(actor=request.user, organisation=org,
                                               data=dict(serializer.validated_data))
        org = directory.organisation_for_user(user=request.user, pk=org.pk)
        return Response(self.get_serializer(org).data)


@extend_schema_view(get=extend_schema(summary="Partnerships of agencies", responses={
    200: PartnershipSerializer(many=True), **errors(401, 429)}))
@extend_schema(tags=["programmes"])
class PartnershipList(V1View, generics.ListAPIView):
    """Long-term partnerships of agencies, with their member countries. Public."""

    serializer_class = PartnershipSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return programmes.partnership_list()


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
        try:
            return programmes.partnership_detail(slug=self.kwargs["slug"])
        except Partnership.DoesNotExist as exc:
            raise NotFound() from exc


class ProjectFilterForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), to_field_name="slug", required=False)
    programme = forms.MultipleChoiceField(choices=Project.Programme.choices, required=False)
    action = forms.CharField(max_length=40, required=False)
    status = forms.MultipleChoiceField(choices=Project.Status.choices, required=False)


def visible_projects(user):
    """Funded projects for everyone, plus every project of the agencies `user` works for."""
    return (programmes.public_project_list() | programmes.staff_projects(user)).select_related(
        "cycle__partnership"
    )


def project_queryset(request):
    form = ProjectFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationFailed(fields=form_errors(form))
    data = form.cleaned_data
    filters = programmes.ProjectFilters(
        programme=data["programme"], action=data["action"], status=data["status"],
        agency=data["agency"].slug if data["agency"] else "",
    )
    return programmes.filter_projects(visible_projects(request.user), filters)


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
        project = visible_projects(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if project is None:
            raise NotFound()
        return project


# A short, fixed reference list: returned whole, without pages.
class ReferenceList(V1View, generics.ListAPIView):

    permission_classes = [AllowAny]
    pagination_class = None


@extend_schema_view(get=extend_schema(summary="Target groups (barrier categories, NEET, national groups)",
                                      responses={200: TargetGroupSerializer(many=True), **errors(401)}))
@extend_schema(tags=["reference"])
class TargetGroupList(ReferenceList):
    """Target groups by code: the Inclusion & Diversity barrier categories, NEET and national groups."""

    serializer_class = TargetGroupSerializer

    def get_queryset(self):
        return directory.target_group_list()


@extend_schema_view(get=extend_schema(summary="Themes", responses={
    200: ThemeSerializer(many=True), **errors(401)}))
@extend_schema(tags=["reference"])
class ThemeList(ReferenceList):
    """Themes organisations work on, by code."""

    serializer_class = ThemeSerializer

    def get_queryset(self):
        return directory.theme_list()


@extend_schema_view(get=extend_schema(summary="Working languages", responses={
    200: LanguageSerializer(many=True), **errors(401)}))
@extend_schema(tags=["reference"])
class LanguageList(ReferenceList):
    """Working languages, by ISO 639-1 code."""

    serializer_class = LanguageSerializer

    def get_queryset(self):
        return directory.language_list()


@extend_schema_view(get=extend_schema(
    summary="Who you are: your agencies and the organisations you represent",
    responses={200: MeSerializer, **errors(401)},
))
@extend_schema(tags=["account"])
class Me(V1View):
    """The token's owner: the agencies they work for (their slugs are valid `agency` values) and
    the organisations they represent."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request):
        user = request.user
        return Response(MeSerializer({
            "username": user.get_username(),
            "agencies": agencies_for_staff(user),
            "represented_organisations": sorted(directory.represented_organisation_ids(user)),
        }).data)


@extend_schema(exclude=True)
class Unknown(APIView):
    """Any other address under /api/: a 404 in the API's error shape, whatever the method."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        with_slash = f"{request.path}/"
        if not request.path.endswith("/"):
            try:
                if resolve(with_slash).url_name != "api-unknown":
                    raise NotFound(_("There is no API endpoint at this address. Did you mean %(address)s?")
                                   % {"address": with_slash})
            except Resolver404:
                pass
        raise NotFound(_("There is no API endpoint at this address."))

