"""API v1: the Logbook. Units and activities one records for, and entries: listed for one's units,
created idempotently by the client's UUID (a resend answers 200 with the entry already stored)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.api.base import V1View, form_errors
from kopa.api.schema import errors
from kopa.api.serializers_logbook import (
    ActivitySerializer,
    EntrySerializer,
    EntryWriteSerializer,
    ReportSerializer,
    UnitSerializer,
)
from kopa.core.errors import ValidationFailed
from kopa.logbook.access import own_units_scope, report_scope
from kopa.logbook.forms import PeriodForm
from kopa.logbook.selectors import (
    activities_for,
    entries_of,
    recent_activities,
    recording_units,
    report,
)
from kopa.logbook.services import entry_record


@extend_schema_view(get=extend_schema(summary="Logbook units you record for",
                                      responses={200: UnitSerializer(many=True), **errors(401, 429)}))
@extend_schema(tags=["logbook"])
class LogbookUnitList(V1View, generics.ListAPIView):
    """The Logbook units you record for (as youth worker or mentor, or all units of a network you
    coordinate); an empty list without a Logbook role."""

    serializer_class = UnitSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return recording_units(self.request.user).order_by("name", "pk")


@extend_schema_view(get=extend_schema(summary="Logbook activities you record for",
                                      responses={200: ActivitySerializer(many=True), **errors(401, 429)}))
@extend_schema(tags=["logbook"])
class LogbookActivityList(V1View, generics.ListAPIView):
    """The active activities of your units, those you recorded most recently first."""

    serializer_class = ActivitySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        return recent_activities(self.request.user, limit=500)


@extend_schema_view(
    get=extend_schema(summary="Logbook entries of your units",
                      responses={200: EntrySerializer(many=True), **errors(401, 429)}),
    post=extend_schema(summary="Record a Logbook entry", request=EntryWriteSerializer,
                       responses={201: EntrySerializer, 200: EntrySerializer,
                                  **errors(400, 401, 403, 409, 415, 429)}),
)
@extend_schema(tags=["logbook"])
class LogbookEntryList(V1View, generics.ListCreateAPIView):
    """Entries of the units you record for, newest first. POST records one; the `uuid` is made by the
    client, and an entry sent again with the same `uuid` answers 200 with the stored entry (201 the
    first time). A `uuid` already used for someone else's entry answers 409."""

    serializer_class = EntrySerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return entries_of(recording_units(self.request.user)).order_by("-date", "-pk")

    def create(self, request, *args, **kwargs):
        serializer = EntryWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = activities_for(request.user).filter(pk=data["activity"]).first()
        if activity is None:
            raise ValidationFailed(fields={"activity": [_("Choose one of your activities.")]})
        if data["date"] > timezone.localdate():
            raise ValidationFailed(fields={"date": [_("The date cannot be in the future.")]})
        values = {name: data[name] for name in ("date", "hours", "visits", "youth_led_hours", "youth_led_people",
                                                 "note")}
        values["reflections"] = {str(k): v for k, v in data["reflections"].items() if v.strip()}
        entry, created = entry_record(actor=request.user, activity=activity, uuid=data["uuid"], data=values,
                                      aliases=data["aliases"])
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(tags=["logbook"], summary="A Logbook report",
               parameters=[OpenApiParameter("level", str, enum=["unit", "municipality", "owner", "country"],
                                            description="Without it: the units you record for."),
                           OpenApiParameter("key", str, description="The unit's, municipality's or network's "
                                            "id, or the country's two letters."),
                           OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default: a year ago)."),
                           OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default: today).")],
               responses={200: ReportSerializer, **errors(400, 401, 404, 429)})
class LogbookReport(V1View):
    """The report of a unit, a municipality, a network (`owner`) or a country (its two letters), or
    without `level` of the units you record for (empty without a Logbook role), for a period, with the period before and the same period a year earlier: what the report page shows,
    with the same permissions. Counts of young people below 5 are null above a unit; reflections are
    null for municipality and national viewers."""

    permission_classes = [IsAuthenticated]
    serializer_class = ReportSerializer

    def get(self, request):
        level, key = request.query_params.get("level", ""), request.query_params.get("key", "")
        if level:
            scope = report_scope(user=request.user, level=level, key=key)
        else:
            scope = own_units_scope(request.user)
        dates = {k: v for k, v in request.query_params.items() if k in ("start", "end")}
        form = PeriodForm(dates or None)
        if form.is_bound and not form.is_valid():
            raise ValidationFailed(fields=form_errors(form))
        start, end = form.period()
        result = report(scope.units, title=scope.title, level=scope.level, start=start, end=end,
                        suppress=scope.suppress, with_reflections=scope.reflections)
        return Response(ReportSerializer(result).data)
