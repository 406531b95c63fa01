"""API v1: outreach campaigns, their interactions and the funnel.

Who sees what is the back office's rule, because both call the same gates (`kopa.outreach.access`),
selectors and services: staff of the agency running a campaign see it in full and record its
interactions; staff of another agency in the same partnership see it only as totals (the partnership
view); everyone else does not see it at all. Coaching private notes are accepted on writes and never
returned.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.agencies.access import require_some_agency_writer
from kopa.agencies.selectors import (
    all_agencies,
    current_agency,
    is_agency_writer,
)
from kopa.api.base import V1View, form_errors
from kopa.api.pagination import DeepPagination
from kopa.api.schema import errors, list_parameter
from kopa.api.serializers_outreach import (
    MAX_ID,
    CampaignCreateSerializer,
    CampaignSerializer,
    CampaignUpdateSerializer,
    FunnelSerializer,
    InteractionCreateSerializer,
    InteractionSerializer,
    InteractionUpdateSerializer,
    PartnershipOutreachSerializer,
    TargetAddResultSerializer,
    TargetAddSerializer,
    TargetSerializer,
)
from kopa.core.errors import NotFound, ValidationFailed
from kopa.core.forms import within_date_bounds
from kopa.outreach.access import (
    campaign_for_staff,
    can_manage_campaign,
    interaction_for_staff,
    partnership_by_slug_for_staff,
    require_campaign_staff,
    require_outreach_staff,
)
from kopa.outreach.campaigns.forms import TargetSearchForm
from kopa.outreach.campaigns.selectors import (
    STATUSES,
    CampaignFilters,
    campaign_ids_for_staff,
    campaign_list,
    furthest_stages,
    listed_campaign,
    on_list,
    organisation_ids_in_scope,
    target_list,
)
from kopa.outreach.campaigns.services import (
    campaign_create,
    campaign_update,
    targets_add,
    targets_remove,
)
from kopa.outreach.funnel.figures import DIMENSIONS, NOT_MEASURED
from kopa.outreach.funnel.reach import stage_cells, stage_totals, sum_cells
from kopa.outreach.funnel.selectors import dashboard, partnership_campaigns
from kopa.outreach.interactions.selectors import InteractionFilters, interaction_list
from kopa.outreach.interactions.services import (
    interaction_create,
    interaction_delete,
    interaction_update,
)
from kopa.outreach.models import CampaignTarget, Interaction, Stage
from kopa.outreach.rules import COMMON_FIELDS, KIND_FIELDS


def _date_order(form: forms.Form, cleaned: dict) -> None:
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end and end < start:
        form.add_error("date_to", _("The end date cannot be before the start date."))


def _valid(form_class, params, **kwargs) -> dict:
    """The form's cleaned data. Raises ValidationFailed naming every bad parameter."""
    form = form_class(params, **kwargs)
    if not form.is_valid():
        raise ValidationFailed(fields=form_errors(form))
    return form.cleaned_data


def _id_field() -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class IdListField(forms.Field):
    """A parameter repeated for several ids: ?campaign=3&campaign=5."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": gettext_lazy("Give ids as whole numbers.")}

    def to_python(self, value):
        ids = []
        for item in value or []:
            text = str(item).strip()
            if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(int(text))
        return ids


class DateRangeForm(forms.Form):
    date_from = forms.DateField(required=False, validators=[within_date_bounds])
    date_to = forms.DateField(required=False, validators=[within_date_bounds])

    def clean(self):
        cleaned = super().clean()
        _date_order(self, cleaned)
        return cleaned


class CampaignFilterForm(forms.Form):
    cycle = _id_field()
    strand = _id_field()
    agency = forms.ModelChoiceField(queryset=all_agencies(), to_field_name="slug", required=False)
    status = forms.ChoiceField(choices=[("", ""), *((s, s) for s in STATUSES)], required=False)

    def campaigns(self, user, *, ids=()):
        """The user's agencies' campaigns these filters choose (only `ids`, when given), with their
        target counts, latest first."""
        data = self.cleaned_data
        filters = CampaignFilters(
            cycle=data["cycle"],
            strand=data["strand"],
            status=data["status"],
            agency=data["agency"].pk if data["agency"] else None,
            ids=tuple(ids),
        )
        return campaign_list(user=user, filters=filters, today=timezone.localdate())


class InteractionFilterForm(DateRangeForm):
    kind = forms.MultipleChoiceField(choices=Interaction.Kind.choices, required=False)
    stage = forms.MultipleChoiceField(choices=Stage.choices, required=False)
    organisation = _id_field()


class FunnelForm(DateRangeForm):
    by = forms.ChoiceField(choices=[("", ""), *DIMENSIONS.items()], required=False)


class FunnelCampaignsForm(FunnelForm, CampaignFilterForm):
    campaign = IdListField(required=False)


DATE_RANGE = [
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        description="Interactions on or after this day (YYYY-MM-DD).",
    ),
    OpenApiParameter(
        "date_to",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        description="Interactions on or before this day (YYYY-MM-DD).",
    ),
]
CAMPAIGN_FILTERS = [
    OpenApiParameter("cycle", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Cycle id."),
    OpenApiParameter("strand", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Strand id."),
    OpenApiParameter(
        "agency", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Agency slug."
    ),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=list(STATUSES),
        description="Running today, planned (starting later) or ended.",
    ),
]
INTERACTION_FILTERS = [
    list_parameter("kind", "Kind of interaction.", Interaction.Kind.values),
    list_parameter("stage", "Funnel stage the interaction counts for.", Stage.values),
    OpenApiParameter(
        "organisation", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Organisation id."
    ),
    *DATE_RANGE,
]
BY = OpenApiParameter(
    "by",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(DIMENSIONS),
    description="Add the funnel of each group of this dimension (`breakdown`).",
)
FUNNEL_PARAMETERS = [BY, *DATE_RANGE]
CAMPAIGNS_FUNNEL_PARAMETERS = [
    OpenApiParameter(
        "campaign",
        {"type": "array", "items": {"type": "integer"}},
        OpenApiParameter.QUERY,
        description="Campaign id; repeat the parameter for several campaigns. Any campaign that "
        "is not your agencies' answers 404.",
        style="form",
        explode=True,
    ),
    *CAMPAIGN_FILTERS,
    *FUNNEL_PARAMETERS,
]


def _campaign_detail(request, pk):
    """A campaign of the requester's agencies with its target count. Raises NotFound."""
    campaign = campaign_for_staff(user=request.user, pk=pk)
    return listed_campaign(user=request.user, campaign=campaign, today=timezone.localdate())


def _figures(funnel) -> list[dict]:
    return [
        {
            "stage": f.stage,
            "label": f.label,
            "count": f.count,
            "count_reason": None if f.measured else NOT_MEASURED,
            "campaigns": f.campaigns,
            "conversion": f.conversion,
            "conversion_reason": f.conversion_reason,
            "median_days": f.median_days,
        }
        for f in funnel.stages
    ]


def _funnel_body(campaigns: list, options: dict) -> dict:
    """The funnel of `campaigns` (and the breakdown asked for), from the funnel's selectors."""
    dates = {"date_from": options.get("date_from"), "date_to": options.get("date_to")}
    by = options.get("by") or None
    # One grouped query for the funnel and its breakdown, as on the dashboard.
    data = dashboard(campaigns=campaigns, dimension=by, **dates)
    body = {
        "campaigns": sorted(c.pk for c in campaigns),
        "by": by,
        **dates,
        "stages": _figures(data.funnel),
    }
    if by:
        body["breakdown"] = [{"group": label, "stages": _figures(f)} for label, f in data.groups]
    return body


@extend_schema_view(
    get=extend_schema(
        summary="Outreach campaigns of your agencies",
        parameters=CAMPAIGN_FILTERS,
        responses={200: CampaignSerializer(many=True), **errors(400, 401, 403, 429)},
    ),
    post=extend_schema(
        summary="Create a campaign (agency staff)",
        request=CampaignCreateSerializer,
        responses={201: CampaignSerializer, **errors(400, 401, 403, 415, 429)},
    ),
)
@extend_schema(tags=["outreach"])
class CampaignList(V1View, generics.ListCreateAPIView):
    """The campaigns of the agencies you work for, latest first, with their target counts.
    Agency staff create campaigns for one of their agencies (`agency`, default their first)."""

    serializer_class = CampaignSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        require_outreach_staff(self.request.user)
        form = CampaignFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        return form.campaigns(self.request.user)

    def create(self, request, *args, **kwargs):
        require_outreach_staff(request.user)
        require_some_agency_writer(request.user)
        serializer = CampaignCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency = data.pop("agency", None) or current_agency(request.user)
        if not is_agency_writer(request.user, agency.pk):
            raise ValidationFailed(fields={"agency": [_("You do not work for this agency.")]})
        campaign = campaign_create(actor=request.user, agency=agency, data=data)
        url = reverse("api-v1:campaign-detail", kwargs={"pk": campaign.pk}, request=request)
        body = self.get_serializer(_campaign_detail(request, campaign.pk)).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": url})


@extend_schema_view(
    get=extend_schema(
        summary="One campaign", responses={200: CampaignSerializer, **errors(401, 404)}
    ),
    patch=extend_schema(
        summary="Change a campaign (staff of its agency)",
        request=CampaignUpdateSerializer,
        responses={200: CampaignSerializer, **errors(400, 401, 403, 404, 415, 429)},
    ),
)
@extend_schema(tags=["outreach"])
class CampaignDetail(V1View, generics.RetrieveAPIView):
    """One campaign of your agencies: its names and goal per language, cycle, strand, period,
    owners, the stages it measures and the size of its target list. PATCH changes the fields sent,
    with the campaign form's rules (cycle and strand of the agency's partnerships, owners on its
    staff, the end not before the start); the others keep their values and the agency never
    changes. Staff of the campaign's agency only; anyone else gets 404."""

    serializer_class = CampaignSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return _campaign_detail(self.request, self.kwargs["pk"])

    def patch(self, request, pk):
        campaign = campaign_for_staff(user=request.user, pk=pk)
        sent = request.data if isinstance(request.data, dict) else {}
        if "agency" in sent:
            raise ValidationFailed(fields={"agency": [_("The agency of a campaign does not change.")]})
        serializer = CampaignUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        campaign_update(actor=request.user, campaign=campaign, data=dict(serializer.validated_data))
        return Response(self.get_serializer(_campaign_detail(request, pk)).data)


@extend_schema_view(
    get=extend_schema(
        summary="The target list of a campaign",
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                description="Words of the name, town, region or OID.",
            )
        ],
        responses={200: TargetSerializer(many=True), **errors(400, 401, 404, 429)},
    ),
    post=extend_schema(
        summary="Put organisations on the target list",
        request=TargetAddSerializer,
        responses={200: TargetAddResultSerializer, **errors(400, 401, 404, 415, 429)},
    ),
)
@extend_schema(tags=["outreach"])
class CampaignTargets(V1View, generics.ListCreateAPIView):
    """The organisations a campaign reaches out to, by name, with the furthest stage each has
    reached, as on the campaign's target list page. POST adds organisations of your inventory by
    id (one not in it is refused, naming it); those already on the list stay as they are. Staff of
    the campaign's agency only; anyone else gets 404."""

    serializer_class = TargetSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        campaign = campaign_for_staff(user=self.request.user, pk=self.kwargs["pk"])
        q = _valid(TargetSearchForm, self.request.query_params)["q"]
        return target_list(campaign, q=q)

    def list(self, request, *args, **kwargs):
        campaign = campaign_for_staff(user=request.user, pk=self.kwargs["pk"])
        page = self.paginate_queryset(self.get_queryset())
        furthest = furthest_stages(campaign)
        rows = [
            {
                "organisation": target.organisation,
                "source": target.source,
                "added_at": target.added_at,
                "added_by": target.added_by,
                "furthest_stage": furthest.get(target.organisation_id),
            }
            for target in page
        ]
        return self.get_paginated_response(TargetSerializer(rows, many=True).data)

    def create(self, request, *args, **kwargs):
        campaign = campaign_for_staff(user=request.user, pk=self.kwargs["pk"])
        require_campaign_staff(request.user, campaign)  # observers read the list, never change it
        serializer = TargetAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = set(serializer.validated_data["organisations"])
        unknown = sorted(wanted - organisation_ids_in_scope(user=request.user, ids=wanted))
        if unknown:
            raise ValidationFailed(fields={"organisations": [
                _("Not in your inventory: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
            ]})
        added = targets_add(
            actor=request.user, campaign=campaign, organisations=sorted(wanted),
            source=CampaignTarget.Source.MANUAL,
        )
        return Response(TargetAddResultSerializer({"added": added, "already": len(wanted) - added}).data)


@extend_schema(
    tags=["outreach"],
    summary="Take an organisation off the target list",
    responses={204: None, **errors(401, 404, 429)},
)
class CampaignTargetRemove(V1View):
    """Take one organisation off the campaign's target list; its interactions stay, and so does
    the funnel. An organisation not on the list answers 404."""

    permission_classes = [IsAuthenticated]

    def delete(self, request, pk, organisation_id):
        campaign = campaign_for_staff(user=request.user, pk=pk)
        if not on_list(campaign, [organisation_id]):
            raise NotFound(_("This organisation is not on the campaign's target list."))
        targets_remove(actor=request.user, campaign=campaign, organisation_ids=[organisation_id])
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        summary="Interactions of a campaign",
        parameters=INTERACTION_FILTERS,
        responses={200: InteractionSerializer(many=True), **errors(400, 401, 404, 429)},
    ),
    post=extend_schema(
        summary="Record an interaction",
        request=InteractionCreateSerializer,
        responses={201: InteractionSerializer, **errors(400, 401, 404, 415, 429)},
    ),
)
@extend_schema(tags=["outreach"])
class CampaignInteractions(V1View, generics.ListCreateAPIView):
    """Every recorded contact of a campaign, newest first. Recording one puts the organisation on
    the campaign's target list; the funnel follows at once. Private coaching notes are
    write-only."""

    pagination_class = DeepPagination
    serializer_class = InteractionSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        campaign = campaign_for_staff(user=self.request.user, pk=self.kwargs["pk"])
        data = _valid(InteractionFilterForm, self.request.query_params)
        filters = InteractionFilters(
            kinds=tuple(data["kind"]),
            stages=tuple(data["stage"]),
            organisation_id=data["organisation"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        # The same list as the campaign's interactions page, with the API's filters.
        return interaction_list(campaign=campaign, user=self.request.user, filters=filters)

    def create(self, request, *args, **kwargs):
        campaign = campaign_for_staff(user=request.user, pk=self.kwargs["pk"])
        require_campaign_staff(request.user, campaign)
        serializer = InteractionCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation, kind = data.pop("organisation"), data.pop("kind")
        interaction = interaction_create(
            actor=request.user,
            campaign=campaign,
            organisation=organisation,
            kind=kind,
            data=data,
            source=Interaction.Source.API,
        )
        interaction = interaction_for_staff(user=request.user, pk=interaction.pk)
        url = reverse("api-v1:interaction-detail", kwargs={"pk": interaction.pk}, request=request)
        return Response(
            InteractionSerializer(interaction).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": url},
        )


@extend_schema_view(
    get=extend_schema(
        summary="One interaction", responses={200: InteractionSerializer, **errors(401, 404)}
    ),
    patch=extend_schema(
        summary="Change what was recorded",
        request=InteractionUpdateSerializer,
        responses={200: InteractionSerializer, **errors(400, 401, 404, 415, 429)},
    ),
    delete=extend_schema(
        summary="Delete an interaction", responses={204: None, **errors(401, 404, 429)}
    ),
)
@extend_schema(tags=["outreach"])
class InteractionDetail(V1View, generics.GenericAPIView):
    """One interaction of your agencies' campaigns. PATCH changes the fields sent and keeps the
    others (the kind and the organisation stay); every change is audited, and private notes are
    logged only as changed. DELETE removes it, and the funnel is computed without it."""

    serializer_class = InteractionSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return interaction_for_staff(user=self.request.user, pk=self.kwargs["pk"])

    def get(self, request, pk):
        return Response(InteractionSerializer(self.get_object()).data)

    def patch(self, request, pk):
        interaction = self.get_object()
        require_campaign_staff(request.user, interaction.campaign)
        fixed = {"kind": interaction.kind, "organisation": interaction.organisation_id}
        sent = request.data if isinstance(request.data, dict) else {}
        changed = {
            name: [_("This cannot be changed: delete the interaction and record a new one.")]
            for name, value in fixed.items()
            if name in sent and str(sent[name]) != str(value)
        }
        if changed:
            raise ValidationFailed(fields=changed)
        serializer = InteractionUpdateSerializer(
            data=request.data, context={"request": request, "kind": interaction.kind}
        )
        serializer.is_valid(raise_exception=True)
        kept = COMMON_FIELDS + tuple(KIND_FIELDS[interaction.kind])
        data = {name: getattr(interaction, name) for name in kept}
        data.update(
            (name, value) for name, value in serializer.validated_data.items() if name in kept
        )
        interaction_update(actor=request.user, interaction=interaction, data=data)
        return Response(InteractionSerializer(self.get_object()).data)

    def delete(self, request, pk):
        interaction = self.get_object()
        require_campaign_staff(request.user, interaction.campaign)
        interaction_delete(actor=request.user, interaction=interaction)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["outreach"],
    summary="The funnel of a campaign",
    parameters=FUNNEL_PARAMETERS,
    responses={200: FunnelSerializer, **errors(400, 401, 404, 429)},
)
class CampaignFunnel(V1View):
    """Organisations per stage of the campaign (the stages it measures), each counted once, with
    the conversion from the previous stage (the share of its organisations that reached this one,
    never above 1) and the median days between them; computed from the interactions, with the back
    office's dashboard rules. `by` adds the funnel per group."""

    serializer_class = FunnelSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, pk):
        campaign = campaign_for_staff(user=request.user, pk=pk)
        options = _valid(FunnelForm, request.query_params)
        return Response(FunnelSerializer(_funnel_body([campaign], options)).data)


@extend_schema(
    tags=["outreach"],
    summary="The funnel of several campaigns",
    parameters=CAMPAIGNS_FUNNEL_PARAMETERS,
    responses={200: FunnelSerializer, **errors(400, 401, 403, 404, 429)},
)
class Funnel(V1View):
    """The funnel of your agencies' campaigns: those given by `campaign`, narrowed by `cycle`,
    `strand` and `agency`; all of them if nothing is given. Across campaigns each organisation
    counts once per campaign. The stages are those any of the campaigns measures; a stage's count
    sums only the campaigns measuring it, and a conversion only uses the campaigns measuring both
    stages (null with the reason `not_measured` when none does)."""

    serializer_class = FunnelSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request):
        require_outreach_staff(request.user)
        form = FunnelCampaignsForm(request.query_params)
        if not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        wanted = set(form.cleaned_data["campaign"])
        if wanted and campaign_ids_for_staff(request.user, wanted) != wanted:
            raise NotFound(_("One of the campaigns asked for is not one of your agencies'."))
        campaigns = list(form.campaigns(request.user, ids=sorted(wanted)))
        return Response(FunnelSerializer(_funnel_body(campaigns, form.cleaned_data)).data)


def _stage_totals(cells: list[tuple[str, int | None]]) -> list[dict]:
    return [
        {
            "stage": stage,
            "label": str(Stage(stage).label),
            "count": count,
            "count_reason": None if count is not None else NOT_MEASURED,
        }
        for stage, count in cells
    ]


@extend_schema(
    tags=["outreach"],
    summary="Outreach totals of a partnership (staff of its agencies)",
    responses={200: PartnershipOutreachSerializer, **errors(401, 404, 429)},
)
class PartnershipOutreach(V1View):
    """Every campaign in the partnership's cycles and strands with its organisations at every
    stage; a stage the campaign does not measure has a null count with the reason `not_measured`,
    and the totals sum, per stage, only the campaigns measuring it. Your own agencies' campaigns carry their id and links to their details and funnel; other
    agencies' campaigns come as totals only. Staff of agencies outside the partnership get 404."""

    serializer_class = PartnershipOutreachSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, slug):
        partnership = partnership_by_slug_for_staff(user=request.user, slug=slug)
        campaigns = list(partnership_campaigns(partnership))
        totals = stage_totals([c.pk for c in campaigns])
        rows, measured = [], []
        for campaign in campaigns:
            cells = stage_cells(campaign, totals.get(campaign.pk, {}))
            measured.append(cells)
            row = {
                "own": can_manage_campaign(request.user, campaign),
                "agency": campaign.agency,
                "name": campaign.name,
                "cycle": campaign.cycle,
                "strand": campaign.strand,
                "stages": _stage_totals(cells),
            }
            if row["own"]:
                kwargs = {"pk": campaign.pk}
                row["id"] = campaign.pk
                row["url"] = reverse("api-v1:campaign-detail", kwargs=kwargs, request=request)
                row["funnel_url"] = reverse(
                    "api-v1:campaign-funnel", kwargs=kwargs, request=request
                )
            rows.append(row)
        body = {
            "partnership": partnership.slug,
            "name": partnership.name,
            "campaigns": rows,
            "totals": _stage_totals(sum_cells(measured)),
        }
        return Response(PartnershipOutreachSerializer(body).data)
