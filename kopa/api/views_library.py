"""API v1: the library. Everyone lists, searches and reads published public resources; agency staff
also see their own agencies' drafts and staff-only resources, and admins and staff of the owning
agency create, change and publish them. Files are uploaded on the back-office page; the API links
each language version's download."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django.utils.translation import gettext as _

from kopa.agencies.access import require_some_agency_writer
from kopa.agencies.selectors import current_agency, is_agency_writer
from kopa.api.base import V1View, form_errors
from kopa.api.schema import errors, list_parameter
from kopa.api.serializers_library import (
    ResourceSerializer,
    ResourceUpdateSerializer,
    ResourceWriteSerializer,
)
from kopa.core.errors import NotFound, ValidationFailed
from kopa.library import selectors
from kopa.library.access import resource_for_reader, resource_for_writer
from kopa.library.forms import LibrarySearchForm
from kopa.library.models import Resource
from kopa.library.services import resource_create, resource_publish, resource_update
from kopa.programmes.selectors import staff_cycles, staff_strands, staff_working_groups

SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Words in the title, summary or file text (accents ignored), best first."),
    OpenApiParameter("language", OpenApiTypes.STR, OpenApiParameter.QUERY,
                     description="Only resources with a version in this language code."),
    list_parameter("kind", "Resource type.", Resource.Kind.values),
    list_parameter("target_group", "Target group code."),
    list_parameter("theme", "Theme code."),
]


def _links(user, data: dict) -> dict:
    """Turn the ids sent into objects the user may link; an id they may not is refused by name."""
    choices = {"strand": staff_strands(user), "cycle": staff_cycles(user), "event": selectors.event_choices(user),
               "working_group": staff_working_groups(user)}
    problems = {}
    for name, queryset in choices.items():
        if data.get(name) is not None:
            obj = queryset.filter(pk=data[name]).first()
            if obj is None:
                problems[name] = [_("Not one of your agency's: %(id)s.") % {"id": data[name]}]
            data[name] = obj
    if "authors" in data:
        ids = list(dict.fromkeys(data["authors"]))
        found = list(selectors.author_choices(user).filter(pk__in=ids))
        missing = sorted(set(ids) - {o.pk for o in found})
        if missing:
            problems["authors"] = [_("Not in your inventory: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]
        data["authors"] = found
    if problems:
        raise ValidationFailed(fields=problems)
    return data


@extend_schema_view(
    get=extend_schema(summary="Library resources", parameters=SEARCH_PARAMETERS,
                      responses={200: ResourceSerializer(many=True), **errors(400, 401, 429)}),
    post=extend_schema(summary="Add a resource (a draft; agency staff)", request=ResourceWriteSerializer,
                       responses={201: ResourceSerializer, **errors(400, 401, 403, 415, 429)}),
)
@extend_schema(tags=["library"])
class ResourceList(V1View, generics.ListCreateAPIView):
    """Published public resources, with search (`q`) and filters; agency staff also get their own
    agencies' drafts and staff-only resources. POST creates a draft for one of your agencies."""

    serializer_class = ResourceSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        form = LibrarySearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        return selectors.filter_resources(selectors.visible_resources(self.request.user), form.filters())

    def create(self, request, *args, **kwargs):
        require_some_agency_writer(request.user)
        serializer = ResourceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = data.pop("agency", None) or current_agency(request.user)
        if agency is None or not is_agency_writer(request.user, agency.pk):
            raise ValidationFailed(fields={"agency": [_("You do not work for this agency.")]})
        resource = resource_create(actor=request.user, agency=agency, data=_links(request.user, data))
        url = reverse("api-v1:library-resource-detail", kwargs={"pk": resource.pk}, request=request)
        body = self.get_serializer(resource_for_reader(user=request.user, pk=resource.pk)).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": url})


@extend_schema_view(
    get=extend_schema(summary="One library resource", responses={200: ResourceSerializer, **errors(401, 404)}),
    patch=extend_schema(summary="Change a resource (staff of its agency)", request=ResourceUpdateSerializer,
                        responses={200: ResourceSerializer, **errors(400, 401, 404, 415, 429)}),
)
@extend_schema(tags=["library"])
class ResourceDetail(V1View, generics.RetrieveAPIView):
    """A resource you may see, with its language versions and their downloads. PATCH changes the
    fields sent (staff of the owning agency; anyone else gets 404)."""

    serializer_class = ResourceSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        return resource_for_reader(user=self.request.user, pk=self.kwargs["pk"])

    def patch(self, request, pk):
        resource = resource_for_writer(user=request.user, pk=pk)
        if isinstance(request.data, dict) and "agency" in request.data:
            raise ValidationFailed(fields={"agency": [_("The agency of a resource does not change.")]})
        serializer = ResourceUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        resource_update(actor=request.user, resource=resource,
                        data=_links(request.user, dict(serializer.validated_data)))
        return Response(self.get_serializer(resource_for_reader(user=request.user, pk=pk)).data)


@extend_schema_view(post=extend_schema(summary="Publish a draft (staff of its agency)", request=None,
                                       responses={200: ResourceSerializer, **errors(400, 401, 404, 409, 429)}))
@extend_schema(tags=["library"])
class ResourcePublish(V1View, generics.GenericAPIView):
    """Publish a draft that has at least one language version; its visibility then decides who sees it."""

    serializer_class = ResourceSerializer
    permission_classes = [AllowAny]

    def post(self, request, pk):
        if not request.user.is_authenticated:
            raise NotFound()
        resource = resource_for_writer(user=request.user, pk=pk)
        resource_publish(actor=request.user, resource=resource)
        return Response(self.get_serializer(resource_for_reader(user=request.user, pk=pk)).data)
