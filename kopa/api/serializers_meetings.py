"""API serializers of matchmaking events: profiles, meeting requests and answers, meetings. They
parse and present; every write goes through matchmaking's services."""

from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from kopa.api.fields import MAX_INT32, CountryCodeField


class SessionSerializer(serializers.Serializer):
    """A session of the event: a time window cut into meeting slots."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    slot_minutes = serializers.IntegerField()


class AttendanceSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=MAX_INT32, source="session_id",
                                       help_text=_("A session of the event you attend."))
    cap = serializers.IntegerField(min_value=1, max_value=50, allow_null=True, required=False,
                                   help_text=_("The most meetings you want in it; null for no limit."))


class MyProfileSerializer(serializers.Serializer):
    """Your matchmaking profile at the event and the sessions you attend; `id` is null until you
    save it. Your table needs come from your declared access needs and are never shown here."""

    id = serializers.IntegerField(read_only=True, allow_null=True)
    organisation = serializers.CharField(read_only=True, help_text=_("The organisation you take part for."))
    offers = serializers.CharField(max_length=3000, allow_blank=True, required=False, default="")
    seeks = serializers.CharField(max_length=3000, allow_blank=True, required=False, default="")
    ideas = serializers.CharField(max_length=3000, allow_blank=True, required=False, default="")
    sessions = AttendanceSerializer(many=True, required=False, default=list, max_length=100)
    available_sessions = SessionSerializer(many=True, read_only=True,
                                           help_text=_("Every session of the event, to choose from."))


class MeetingReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    weight = serializers.IntegerField()


class ParticipantSerializer(serializers.Serializer):
    """Another participant of the event, with the suggestion's score and reasons for the reader."""

    id = serializers.IntegerField(source="profile.pk")
    name = serializers.CharField(source="profile.registration.full_name")
    organisation = serializers.CharField(source="profile.organisation.legal_name", default="")
    country = CountryCodeField(source="profile.organisation.country", default="")
    offers = serializers.CharField(source="profile.offers")
    seeks = serializers.CharField(source="profile.seeks")
    ideas = serializers.CharField(source="profile.ideas")
    score = serializers.IntegerField(source="total")
    reasons = MeetingReasonSerializer(many=True, source="texts")


class MeetingRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    sender = serializers.IntegerField(source="sender_id", read_only=True)
    recipient = serializers.IntegerField(source="recipient_id",
                                         help_text=_("The profile id of the participant to meet."))
    reason = serializers.CharField(max_length=1000)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class MeetingAnswerSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(source="request_id")
    start = serializers.DateTimeField(source="slot.start")
    end = serializers.DateTimeField(source="slot.end")
    table = serializers.IntegerField(source="table.number")
    step_free = serializers.BooleanField(source="table.step_free")
    quiet = serializers.BooleanField(source="table.quiet")
    participants = serializers.ListField(child=serializers.IntegerField())
    pinned = serializers.BooleanField()
    outcome = serializers.CharField()


class ScheduleSerializer(serializers.Serializer):
    published = serializers.CharField()
    scheduled = serializers.IntegerField(source="scheduled_count")
    bound = serializers.IntegerField(source="scheduled_bound",
                                     help_text=_("The proven upper bound on the meetings that could be scheduled."))
    meetings = MeetingSerializer(many=True)
