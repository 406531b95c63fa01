"""Serializer fields every API module shares: texts per language, country codes, reference codes."""

from datetime import UTC, datetime, time

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import EARLIEST_DATE, LATEST_DATE

TEXT_MAX_LENGTH = 5000
# The database's integer columns hold at most this; fields with a sane smaller limit say so.
MAX_INT32 = 2_147_483_647
# Places of an event, beds, people in a room list: no event of Kopa's comes near this.
MAX_PLACES = 100_000


class BoundedDateField(serializers.DateField):
    """A date between EARLIEST_DATE and LATEST_DATE (1900-01-01 to 2100-12-31)."""

    default_error_messages = {"out_of_range": _("Give a date from {earliest} to {latest}.")}

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.fail("out_of_range", earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat())
        return day


class BoundedDateTimeField(serializers.DateTimeField):
    """A moment between the start of EARLIEST_DATE and the end of LATEST_DATE."""

    default_error_messages = BoundedDateField.default_error_messages

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if timezone.is_naive(moment):  # with USE_TZ off
            moment = timezone.make_aware(moment, UTC)
        earliest = datetime.combine(EARLIEST_DATE, time.min, tzinfo=UTC)
        latest = datetime.combine(LATEST_DATE, time.max, tzinfo=UTC)
        if not earliest <= moment <= latest:
            self.fail("out_of_range", earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat())
        return moment


@extend_schema_field({
    "type": "object",
    "description": "Text per language code.",
    "properties": {code: {"type": "string"} for code, _name in settings.LANGUAGES},
    "additionalProperties": False,
})
class TranslatedTextField(serializers.Field):
    """Text written in several languages: {"en": "...", "sl": "...", "lv": "..."}."""

    default_error_messages = {
        "not_an_object": _("Give an object with one text per language code."),
        "unknown_language": _("Unknown language code: {code}."),
        "not_text": _("The text for {code} must be a string."),
        "too_long": _("The text for {code} can be at most {max} characters long."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        known = {code for code, _name in settings.LANGUAGES}
        for code, text in data.items():
            if code not in known:
                self.fail("unknown_language", code=code)
            if text is not None and not isinstance(text, str):
                self.fail("not_text", code=code)
            if text and len(text) > TEXT_MAX_LENGTH:
                self.fail("too_long", code=code, max=TEXT_MAX_LENGTH)
        return {code: text or "" for code, text in data.items()}

    def to_representation(self, value):
        return dict(value or {})


@extend_schema_field({"type": "string", "pattern": "^[A-Z]{2}$", "example": "SI"})
class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 country code."""

    default_error_messages = {"unknown_country": _("Unknown country code: {code}.")}

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip().upper()
        if code not in countries:
            self.fail("unknown_country", code=code)
        return code

    def to_representation(self, value):
        return getattr(value, "code", value) or ""


class CodeListField(serializers.SlugRelatedField):
    """A reference row (target group, theme, language) by its code."""

    default_error_messages = {"does_not_exist": _("Unknown code: {value}.")}

    def __init__(self, model, **kwargs):
        super().__init__(slug_field="code", queryset=model.objects.all(), **kwargs)


def code_list(model):
    return CodeListField(model, many=True, required=False)
