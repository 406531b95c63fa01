"""API serializers of matchmaking events: profiles, meeting requests and answers, meetings. They
parse and present; every write goes through matchmaking's services."""

from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from kopa.api.fields import CountryCodeField


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
