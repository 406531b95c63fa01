"""API v1: partner requests (public read; representatives and agency staff post, change and close
them for their organisations) and the suggested partners of an organisation (for those who may read
its record). The gates, filters and services are the web pages' own."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django.utils.translation import gettext as _

from kopa.api.base import V1View, form_errors
from kopa.api.schema import errors, list_parameter
from kopa.api.serializers_matchmaking import (
    PartnerRequestCloseSerializer,
    PartnerRequestSerializer,
    SuggestionSerializer,
)
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.directory.organisations.selectors import organisation_by_id
from kopa.matchmaking.access import organisation_for_suggestions, own_request
from kopa.matchmaking.models import ACTIONS, PartnerRequest
from kopa.matchmaking.requests import selectors
from kopa.matchmaking.requests.forms import RequestFilterForm
from kopa.matchmaking.requests.services import request_close, request_create, request_update
from kopa.matchmaking.suggestions.selectors import (
    suggestions_for_organisation,
    suggestions_for_request,
)
from kopa.matchmaking.suggestions.texts import ReasonWords

REQUEST_FILTERS = [
    OpenApiParameter("q", str, OpenApiParameter.QUERY,
                     description="Words from the title or description, or the organisation's name or town."),
    list_parameter("country", "ISO country code of the posting organisation."),
    list_parameter("target_group", "Target group code of the project."),
    list_parameter("language", "Working language code of the project."),
    list_parameter("action", "The action.", [code for code, _label in ACTIONS]),
    list_parameter("round", "The deadline round, e.g. 2027-1."),
]


@extend_schema_view(
    get=extend_schema(summary="Open partner requests", parameters=REQUEST_FILTERS,
                      responses={200: PartnerRequestSerializer(many=True), **errors(400, 429)}),
    post=extend_schema(summary="Post a partner request for your organisation",
                       request=PartnerRequestSerializer,
                       responses={201: PartnerRequestSerializer, **errors(400, 401, 403, 415, 429)}),
)
@extend_schema(tags=["matchmaking"])
class PartnerRequestList(V1View, generics.ListCreateAPIView):
    """Open partner requests that staff did not hide, with the public list's filters. Approved
    representatives post for their organisation; agency admins and staff for one in their inventory."""

    serializer_class = PartnerRequestSerializer

    def get_queryset(self):
        form = RequestFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        return selectors.public_request_list(filters=form.to_request_filters())

    def create(self, request, *args, **kwargs):
        serializer = PartnerRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            organisation = organisation_by_id(pk=data.pop("organisation_id"))
        except NotFound as exc:  # said next to the field, as for any unknown value
            raise ValidationFailed(fields={"organisation": [_("No such organisation.")]}) from exc
        created = request_create(actor=request.user, organisation=organisation, data=data)
        created = selectors.public_request_detail(pk=created.pk)
        url = reverse("api-v1:partner-request-detail", kwargs={"pk": created.pk}, request=request)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED, headers={"Location": url})


def _own_request(request, pk) -> PartnerRequest:
    """A request the caller may change; 403 for one they only read, 404 for one they do not see."""
    try:
        return own_request(user=request.user, pk=pk)
    except NotFound:
        selectors.public_request_detail(pk=pk)  # NotFound when the caller does not even see it
        raise PermissionDenied() from None


def _request_data(partner_request: PartnerRequest) -> dict:
    """What the request holds, as the service takes it."""
    data = {name: getattr(partner_request, name) for name in
            ("title", "description", "action", "round", "closes_on", "countries", "roles")}
    for name in ("target_groups", "themes", "working_languages"):
        data[name] = list(getattr(partner_request, name).all())
    return data


@extend_schema_view(
    get=extend_schema(summary="One partner request", responses={200: PartnerRequestSerializer, **errors(404)}),
    patch=extend_schema(summary="Change your organisation's partner request", request=PartnerRequestSerializer,
                        responses={200: PartnerRequestSerializer, **errors(400, 401, 403, 404, 409, 415)}),
)
@extend_schema(tags=["matchmaking"])
class PartnerRequestDetail(V1View, generics.RetrieveAPIView):
    """A request anyone may read. Whoever may post for its organisation changes it while it is open
    (fields left out keep their values; the organisation stays)."""

    serializer_class = PartnerRequestSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_object(self):
        return selectors.public_request_detail(pk=self.kwargs["pk"])

    def patch(self, request, pk: int):
        partner_request = _own_request(request, pk)
        serializer = PartnerRequestSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        sent = dict(serializer.validated_data)
        if sent.pop("organisation_id", partner_request.organisation_id) != partner_request.organisation_id:
            raise ValidationFailed(fields={"organisation": [_("A partner request stays with its organisation.")]})
        request_update(actor=request.user, request=partner_request, data={**_request_data(partner_request), **sent})
        return Response(self.get_serializer(own_request(user=request.user, pk=pk)).data)


@extend_schema_view(post=extend_schema(
    summary="Close your organisation's partner request", request=PartnerRequestCloseSerializer,
    responses={200: PartnerRequestSerializer, **errors(400, 401, 403, 404, 409, 415)}))
@extend_schema(tags=["matchmaking"])
class PartnerRequestClose(V1View):
    """Partners found, or withdrawn: the request leaves the public list (409 when already closed)."""

    serializer_class = PartnerRequestCloseSerializer

    def post(self, request, pk: int):
        partner_request = _own_request(request, pk)
        serializer = PartnerRequestCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closed = request_close(actor=request.user, request=partner_request, reason=serializer.validated_data["reason"])
        return Response(PartnerRequestSerializer(own_request(user=request.user, pk=closed.pk)).data)


@extend_schema_view(get=extend_schema(
    summary="Suggested partners of an organisation, with the reasons and their weights",
    responses={200: SuggestionSerializer(many=True), **errors(401, 404)}))
@extend_schema(tags=["matchmaking"])
class OrganisationSuggestions(V1View):
    """Publicly listed organisations and open partner requests that would be good partners, best
    first; for the organisation's representatives and its agencies' people. The reasons' texts are
    in the language of `Accept-Language`."""

    permission_classes = [IsAuthenticated]
    serializer_class = SuggestionSerializer
    pagination_class = None

    def get(self, request, pk: int):
        organisation = organisation_for_suggestions(user=request.user, pk=pk)
        return Response(_suggestion_rows(suggestions_for_organisation(organisation=organisation)))


@extend_schema_view(get=extend_schema(
    summary="Suggested partners for your organisation's partner request, with the reasons and their weights",
    responses={200: SuggestionSerializer(many=True), **errors(401, 404)}))
@extend_schema(tags=["matchmaking"])
class PartnerRequestSuggestions(V1View):
    """Publicly listed organisations and other open requests that fit the request, best first; for
    those who may change it (the web page's "Suggested partners" of a request)."""

    permission_classes = [IsAuthenticated]
    serializer_class = SuggestionSerializer
    pagination_class = None

    def get(self, request, pk: int):
        partner_request = own_request(user=request.user, pk=pk)
        return Response(_suggestion_rows(suggestions_for_request(request=partner_request)))


def _suggestion_rows(suggestions) -> list:
    """The suggestions with their reasons in words, in the request's language."""
    words = ReasonWords()
    rows = []
    for s in suggestions:
        target = s.organisation or s.request
        rows.append({
            "kind": "organisation" if s.organisation else "request", "id": target.pk,
            "name": s.organisation.legal_name if s.organisation else s.request.title_text,
            "country": (s.organisation or s.request.organisation).country,
            "score": s.total,
            "reasons": [{"code": r.code, "value": r.value, "weight": r.weight, "text": words.sentence(r)}
                        for r in s.reasons],
        })
    return SuggestionSerializer(rows, many=True).data
