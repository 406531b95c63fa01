"""API serializers of matchmaking: partner requests and suggested partners. They parse and present;
every write goes through matchmaking's services."""

from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from kopa.api.fields import (
    BoundedDateField,
    BoundedDateTimeField,
    CountryCodeField,
    TranslatedTextField,
    code_list,
)
from kopa.directory.models import Language, TargetGroup, Theme
from kopa.matchmaking.models import ACTIONS, PartnerRequest


class PartnerRequestSerializer(serializers.Serializer):
    """A partner request: an organisation looking for partners for one action and round."""

    id = serializers.IntegerField(read_only=True)
    organisation = serializers.IntegerField(
        source="organisation_id", help_text=_("The organisation the request is for: one you represent, or one in your agency's inventory."))
    organisation_name = serializers.CharField(source="organisation.legal_name", read_only=True)
    organisation_country = CountryCodeField(source="organisation.country", read_only=True)
    title = TranslatedTextField()
    description = TranslatedTextField(required=False)
    action = serializers.ChoiceField(choices=ACTIONS)
    round = serializers.RegexField(r"^20[0-9]{2}-[123]$", max_length=7,
                                   help_text=_("Year and round, e.g. 2027-1 (February), 2027-2, 2027-3 (October)."))
    closes_on = BoundedDateField()
    countries = serializers.ListField(child=CountryCodeField(max_length=2), required=False,
                                      help_text=_("Countries of the partners wanted; empty for any."))
    roles = serializers.ListField(child=serializers.ChoiceField(choices=PartnerRequest.Role.choices))
    target_groups = code_list(TargetGroup)
    themes = code_list(Theme)
    working_languages = code_list(Language)
    status = serializers.CharField(read_only=True)
    closed_reason = serializers.CharField(read_only=True)
    created_at = BoundedDateTimeField(read_only=True)


class PartnerRequestCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=[(PartnerRequest.ClosedReason.FOUND, "found"), (PartnerRequest.ClosedReason.WITHDRAWN, "withdrawn")],
        help_text=_("Why it closes: partners found, or withdrawn."))


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    value = serializers.CharField()
    weight = serializers.IntegerField()
    text = serializers.CharField(help_text=_("The reason in words, in the language asked for."))


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["organisation", "request"])
    id = serializers.IntegerField(help_text=_("The organisation's or the partner request's id."))
    name = serializers.CharField()
    country = CountryCodeField()
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)
