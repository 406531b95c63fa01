"""API serializers for outreach campaigns, interactions and the funnel. They parse and present;
every write goes through the outreach app's services. Coaching `private_notes` are accepted on
writes and never presented."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import all_agencies
from kopa.api.fields import MAX_INT32, BoundedDateField, BoundedDateTimeField, TranslatedTextField
from kopa.api.serializers_directory import AgencySummarySerializer, OrganisationRefSerializer
from kopa.api.serializers_programmes import CycleSerializer
from kopa.core.errors import NotFound
from kopa.events.calendar.selectors import public_event
from kopa.outreach.campaigns.selectors import organisation_in_scope
from kopa.outreach.funnel.figures import DIMENSIONS, NOT_MEASURED, REASONS
from kopa.outreach.interactions.selectors import coach_candidate, person_name
from kopa.outreach.models import CampaignTarget, Interaction, Stage
from kopa.outreach.rules import ALL_KIND_FIELDS, KIND_FIELDS
from kopa.programmes.models import Strand

# Ids are 64-bit; larger numbers are refused here rather than sent to the database.
MAX_ID = 2**63 - 1
CAMPAIGN_TEXT_FIELDS = ("name", "goal", "invitation_subject", "invitation_body")


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)


class StrandRefSerializer(serializers.ModelSerializer):
    name = TranslatedTextField(read_only=True)

    class Meta:
        model = Strand
        fields = ["id", "name"]


class CampaignSerializer(serializers.Serializer):
    """A campaign as its agency's staff see it."""

    id = serializers.IntegerField(read_only=True)
    agency = AgencySummarySerializer(read_only=True)
    name = TranslatedTextField(read_only=True)
    goal = TranslatedTextField(read_only=True)
    cycle = CycleSerializer(read_only=True, allow_null=True)
    strand = StrandRefSerializer(read_only=True, allow_null=True)
    start = BoundedDateField(read_only=True)
    end = BoundedDateField(read_only=True, allow_null=True)
    owners = PersonRefSerializer(many=True, read_only=True)
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=Stage.choices),
        source="stage_list",
        read_only=True,
        help_text=_("The funnel stages the campaign measures, in funnel order."),
    )
    target_count = serializers.IntegerField(
        read_only=True, help_text=_("Organisations on the campaign's target list.")
    )
    invitation_subject = TranslatedTextField(read_only=True)
    invitation_body = TranslatedTextField(read_only=True)
    response_days = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    interactions_url = serializers.SerializerMethodField()
    funnel_url = serializers.SerializerMethodField()

    def _link(self, name: str, campaign) -> str:
        return reverse(
            f"api-v1:{name}", kwargs={"pk": campaign.pk}, request=self.context.get("request")
        )

    def get_url(self, campaign) -> str:
        return self._link("campaign-detail", campaign)

    def get_interactions_url(self, campaign) -> str:
        return self._link("campaign-interactions", campaign)

    def get_funnel_url(self, campaign) -> str:
        return self._link("campaign-funnel", campaign)


class CampaignCreateSerializer(serializers.Serializer):
    """A new campaign; the outreach service checks the rest (cycle and strand of the agency's
    partnerships, owners on the agency's staff, the period)."""

    agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=all_agencies(),
        required=False,
        help_text=_("Slug of the agency running the campaign; your first agency if left out."),
    )
    name = TranslatedTextField()
    goal = TranslatedTextField(required=False)
    cycle = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("Cycle id: a cycle of a partnership the agency belongs to."),
    )
    strand = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("Strand id: a strand of the same partnership as the cycle."),
    )
    start = BoundedDateField()
    end = BoundedDateField(required=False, allow_null=True)
    owners = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text=_("User ids of the owners: staff of the campaign's agency."),
    )
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=Stage.choices),
        required=False,
        help_text=_("The funnel stages to measure; all of them if left out."),
    )
    invitation_subject = TranslatedTextField(required=False)
    invitation_body = TranslatedTextField(
        required=False,
        help_text=_("The invitation e-mail per language; {organisation} is replaced by the name."),
    )
    response_days = serializers.IntegerField(min_value=1, max_value=365, required=False)


class InteractionSerializer(serializers.ModelSerializer):
    """A recorded contact. Fields that do not apply to the kind are empty. Coaching private notes
    are never shown here."""

    organisation = OrganisationRefSerializer(read_only=True)
    author = PersonRefSerializer(read_only=True, allow_null=True)
    coach = PersonRefSerializer(read_only=True, allow_null=True)
    stage = serializers.SerializerMethodField(
        help_text=_("The funnel stage this interaction counts for; empty when it counts for none.")
    )
    # Each kind fills only its own fields: the others are empty.
    channel = serializers.ChoiceField(choices=Interaction.Channel.choices, allow_blank=True, read_only=True)
    answer = serializers.ChoiceField(choices=Interaction.Answer.choices, allow_blank=True, read_only=True)
    meeting_type = serializers.ChoiceField(
        choices=Interaction.MeetingType.choices, allow_blank=True, read_only=True
    )
    outcome = serializers.ChoiceField(choices=Interaction.Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "campaign",
            "organisation",
            "kind",
            "stage",
            "occurred_on",
            "author",
            "source",
            "notes",
            "channel",
            "answer",
            "meeting_type",
            "event",
            "coach",
            "coach_name",
            "duration_minutes",
            "topics",
            "next_steps",
            "action_type",
            "round",
            "reference",
            "outcome",
            "amount",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Stage.choices, allow_blank=True))
    def get_stage(self, interaction) -> str:
        return interaction.stage


class InteractionWriteSerializer(serializers.Serializer):
    """What was recorded. Each kind keeps its own fields (invitation: channel; response: answer;
    meeting: meeting_type; attendance: event; coaching: coach or coach_name, duration_minutes,
    topics, next_steps, private_notes; application: action_type, round, reference; decision:
    outcome, amount); sending a field of another kind is refused."""

    occurred_on = BoundedDateField(help_text=_("The day of the contact; not in the future."))
    notes = serializers.CharField(required=False, allow_blank=True)
    channel = serializers.ChoiceField(
        choices=Interaction.Channel.choices, required=False, allow_blank=True
    )
    answer = serializers.ChoiceField(
        choices=Interaction.Answer.choices, required=False, allow_blank=True
    )
    meeting_type = serializers.ChoiceField(
        choices=Interaction.MeetingType.choices, required=False, allow_blank=True
    )
    event = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("Id of the event attended (see /api/v1/events/)."),
    )
    coach = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("User id of the coach, a member of the agency's staff."),
    )
    coach_name = serializers.CharField(
        required=False, allow_blank=True, help_text=_("An external coach without an account.")
    )
    duration_minutes = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_INT32
    )
    topics = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    private_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_(
            "Private coaching notes: stored, never returned by the API. Leave out to keep them."
        ),
    )
    action_type = serializers.CharField(required=False, allow_blank=True)
    round = serializers.CharField(required=False, allow_blank=True)
    reference = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=Interaction.Outcome.choices, required=False, allow_blank=True
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Amount granted, in euros."),
    )

    def kind_of(self, attrs) -> str:
        return self.context["kind"]

    def validate_event(self, pk):
        if pk is None:
            return None
        try:
            return public_event(user=self.context["request"].user, pk=pk)
        except NotFound as exc:
            raise serializers.ValidationError(_("Choose an event from the calendar.")) from exc

    def validate_coach(self, pk):
        if pk is None:
            return None
        user = coach_candidate(pk)
        if user is None:
            # The same words as the service's check, so no id reveals whether an account exists.
            raise serializers.ValidationError(_("Choose a member of the agency's staff."))
        return user

    def validate(self, attrs):
        kind = self.kind_of(attrs)
        allowed = KIND_FIELDS.get(kind, ())
        errors = {
            name: [_("This field does not apply to this kind of interaction.")]
            for name in ALL_KIND_FIELDS
            if attrs.get(name) not in ("", None) and name not in allowed
        }
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class InteractionCreateSerializer(InteractionWriteSerializer):
    organisation = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("Id of an organisation in your inventory.")
    )
    kind = serializers.ChoiceField(choices=Interaction.Kind.choices)

    def kind_of(self, attrs) -> str:
        return attrs["kind"]

    def validate_organisation(self, pk):
        organisation = organisation_in_scope(user=self.context["request"].user, pk=pk)
        if organisation is None:
            raise serializers.ValidationError(_("Choose an organisation in your inventory."))
        return organisation


class InteractionUpdateSerializer(InteractionWriteSerializer):
    """Fields left out keep their values; the kind and the organisation stay."""

    occurred_on = BoundedDateField(required=False)


# The funnel


class StageFigureSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    label = serializers.CharField(help_text=_("The stage's name in the request's language."))
    count = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Organisations that reached the stage, over the campaigns that measure it; null when "
            "none of the campaigns counted measures it (see `count_reason`)."
        ),
    )
    count_reason = serializers.ChoiceField(
        choices=[(NOT_MEASURED, NOT_MEASURED)],
        allow_null=True,
        help_text=_("Why `count` is null: `not_measured`. Null when there is a count."),
    )
    campaigns = serializers.IntegerField(
        help_text=_("How many of the campaigns counted measure the stage.")
    )
    conversion = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "The share (0 to 1, never above) of the organisations at the previous stage that "
            "reached this one, over the campaigns that measure both stages; null with "
            "`conversion_reason`."
        ),
    )
    conversion_reason = serializers.ChoiceField(
        choices=[(reason, reason) for reason in REASONS],
        allow_null=True,
        help_text=_(
            "Why `conversion` is null: `first_stage` (no previous stage), `not_measured` (no "
            "campaign counted measures both stages) or `none_at_previous_stage` (no organisation "
            "reached the previous stage). Null when there is a conversion."
        ),
    )
    median_days = serializers.FloatField(
        allow_null=True,
        help_text=_("Median days from the previous stage; null when nobody reached both."),
    )


class BreakdownGroupSerializer(serializers.Serializer):
    group = serializers.CharField(help_text=_("The group's name in the request's language."))
    stages = StageFigureSerializer(many=True)


class FunnelSerializer(serializers.Serializer):
    campaigns = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of the campaigns counted.")
    )
    by = serializers.ChoiceField(
        choices=list(DIMENSIONS.items()), allow_null=True, help_text=_("The breakdown asked for.")
    )
    date_from = BoundedDateField(allow_null=True)
    date_to = BoundedDateField(allow_null=True)
    stages = StageFigureSerializer(many=True)
    breakdown = BreakdownGroupSerializer(
        many=True,
        required=False,
        help_text=_(
            "Only with `by`: the funnel of each group. An organisation in several target "
            "groups counts in each of them."
        ),
    )


class StageTotalSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    label = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True, help_text=_("Null when the stage is not measured (see `count_reason`).")
    )
    count_reason = serializers.ChoiceField(
        choices=[(NOT_MEASURED, NOT_MEASURED)],
        allow_null=True,
        help_text=_("Why `count` is null: `not_measured`. Null when there is a count."),
    )


class PartnershipCampaignSerializer(serializers.Serializer):
    """A campaign in the partnership. Campaigns of other agencies come as totals only: no id and
    no links."""

    own = serializers.BooleanField(help_text=_("Run by one of the agencies you work for."))
    id = serializers.IntegerField(required=False, help_text=_("Only for your own campaigns."))
    url = serializers.URLField(required=False, help_text=_("Only for your own campaigns."))
    funnel_url = serializers.URLField(required=False, help_text=_("Only for your own campaigns."))
    agency = AgencySummarySerializer()
    name = TranslatedTextField()
    cycle = CycleSerializer(allow_null=True)
    strand = StrandRefSerializer(allow_null=True)
    stages = StageTotalSerializer(
        many=True,
        help_text=_("Every stage in funnel order; those the campaign does not measure are null."),
    )


class PartnershipOutreachSerializer(serializers.Serializer):
    partnership = serializers.SlugField()
    name = TranslatedTextField()
    campaigns = PartnershipCampaignSerializer(many=True)
    totals = StageTotalSerializer(
        many=True,
        help_text=_(
            "Per stage, the sum over the partnership's campaigns of the stages they measure."
        ),
    )


class CampaignUpdateSerializer(CampaignCreateSerializer):
    """The fields of a campaign to change; those left out keep their values. The agency never
    changes."""

    agency = None
    name = TranslatedTextField(required=False)
    start = BoundedDateField(required=False)


class TargetSerializer(serializers.Serializer):
    """An organisation on a campaign's target list."""

    organisation = OrganisationRefSerializer(read_only=True)
    source = serializers.ChoiceField(choices=CampaignTarget.Source.choices, read_only=True)
    added_at = BoundedDateTimeField(read_only=True)
    added_by = PersonRefSerializer(read_only=True, allow_null=True)
    furthest_stage = serializers.ChoiceField(
        choices=Stage.choices,
        read_only=True,
        allow_null=True,
        help_text=_("The furthest stage the campaign measures that the organisation has reached."),
    )


class TargetAddSerializer(serializers.Serializer):
    organisations = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=1000,
        help_text=_("Ids of organisations in your inventory (at most 1000 at a time)."),
    )


class TargetAddResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text=_("Organisations put on the list."))
    already = serializers.IntegerField(help_text=_("Organisations that were on it already."))


class CampaignRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TranslatedTextField(read_only=True)


class FollowUpSerializer(serializers.Serializer):
    """A follow-up task of one of your agencies."""

    id = serializers.IntegerField(read_only=True)
    agency = AgencySummarySerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    assignee = PersonRefSerializer(read_only=True)
    due_on = BoundedDateField(read_only=True)
    campaign = CampaignRefSerializer(read_only=True, allow_null=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    state = serializers.ChoiceField(
        choices=[("open", "open"), ("today", "today"), ("overdue", "overdue"), ("done", "done")],
        read_only=True,
        help_text=_("open, today (due today), overdue or done."),
    )
    done_at = BoundedDateTimeField(read_only=True, allow_null=True)
    drop_off = serializers.CharField(
        read_only=True, help_text=_("The drop-off list the task came from, if any.")
    )


class FollowUpWriteSerializer(serializers.Serializer):
    """A task: what to do, for whom, by when, and about which campaign and organisation. The
    checks are the task form's on the website."""

    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True)
    agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=all_agencies(),
        required=False,
        help_text=_(
            "Slug of the task's agency, for people who work for several; the campaign's agency "
            "when a campaign is given. It never changes once the task exists."
        ),
    )
    assignee = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("User id of a member of the agency's staff.")
    )
    due_on = BoundedDateField(help_text=_("Not in the past. A reminder is e-mailed that day."))
    campaign = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True,
        help_text=_("Id of a campaign of the task's agency."),
    )
    organisation = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True,
        help_text=_("Id of an organisation in your inventory."),
    )
