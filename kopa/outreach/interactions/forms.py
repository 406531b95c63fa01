"""Forms for recording interactions (the kind first, then only that kind's fields) and for filtering
the list.

Rules the service checks are checked here too (with the same messages), so that every mistake in a
form is shown at once; the service stays the authority.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin, within_date_bounds
from kopa.core.widgets import FastSelect
from kopa.directory.access import staff_scope
from kopa.outreach.interactions.selectors import (
    InteractionFilters,
    agency_staff,
    campaign_events,
    person_name,
)
from kopa.outreach.models import Campaign, Interaction

K = Interaction.Kind
# The Erasmus+ Youth and European Solidarity Corps actions organisations apply for most often.
ACTION_TYPES = ["KA151", "KA152", "KA153", "KA154", "KA210-YOU", "KA220-YOU", "ESC30", "ESC51"]
ACTION_TYPES_LIST = "action-types"
FUTURE_DATE = _("The date cannot be in the future.")


def _date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def _text(label, limit, *, rows=3, help_text=None):
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class KindForm(forms.Form):
    """Step one of recording a contact: what kind of contact it was."""

    kind = forms.ChoiceField(
        label=_("What kind of contact?"), choices=K.choices, widget=forms.RadioSelect
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title_text} ({timezone.localtime(obj.start):%Y-%m-%d})"


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.legal_name}, {obj.city}"


class InteractionForm(ServiceErrorsMixin, forms.Form):
    """The fields of one kind of interaction. `organisations` are offered in the choice (the target
    list, a searched one); any organisation in the user's inventory is accepted."""

    def __init__(
        self,
        *args,
        kind: str,
        campaign: Campaign,
        user,
        instance: Interaction | None = None,
        organisations=(),
        searched=(),
        show_private: bool = True,
        **kwargs,
    ):
        self.kind, self.campaign, self.instance = kind, campaign, instance
        self.show_private = show_private
        self.today = timezone.localdate()
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            for name in (
                "occurred_on",
                "notes",
                "channel",
                "answer",
                "meeting_type",
                "coach_name",
                "duration_minutes",
                "topics",
                "next_steps",
                "private_notes",
                "action_type",
                "round",
                "reference",
                "outcome",
                "amount",
            ):
                initial.setdefault(name, getattr(instance, name))
            initial.setdefault("event", instance.event_id)
            initial.setdefault("coach", instance.coach_id)
        super().__init__(*args, **kwargs)
        fields = {}
        if instance is None:
            fields["organisation"] = self._organisation_field(user, organisations, searched)
        fields["occurred_on"] = forms.DateField(
            label=_("Date"),
            validators=[within_date_bounds],
            initial=self.today,
            widget=_date_input(max=self.today.isoformat()),
            help_text=_("For example 2026-03-31. Not in the future."),
        )
        fields.update(self._kind_fields(user))
        fields["notes"] = _text(_("Notes"), 5000, rows=4)
        self.fields = {**fields}

    # -- fields -----------------------------------------------------------------------------------

    def _organisation_field(self, user, organisations, searched):
        field = OrganisationChoiceField(
            label=_("Organisation"),
            queryset=staff_scope(user),
            widget=FastSelect,
            help_text=_("From the campaign's target list, or one you found with the search above."),
            error_messages={"invalid_choice": _("Choose an organisation in your inventory.")},
        )
        choices = [("", "---------")]
        if organisations:
            choices.append(
                (_("Target list"), [(o.pk, field.label_from_instance(o)) for o in organisations])
            )
        if searched:
            choices.append(
                (_("Search results"), [(o.pk, field.label_from_instance(o)) for o in searched])
            )
        # Only these are listed; the queryset above decides what is accepted.
        field.widget.choices = choices
        return field

    def _kind_fields(self, user) -> dict:
        kind, instance = self.kind, self.instance
        if kind == K.INVITATION:
            if instance is not None and instance.channel == Interaction.Channel.EMAIL:
                return {}  # sent from Kopa: it stays an e-mail
            choices = [c for c in Interaction.Channel.choices if c[0] != Interaction.Channel.EMAIL]
            return {
                "channel": forms.ChoiceField(
                    label=_("How was the invitation made?"),
                    choices=choices,
                    widget=forms.RadioSelect,
                    help_text=_(
                        "Invitations by e-mail are sent from the campaign's invitations page."
                    ),
                )
            }
        if kind == K.RESPONSE:
            return {
                "answer": forms.ChoiceField(
                    label=_("Answer"), choices=Interaction.Answer.choices, widget=forms.RadioSelect
                )
            }
        if kind == K.INFO_MEETING:
            return {
                "meeting_type": forms.ChoiceField(
                    label=_("Type of meeting"),
                    choices=Interaction.MeetingType.choices,
                    widget=forms.RadioSelect,
                )
            }
        if kind == K.ATTENDANCE:
            events = campaign_events(
                user=user, campaign=self.campaign, keep_id=instance.event_id if instance else None
            )
            return {
                "event": EventChoiceField(
                    label=_("Event in Kopa"),
                    required=False,
                    queryset=events,
                    widget=FastSelect,
                    help_text=_(
                        "Optional. For an event outside Kopa, say which in the notes. "
                        "Check-ins at events in Kopa are recorded by themselves."
                    ),
                    error_messages={"invalid_choice": _("Choose one of the offered values.")},
                )
            }
        if kind == K.COACHING:
            fields = {
                "coach": StaffChoiceField(
                    label=_("Coach"),
                    required=False,
                    queryset=agency_staff(self.campaign),
                    help_text=_("A member of the agency's staff, or name an external coach below."),
                    error_messages={"invalid_choice": _("Choose a member of the agency's staff.")},
                ),
                "coach_name": forms.CharField(
                    label=_("External coach"),
                    required=False,
                    max_length=200,
                    help_text=_("When the coach has no account in Kopa."),
                ),
                "duration_minutes": forms.IntegerField(
                    label=_("Duration (minutes)"),
                    required=False,
                    min_value=1,
                    max_value=24 * 60,
                    error_messages={
                        "min_value": _("Enter a number of minutes between 1 and 1440."),
                        "max_value": _("Enter a number of minutes between 1 and 1440."),
                    },
                ),
                "topics": _text(_("Topics"), 2000),
                "next_steps": _text(_("Next steps"), 2000),
            }
            if self.show_private:
                fields["private_notes"] = _text(
                    _("Private notes"),
                    5000,
                    help_text=_(
                        "Seen only by the coach, whoever recorded the session and the campaign's "
                        "owners. Never exported."
                    ),
                )
            return fields
        if kind == K.APPLICATION:
            return {
                "action_type": forms.CharField(
                    label=_("Action type"),
                    required=False,
                    max_length=40,
                    widget=forms.TextInput(attrs={"list": ACTION_TYPES_LIST}),
                    help_text=_("For example KA210-YOU or ESC30."),
                ),
                "round": forms.CharField(
                    label=_("Round"),
                    required=False,
                    max_length=60,
                    help_text=_("For example 2026 round 1."),
                ),
                "reference": forms.CharField(label=_("Reference"), required=False, max_length=100),
            }
        if kind == K.DECISION:
            return {
                "outcome": forms.ChoiceField(
                    label=_("Outcome"),
                    choices=Interaction.Outcome.choices,
                    widget=forms.RadioSelect,
                ),
                "amount": forms.DecimalField(
                    label=_("Amount (EUR)"),
                    required=False,
                    max_digits=12,
                    decimal_places=2,
                    min_value=0,
                    help_text=_("The grant awarded, for example 21000.00."),
                    error_messages={"min_value": _("Enter an amount in euros, zero or more.")},
                ),
            }
        return {}

    # -- validation -------------------------------------------------------------------------------

    def clean_occurred_on(self):
        day = self.cleaned_data.get("occurred_on")
        if day and day > self.today:
            raise forms.ValidationError(FUTURE_DATE)
        return day

    def clean(self):
        data = super().clean()
        if self.kind == K.COACHING and "coach" not in self.errors:
            if data.get("coach") is None and not (data.get("coach_name") or "").strip():
                self.add_error("coach", _("Choose a coach, or name an external one."))
        return data

    def to_service_data(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name != "organisation"}
        if self.instance is not None:
            if self.kind == K.COACHING and not self.show_private:
                # Kept as it is: whoever may not read the private notes cannot change them either.
                data["private_notes"] = self.instance.private_notes
            if self.kind == K.INVITATION and "channel" not in self.fields:
                data["channel"] = self.instance.channel
        return data



class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find an organisation in your inventory"),
        required=False,
        max_length=200,
        help_text=_("Name or town. The results are added to the organisation list below."),
    )


class InteractionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *K.choices]
    )
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        validators=[within_date_bounds],
        widget=_date_input(),
        help_text=_("For example 2026-03-31."),
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=_date_input(), validators=[within_date_bounds]
    )
    mine = forms.BooleanField(label=_("Only what I recorded"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data

    def to_filters(self) -> InteractionFilters:
        """The valid filters; a field with a mistake is shown with its message and ignored."""
        if not self.is_bound:
            return InteractionFilters()
        self.is_valid()
        data = self.cleaned_data
        return InteractionFilters(
            kind=data.get("kind") or "",
            organisation=data.get("organisation") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            mine=bool(data.get("mine")),
        )
