"""API v1: the organisation directory, its reference lists, and who the token's owner is.

Who sees what is exactly the web interface's rule, because both call the same selectors:
anonymous users see publicly listed organisations; agency staff also see their agencies' inventories;
representatives also see the organisations they represent. Writes call the directory's services,
which check permissions and write the audit log. Staff notes are never exposed through the API;
tags are shown only to staff of the agencies that wrote them.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django.utils.translation import gettext as _

from kopa.agencies.selectors import (
    agencies_for_staff,
    current_agency,
    is_agency_staff,
    staff_agency_ids,
    writer_agency_ids,
)
from kopa.api.base import V1View, form_errors
from kopa.api.pagination import DeepPagination
from kopa.api.schema import errors, list_parameter
from kopa.api.serializers_directory import (
    LanguageSerializer,
    MeSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    TargetGroupSerializer,
    ThemeSerializer,
)
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.pagecache import set_last_modified
from kopa.directory.access import represented_organisation_ids, require_organisation_manager
from kopa.directory.models import Organisation
from kopa.directory.organisations import selectors
from kopa.directory.organisations.forms import DirectoryFilterForm
from kopa.directory.organisations.services import organisation_create, organisation_update
from kopa.directory.people.forms import SearchForm
from kopa.directory.people.selectors import people_search, person_for_user

SCOPES = ("visible", "public", "mine")

ORGANISATION_FILTERS = [
    OpenApiParameter(
        "scope", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["visible", "public", "mine"],
        description=(
            "`visible` (default): every organisation you may see: publicly listed ones, those in your "
            "agencies' inventories and those you represent. `public`: the public directory only. "
            "`mine`: the ones you may edit (your agencies' inventories, which is the staff directory, "
            "and the organisations you represent); needs authentication."
        ),
    ),
    OpenApiParameter("q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Words from the name, town, OID or description; accents do not matter."),
    OpenApiParameter("city", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Part of the town's name."),
    OpenApiParameter("region", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Part of the region's name; case and accents do not matter."),
    list_parameter("country", "ISO 3166-1 alpha-2 country code, e.g. SI."),
    list_parameter("type", "Organisation type.", Organisation.Type.values),
    list_parameter("target_group", "Target group code (see /api/v1/target-groups/)."),
    list_parameter("experience", "Programme experience.", Organisation.Experience.values),
    list_parameter("language", "Code of a working language (see /api/v1/languages/)."),
    list_parameter("offers", "What the organisation can do; all given must apply.", ["host", "send", "coordinate"]),
    OpenApiParameter("tag", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="One of your agencies' private tags. Agency staff only; others get 400."),
]


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

    pagination_class = DeepPagination
    serializer_class = OrganisationSerializer

    def list(self, request, *args, **kwargs):
        # An anonymous visitor's list is public data: it says when that data last changed.
        return set_last_modified(request, super().list(request, *args, **kwargs), ("directory",))

    def get_queryset(self):
        user = self.request.user
        scope, filters = organisation_filters(self.request)
        if scope == "public":
            qs = selectors.public_organisation_list(filters=filters)
        elif scope == "mine":
            if not user.is_authenticated:
                raise exceptions.NotAuthenticated()
            qs = selectors.editable_organisation_list(user=user, filters=filters)
        else:
            qs = selectors.visible_organisation_list(user=user, filters=filters)
        return selectors.with_own_tags(qs, user=user)

    def create(self, request, *args, **kwargs):
        staff_ids = writer_agency_ids(request.user)
        if not staff_ids:
            raise PermissionDenied(_("Only agency staff can add organisations."))
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = data.pop("agency", None) or current_agency(request.user)
        if agency.pk not in staff_ids:
            raise ValidationFailed(fields={"agency": [_("You do not work for this agency.")]})
        org = organisation_create(actor=request.user, data=data, agency=agency)
        org = selectors.organisation_for_user(user=request.user, pk=org.pk)
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
        return selectors.organisation_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def update(self, request, *args, partial=False, **kwargs):
        org = self.get_object()
        require_organisation_manager(request.user, org)
        serializer = OrganisationSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        organisation_update(actor=request.user, organisation=org, data=dict(serializer.validated_data))
        org = selectors.organisation_for_user(user=request.user, pk=org.pk)
        return Response(self.get_serializer(org).data)


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
        return selectors.target_group_list()


@extend_schema_view(get=extend_schema(summary="Themes", responses={
    200: ThemeSerializer(many=True), **errors(401)}))
@extend_schema(tags=["reference"])
class ThemeList(ReferenceList):
    """Themes organisations work on, by code."""

    serializer_class = ThemeSerializer

    def get_queryset(self):
        return selectors.theme_list()


@extend_schema_view(get=extend_schema(summary="Working languages", responses={
    200: LanguageSerializer(many=True), **errors(401)}))
@extend_schema(tags=["reference"])
class LanguageList(ReferenceList):
    """Working languages, by ISO 639-1 code."""

    serializer_class = LanguageSerializer

    def get_queryset(self):
        return selectors.language_list()


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
            "represented_organisations": sorted(represented_organisation_ids(user)),
        }).data)


def _require_directory_staff(user) -> None:
    """The people pages are agency staff's. Raises PermissionDenied for anyone else."""
    if not is_agency_staff(user):
        raise PermissionDenied(_("Only agency staff can see contact people."))


@extend_schema_view(
    get=extend_schema(
        summary="Contact people (agency staff)",
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                description="Words of the first or last name or the e-mail address.",
            )
        ],
        responses={200: PersonSerializer(many=True), **errors(400, 401, 403, 429)},
    )
)
@extend_schema(tags=["directory"])
class PersonList(V1View, generics.ListAPIView):
    """The people with a role at an organisation in your agencies' inventories, exactly as the
    staff people list shows them: name, roles and e-mail address. Agency staff only (others: 403)."""

    serializer_class = PersonSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        _require_directory_staff(self.request.user)
        form = SearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        return people_search(user=self.request.user, q=form.cleaned_data["q"])


@extend_schema_view(
    get=extend_schema(
        summary="One contact person (agency staff)",
        responses={200: PersonDetailSerializer, **errors(401, 404, 429)},
    )
)
@extend_schema(tags=["directory"])
class PersonDetail(V1View, generics.RetrieveAPIView):
    """One person of your agencies' inventories, as their staff page shows them: also phone,
    languages, whether they have an account, and consent records. Anyone else gets 404."""

    serializer_class = PersonDetailSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        if not is_agency_staff(self.request.user):
            raise NotFound()
        return person_for_user(user=self.request.user, pk=self.kwargs["pk"])
