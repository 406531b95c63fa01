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
