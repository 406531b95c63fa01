"""API v1: project ideas. Anyone reads the ideas every organisation of which agreed to show them; the
ideas' organisations' representatives and their agencies' people read the others. The coordinator's
representatives (or agency staff for an organisation of their inventory) start and change an idea and
move it up to submission; agency staff record the decision; each organisation answers for itself
whether the idea is shown publicly. The gates, selectors and services are the web pages' own."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django.utils.translation import gettext as _

from kopa.api.base import V1View
from kopa.api.schema import errors
from kopa.api.serializers_ideas import (
    IdeaConsentSerializer,
    IdeaCreateSerializer,
    IdeaDetailSerializer,
    IdeaMoveSerializer,
    IdeaSerializer,
    IdeaWriteSerializer,
)
from kopa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kopa.directory.organisations.selectors import organisation_by_id
from kopa.matchmaking.access import (
    can_manage_idea,
    idea_for_reader,
    idea_moves,
    insider_idea_ids,
    require_idea_manager,
    require_idea_mover,
)
from kopa.matchmaking.ideas import selectors, services
from kopa.matchmaking.models import IdeaPartner, ProjectIdea
from kopa.programmes.selectors import staff_projects

IDEA_FILTERS = [
    OpenApiParameter("status", str, OpenApiParameter.QUERY, enum=ProjectIdea.Status.values,
                     description="Only ideas with this status."),
    OpenApiParameter("event", int, OpenApiParameter.QUERY, description="Only ideas started at this event."),
]


def _choose_one() -> list[str]:
    return [_("Choose one of the offered values.")]


def _filters(request) -> tuple[str, int | None]:
    """The list's `status` and `event`; anything else is a 400 naming the parameter."""
    params = request.query_params
    status_value, event = params.get("status", ""), params.get("event")
    problems = {}
    if status_value and status_value not in ProjectIdea.Status.values:
        problems["status"] = _choose_one()
    event_id = None
    if event is not None:
        text = event.strip()
        if text.isascii() and text.isdigit() and len(text) <= 10:
            event_id = int(text)
        else:
            problems["event"] = [_("Give the event's id, a whole number.")]
    if problems:
        raise ValidationFailed(fields=problems)
    return status_value, event_id


def _partners(user, rows) -> list[tuple]:
    """(Organisation, role) of the partners sent, each one the web form would offer."""
    ids = [row["organisation"] for row in rows]
    found = {o.pk: o for o in selectors.partner_choices(user).filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise ValidationFailed(fields={"partners": [_("Choose organisations from the list.")]})
    return [(found[row["organisation"]], row["role"]) for row in rows]


def _event(event_id):
    if event_id is None:
        return None
    event = selectors.event_choices().filter(pk=event_id).first()
    if event is None:
        raise ValidationFailed(fields={"event": _choose_one()})
    return event


def _service_data(user, sent: dict, current: dict) -> dict:
    """The service's data: what was sent over what the idea holds."""
    data = dict(current)
    for name in ("title", "summary", "action", "round"):
        if name in sent:
            data[name] = sent[name]
    if "event" in sent:
        data["event"] = _event(sent["event"])
    if "partners" in sent:
        data["partners"] = _partners(user, sent["partners"])
    if "publish_consent" in sent:
        data["publish_consent"] = sent["publish_consent"]
    return data


def _detail(request, idea: ProjectIdea) -> dict:
    user = request.user
    idea = selectors.visible_ideas(user=user).filter(pk=idea.pk).first()
    if idea is None:
        raise NotFound()
    idea.can_edit = can_manage_idea(user, idea) and not idea.is_decided
    idea.moves = idea_moves(user, idea)
    idea.consent_organisations = (sorted(selectors.organisations_to_speak_for(user=user, idea=idea)
                                         .values_list("pk", flat=True))
                                  if getattr(user, "is_authenticated", False) else [])
    return IdeaDetailSerializer(idea, context={"insiders": insider_idea_ids(user, [idea.pk])}).data


@extend_schema_view(
    get=extend_schema(summary="Project ideas you may read", parameters=IDEA_FILTERS,
                      responses={200: IdeaSerializer(many=True), **errors(400, 404, 429)}),
    post=extend_schema(summary="Start a project idea for your organisation", request=IdeaCreateSerializer,
                       responses={201: IdeaDetailSerializer, **errors(400, 401, 403, 415, 429)}),
)
@extend_schema(tags=["matchmaking"])
class IdeaList(V1View, generics.ListCreateAPIView):
    """The ideas of the organisations you represent or your agencies' inventories hold, of the events
    your agency organises, and every idea all of whose organisations agreed to show it publicly;
    newest first."""

    serializer_class = IdeaSerializer

    def get_queryset(self):
        status_value, event_id = _filters(self.request)
        return selectors.visible_ideas(user=self.request.user, status=status_value, event_id=event_id)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        insiders = insider_idea_ids(request.user, [idea.pk for idea in page])
        return self.get_paginated_response(IdeaSerializer(page, many=True, context={"insiders": insiders}).data)

    def create(self, request, *args, **kwargs):
        serializer = IdeaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sent = dict(serializer.validated_data)
        try:
            coordinator = organisation_by_id(pk=sent.pop("coordinator"))
        except NotFound as exc:  # said next to the field, as for any unknown value
            raise ValidationFailed(fields={"coordinator": [_("No such organisation.")]}) from exc
        data = _service_data(request.user, sent, {"summary": "", "event": None, "partners": []})
        idea = services.idea_create(actor=request.user, coordinator=coordinator, data=data)
        url = reverse("api-v1:project-idea-detail", kwargs={"pk": idea.pk}, request=request)
        return Response(_detail(request, idea), status=status.HTTP_201_CREATED, headers={"Location": url})


@extend_schema_view(
    get=extend_schema(summary="One project idea", responses={200: IdeaDetailSerializer, **errors(404)}),
    put=extend_schema(summary="Change a project idea", request=IdeaWriteSerializer,
                      responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404, 409, 415)}),
    patch=extend_schema(summary="Change some fields of a project idea", request=IdeaWriteSerializer,
                        responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404, 409, 415)}),
)
@extend_schema(tags=["matchmaking"])
class IdeaDetail(V1View):
    """An idea you may read. Its coordinator's representatives, and agency staff whose inventory holds
    the coordinator, change it until it is decided (403 for other readers). Fields left out keep
    their values; `partners` replaces the list."""

    serializer_class = IdeaDetailSerializer
    pagination_class = None

    def get(self, request, pk: int):
        return Response(_detail(request, idea_for_reader(user=request.user, pk=pk)))

    def put(self, request, pk: int):
        return self._change(request, pk, partial=False)

    def patch(self, request, pk: int):
        return self._change(request, pk, partial=True)

    def _change(self, request, pk, *, partial: bool):
        idea = idea_for_reader(user=request.user, pk=pk)
        require_idea_manager(request.user, idea)
        serializer = IdeaWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        partners = [(p.organisation, p.role) for p in selectors.idea_partners(idea)
                    if p.role != IdeaPartner.Role.COORDINATOR]
        current = {"title": idea.title, "summary": idea.summary, "action": idea.action, "round": idea.round,
                   "event": idea.event, "partner_request": idea.partner_request, "partners": partners}
        data = _service_data(request.user, serializer.validated_data, current)
        services.idea_update(actor=request.user, idea=idea, data=data)
        return Response(_detail(request, idea))


@extend_schema_view(post=extend_schema(
    summary="Move a project idea's status", request=IdeaMoveSerializer,
    responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404, 415)}))
@extend_schema(tags=["matchmaking"])
class IdeaMove(V1View):
    """The web page's moves: idea → in preparation → submitted → approved or rejected, withdrawn
    before the decision and back to an idea after. The coordinator's managers make the moves up to
    submission, agency staff the decisions. A move the table does not allow is a 400 naming `to`.
    Submitting and deciding record the application and the decision in the outreach campaigns that
    reach the idea's organisations, as on the page."""

    serializer_class = IdeaMoveSerializer

    def post(self, request, pk: int):
        idea = idea_for_reader(user=request.user, pk=pk)
        require_idea_mover(request.user, idea)
        serializer = IdeaMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sent = serializer.validated_data
        project = None
        if sent.get("project") is not None:
            project = staff_projects(request.user).filter(pk=sent["project"]).first()
            if project is None:
                raise ValidationFailed(fields={"project": _choose_one()})
        try:
            services.idea_move(actor=request.user, idea=idea, to=sent["to"], on=sent.get("on"),
                               reference=sent.get("reference", ""), project=project)
        except Conflict as exc:  # a move outside the transition table: a mistake in the input
            raise ValidationFailed(exc.message, fields={"to": [exc.message]}) from exc
        return Response(_detail(request, idea))


@extend_schema_view(post=extend_schema(
    summary="Agree (or no longer agree) that a project idea is shown publicly", request=IdeaConsentSerializer,
    responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404, 415)}))
@extend_schema(tags=["matchmaking"])
class IdeaConsent(V1View):
    """For one of the idea's organisations you answer for (`consent_organisations` of the idea): its
    representatives, or agency staff whose inventory holds it. The idea is public once every
    organisation agreed."""

    serializer_class = IdeaConsentSerializer

    def post(self, request, pk: int):
        idea = idea_for_reader(user=request.user, pk=pk)
        speak_for = selectors.organisations_to_speak_for(user=request.user, idea=idea)
        if not speak_for.exists():
            raise PermissionDenied()
        serializer = IdeaConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = speak_for.filter(pk=serializer.validated_data["organisation"]).first()
        if organisation is None:
            raise ValidationFailed(fields={"organisation": [_("Choose one of the organisations you answer for.")]})
        services.idea_consent(actor=request.user, idea=idea, organisation=organisation,
                              consent=serializer.validated_data["consent"])
        return Response(_detail(request, idea))
