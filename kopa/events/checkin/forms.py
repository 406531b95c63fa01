"""Forms for check-in and for writing learning outcomes."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.events.checkin.services import OUTCOME_MAX_LENGTH, OVERRIDE_REASON_MAX_LENGTH
from kopa.events.models import Event
from kopa.events.models.checkin import FRAMEWORK_COMPETENCES, LearningRecord
from kopa.events.rules import event_days


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Participant's code"),
        max_length=64,
        help_text=_("Type or paste the code under the participant's QR code, or scan it."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
    day = forms.TypedChoiceField(label=_("Day"), coerce=str)
    reason = forms.CharField(
        label=_("Reason for checking in ahead (only for a day that has not come yet)"),
        required=False,
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        help_text=_("Kept in the event's history with your name."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = {day.isoformat(): day for day in event_days(event)}
        self.fields["day"].choices = [
            (value, formats.date_format(day, "DATE_FORMAT")) for value, day in self.days.items()
        ]

    def clean_day(self):
        return self.days[self.cleaned_data["day"]]


class LearningForm(ServiceErrorsMixin, forms.Form):
    """One framework, then a text per competence; the texts of the chosen framework are saved."""

    framework = forms.ChoiceField(
        label=_("Competence framework"),
        choices=LearningRecord.Framework.choices,
        widget=forms.RadioSelect,
        help_text=_("Write under the framework you choose; only its texts are saved."),
    )

    def __init__(self, *args, record: LearningRecord | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if record is not None:
            initial.setdefault("framework", record.framework)
            initial.update(record.outcomes)
        else:
            initial.setdefault("framework", LearningRecord.Framework.KEY_COMPETENCES)
        super().__init__(*args, **kwargs)
        for competences in FRAMEWORK_COMPETENCES.values():
            for code, label in competences:
                self.fields[code] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=OUTCOME_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def groups(self) -> list[tuple[str, list]]:
        """(framework label, its fields) for each framework, to show them in fieldsets."""
        return [
            (
                LearningRecord.Framework(framework).label,
                [self[code] for code, _label in competences],
            )
            for framework, competences in FRAMEWORK_COMPETENCES.items()
        ]

    def outcomes(self) -> dict[str, str]:
        framework = self.cleaned_data["framework"]
        return {
            code: self.cleaned_data.get(code, "")
            for code, _label in FRAMEWORK_COMPETENCES[framework]
        }

