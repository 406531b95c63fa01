"""API serializers for the Logbook: units, activities and entries. Entries are written through the
Logbook's services, with the web form's checks; the client makes each entry's UUID, so sending an
entry again is safe."""

from rest_framework import serializers

from kopa.api.fields import BoundedDateField
from kopa.logbook.models import Activity, ActivityKind, Entry, Unit


class UnitSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", read_only=True)
    municipality = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "owner", "municipality"]


class ActivitySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "unit", "name", "kind", "aims"]


class EntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entry
        fields = ["uuid", "unit", "activity", "date", "hours", "visits", "youth_led_hours", "youth_led_people",
                  "note", "reflections", "created_at", "updated_at"]
        read_only_fields = fields


class EntryWriteSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(help_text="Made by the client; an entry sent again with it is stored once.")
    activity = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    date = BoundedDateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=24)
    visits = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    youth_led_hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=24, default=0)
    youth_led_people = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    reflections = serializers.DictField(child=serializers.CharField(max_length=5000, allow_blank=True),
                                       required=False, default=dict,
                                       help_text="Answers by reflection question id.")
    aliases = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list,
                                    max_length=500, help_text="Aliases of young people present.")


class CountField(serializers.IntegerField):
    """A count of young people; null where it is suppressed (fewer than 5 above a unit)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)


class BreakdownSerializer(serializers.Serializer):
    label = serializers.CharField()
    young_people = CountField()

    def to_representation(self, instance):
        label, value = instance
        return {"label": str(label), "young_people": value}


class KindSerializer(serializers.Serializer):
    label = serializers.CharField()
    hours = serializers.FloatField()
    sessions = serializers.IntegerField()

    def to_representation(self, instance):
        label, hours, sessions = instance
        return {"label": str(label), "hours": hours, "sessions": sessions}


class FiguresSerializer(serializers.Serializer):
    hours = serializers.FloatField()
    sessions = serializers.IntegerField()
    visits = serializers.IntegerField()
    check_ins = serializers.IntegerField()
    youth_led_hours = serializers.FloatField()
    youth_led_people = serializers.IntegerField()
    unique_visitors = CountField()
    new_visitors = CountField()
    returning_visitors = CountField()
    age_bands = BreakdownSerializer(many=True)
    genders = BreakdownSerializer(many=True)
    by_kind = KindSerializer(many=True)


class AimFollowedSerializer(serializers.Serializer):
    aim = serializers.CharField()
    sessions = serializers.IntegerField()
    hours = serializers.FloatField()

    def to_representation(self, instance):
        aim, sessions, hours = instance
        return {"aim": aim, "sessions": sessions, "hours": hours}


class ReflectionSerializer(serializers.Serializer):
    date = serializers.DateField()
    unit = serializers.CharField()
    activity = serializers.CharField()
    question = serializers.CharField()
    answer = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    title = serializers.CharField()
    level = serializers.ChoiceField(choices=["unit", "municipality", "owner", "country", "mine"])
    start = serializers.DateField()
    end = serializers.DateField()
    previous_start = serializers.DateField()
    previous_end = serializers.DateField()
    unit_count = serializers.IntegerField()
    current = FiguresSerializer()
    previous = FiguresSerializer()
    last_year = FiguresSerializer(help_text="The same period a year earlier.")
    aims = AimFollowedSerializer(many=True)
    reflections = ReflectionSerializer(many=True, allow_null=True,
                                       help_text="Null for municipality and national viewers.")
