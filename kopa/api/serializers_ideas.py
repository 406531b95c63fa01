"""API serializers of project ideas: the idea with its organisations, what a client sends to start or
change one, a status move and a partner's consent to show it publicly. They parse and present; every
write goes through matchmaking's services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from django.utils.translation import gettext_lazy as _

from kopa.api.fields import MAX_INT32, BoundedDateField, BoundedDateTimeField, CountryCodeField
from kopa.matchmaking.models import ACTIONS, IdeaPartner, ProjectIdea

ROUND_REGEX = r"^20[0-9]{2}-[123]$"
PARTNER_ROLES = [(value, label) for value, label in IdeaPartner.Role.choices
                 if value != IdeaPartner.Role.COORDINATOR]


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_INT32, **kwargs)


class IdeaOrganisationSerializer(serializers.Serializer):
    """An organisation of the idea, the coordinator included."""

    organisation = serializers.IntegerField(source="organisation_id")
    name = serializers.CharField(source="organisation.legal_name")
    country = CountryCodeField(help_text=_("The country it takes part from."))
    role = serializers.ChoiceField(choices=IdeaPartner.Role.choices)
    publish_consent = serializers.BooleanField(
        allow_null=True, help_text=_("Whether it agrees that the idea is shown publicly; null for readers "
                                     "who see the idea only because it is public."))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("insider"):
            data["publish_consent"] = None
        return data


class IdeaSerializer(serializers.Serializer):
    """A project idea of a coordinator organisation and its partners, followed to the decision."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    action = serializers.ChoiceField(choices=ACTIONS)
    round = serializers.CharField(help_text=_("Year and round, e.g. 2027-1."))
    status = serializers.ChoiceField(choices=ProjectIdea.Status.choices)
    coordinator = serializers.IntegerField(source="coordinator_id")
    coordinator_name = serializers.CharField(source="coordinator.legal_name")
    event = serializers.IntegerField(source="event_id", allow_null=True,
                                     help_text=_("The event it came from."))
    partner_request = serializers.IntegerField(source="partner_request_id", allow_null=True,
                                               help_text=_("The partner request it came from."))
    organisations = serializers.SerializerMethodField()
    published = serializers.SerializerMethodField(
        help_text=_("Every organisation agreed: anyone may read the idea."))
    submitted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    reference = serializers.SerializerMethodField(help_text=_("The application reference; empty for outsiders."))
    project = serializers.SerializerMethodField(
        help_text=_("The funded project an approved idea became; null for outsiders."))
    created_at = BoundedDateTimeField()

    def _insider(self, idea) -> bool:
        return idea.pk in self.context.get("insiders", ())

    @staticmethod
    def _partners(idea) -> list:
        return list(idea.partners.all())

    @extend_schema_field(IdeaOrganisationSerializer(many=True))
    def get_organisations(self, idea):
        return IdeaOrganisationSerializer(self._partners(idea), many=True,
                                          context={"insider": self._insider(idea)}).data

    def get_published(self, idea) -> bool:
        partners = self._partners(idea)
        return bool(partners) and all(p.publish_consent for p in partners)

    def get_reference(self, idea) -> str:
        return idea.reference if self._insider(idea) else ""

    def get_project(self, idea) -> int | None:
        return idea.project_id if self._insider(idea) else None


class IdeaDetailSerializer(IdeaSerializer):
    """An idea with what the reader may do with it."""

    can_edit = serializers.BooleanField(help_text=_("You may change the idea (until it is decided)."))
    moves = serializers.ListField(child=serializers.ChoiceField(choices=ProjectIdea.Status.choices),
                                  help_text=_("The statuses you may move the idea to now."))
    consent_organisations = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("The idea's organisations you answer for when asked to show it publicly."))


class IdeaPartnerInputSerializer(serializers.Serializer):
    organisation = _id_field(help_text=_("An organisation you may see: the public directory, your own, "
                                         "or one in your agency's inventory."))
    role = serializers.ChoiceField(choices=PARTNER_ROLES, default=IdeaPartner.Role.PARTNER)


class IdeaWriteSerializer(serializers.Serializer):
    """What changes an idea. Fields left out keep their values."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    action = serializers.ChoiceField(choices=ACTIONS)
    round = serializers.RegexField(ROUND_REGEX, max_length=7,
                                   help_text=_("Year and round, e.g. 2027-1 (February), 2027-2, 2027-3 (October)."))
    event = _id_field(allow_null=True, required=False,
                      help_text=_("A published event the idea came from; null for none."))
    partners = IdeaPartnerInputSerializer(
        many=True, required=False, max_length=100,
        help_text=_("The partner organisations besides the coordinator, each from its own country; the "
                    "list replaces the one before."))
    publish_consent = serializers.BooleanField(
        required=False, help_text=_("The coordinator agrees that the idea is shown publicly (it is public "
                                    "only when every organisation agrees)."))


class IdeaCreateSerializer(IdeaWriteSerializer):
    """What starts an idea."""

    coordinator = _id_field(help_text=_("The coordinator organisation: one you represent, or one in your "
                                        "agency's inventory."))


class IdeaMoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ProjectIdea.Status.choices,
                                 help_text=_("The new status; the moves allowed are those of the web page."))
    on = BoundedDateField(required=False, allow_null=True, help_text=_("The day it happened; today when left out."))
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                      help_text=_("The application reference, when submitting."))
    project = _id_field(required=False, allow_null=True,
                        help_text=_("On approval: the funded project it became, one of your agency's; "
                                    "left out, the project is created from the idea."))


class IdeaConsentSerializer(serializers.Serializer):
    organisation = _id_field(help_text=_("One of the idea's organisations you answer for."))
    consent = serializers.BooleanField(help_text=_("Whether it agrees that the idea is shown publicly."))
