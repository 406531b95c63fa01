"""Organisers' forms: an event's details and its extra questions, with text boxes per language."""

from functools import partial
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import agencies_for_writer
from kopa.core.forms import (
    CollatedModelMultipleChoiceField,
    MultilingualForm,
    text_field_names,
    within_date_bounds,
)
from kopa.core.i18n import country_choices
from kopa.core.widgets import FastSelect, FastSelectMultiple
from kopa.directory.models import Language
from kopa.events.models import Event, Question
from kopa.programmes.selectors import (
    staff_cycles,
    staff_partnerships,
    staff_projects,
    staff_strands,
)

DATETIME_FIELDS = ("start", "end", "registration_opens", "registration_closes",
                   "application_deadline")


def _time_zones() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if z.startswith(("Europe/", "Atlantic/")))
    return [(z, z) for z in zones] + [("UTC", "UTC")]


def _datetime_field(label, *, required=False, help_text=None):
    return forms.DateTimeField(
        label=label,
        required=required,
        validators=[within_date_bounds],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text or _("In the event's time zone, e.g. 2027-05-12 09:30."),
    )


class EventForm(MultilingualForm):
    """An event's details. Dates and times are typed in the event's own time zone."""

    TEXTS = {
        "title": (_("Title"), False, True),
        "description": (_("Description"), True, False),
        "eligibility": (_("Eligibility and participant profile"), True, False),
        "costs_covered": (_("Costs covered"), True, False),
        "learning_outcomes": (_("Expected learning outcomes"), True, False),
        "accessibility_description": (_("Venue accessibility"), True, False),
        "accessibility_limitations": (_("Venue accessibility limitations"), True, False),
    }
    SCALARS = (
        "type", "status", "format", "partnership", "strand", "cycle", "project", "time_zone",
        "start", "end", "venue_name", "address", "town", "country", "latitude", "longitude",
        "working_languages", "capacity", "fee", "registration_mode", "registration_opens",
        "registration_closes", "application_deadline", "applicants_told", "confirmation_days",
        "offer_hours", "call_year",
    )

    agency = forms.ModelChoiceField(label=_("Organising agency"), queryset=Agency.objects.none())
    type = forms.ChoiceField(label=_("Type of event"), choices=Event.Type.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Event.Status.choices,
        help_text=_("Only published and cancelled events appear in the public calendar."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), required=False, queryset=None
    )
    strand = forms.ModelChoiceField(
        label=_("Strand"),
        required=False,
        queryset=None,
        help_text=_("The calendar's target-group filter uses the strand's target groups."),
    )
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=None)
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=None)
    time_zone = forms.ChoiceField(label=_("Time zone"), widget=FastSelect)
    start = _datetime_field(_("Starts"), required=True)
    end = _datetime_field(_("Ends"), required=True)
    venue_name = forms.CharField(label=_("Venue"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    town = forms.CharField(label=_("Town"), required=False, max_length=120)
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=partial(country_choices, blank="---------"),
        widget=FastSelect,
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6,
        min_value=-90, max_value=90,
        help_text=_("Decimal degrees, e.g. 46.05108. Used for travel distances."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
        min_value=-180, max_value=180,
        help_text=_("Decimal degrees, e.g. 14.50513."),
    )
    working_languages = CollatedModelMultipleChoiceField(
        label=_("Working languages"), required=False, queryset=Language.objects.all(),
        to_field_name="code", widget=FastSelectMultiple,
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000)
    fee = forms.DecimalField(label=_("Fee (EUR)"), max_digits=8, decimal_places=2, initial=0)
    registration_mode = forms.ChoiceField(
        label=_("Registration"), choices=Event.RegistrationMode.choices, widget=forms.RadioSelect
    )
    registration_opens = _datetime_field(_("Registration opens"))
    registration_closes = _datetime_field(
        _("Registration closes"), help_text=_("Empty: registration closes when the event starts.")
    )
    application_deadline = _datetime_field(
        _("Application deadline"), help_text=_("Needed for application and selection.")
    )
    applicants_told = forms.DateField(
        label=_("Applicants are told by"), required=False, validators=[within_date_bounds],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirmation_days = forms.IntegerField(label=_("Days to confirm a place"), initial=7)
    offer_hours = forms.IntegerField(label=_("Hours to accept a waiting-list offer"), initial=48)
    call_year = forms.IntegerField(
        label=_("Call year"), required=False,
        help_text=_("Which year's travel-grant table applies; empty: the year the event starts."),
    )

    def __init__(self, *args, user, instance=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if instance is None:
            initial.setdefault("time_zone", "Europe/Ljubljana")
            initial.setdefault("status", Event.Status.DRAFT)
            initial.setdefault("registration_mode", Event.RegistrationMode.OPEN)
        else:
            tz = ZoneInfo(instance.time_zone)
            for name in DATETIME_FIELDS:
                value = getattr(instance, name)
                # Shown as the organiser typed it: local time in the event's time zone.
                initial[name] = timezone.localtime(value, tz).replace(tzinfo=None) if value else None
            initial["working_languages"] = list(instance.working_languages.all())
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["time_zone"].choices = _time_zones()
        self.fields["partnership"].queryset = staff_partnerships(user)
        self.fields["strand"].queryset = staff_strands(user)
        self.fields["cycle"].queryset = staff_cycles(user)
        self.fields["project"].queryset = staff_projects(user)
        if instance is None:
            self.fields["agency"].queryset = agencies_for_writer(user)
        else:
            del self.fields["agency"]
        self.order_fields([
            "agency", "type", "status", *text_field_names("title"), *text_field_names("description"), "format",
            "partnership", "strand", "cycle", "project", "time_zone", "start", "end",
            "venue_name", "address", "town", "country", "latitude", "longitude",
            *text_field_names("accessibility_description"), *text_field_names("accessibility_limitations"),
            "working_languages", "capacity", "registration_mode", "registration_opens",
            "registration_closes", "application_deadline", "applicants_told",
            "confirmation_days", "offer_hours", *text_field_names("eligibility"), *text_field_names("costs_covered"),
            "fee", "call_year", *text_field_names("learning_outcomes"),
        ])

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone:
            tz = ZoneInfo(zone)
            for name in DATETIME_FIELDS:
                value = data.get(name)
                if value:
                    # The browser sent wall-clock time; it is meant in the event's time zone.
                    data[name] = timezone.make_naive(value).replace(tzinfo=tz)
        return data


def _language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


class QuestionForm(MultilingualForm):
    """One extra question. Choices are typed one per line: value = English | Slovenian | Latvian."""

    TEXTS = {"label": (_("Question"), False, True), "help_text": (_("Help text"), True, False)}
    SCALARS = ("kind", "required", "position", "show_if_question", "show_if_value",
               "allowed_extensions", "max_file_mb")

    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    position = forms.IntegerField(
        label=_("Position"), required=False, min_value=0, max_value=32000,
        help_text=_("Questions are asked in this order, lowest first. Empty: at the end."),
    )
    choices_text = forms.CharField(
        label=_("Choices"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Only for questions with choices. One choice a line: value = English | Slovenian | "
            "Latvian, for example: bus = By bus | Z avtobusom | Ar autobusu"
        ),
    )
    show_if_question = forms.ModelChoiceField(
        label=_("Show only if question"), required=False, queryset=Question.objects.none()
    )
    show_if_value = forms.CharField(
        label=_("has the answer"), required=False, max_length=100,
        help_text=_("The value of a choice, or yes or no."),
    )
    allowed_extensions = forms.CharField(
        label=_("Allowed file types"), required=False, max_length=100,
        initial="pdf,jpg,jpeg,png,docx", help_text=_("For file uploads. Comma-separated."),
    )
    max_file_mb = forms.IntegerField(label=_("Largest file (MB)"), initial=5)

    def __init__(self, *args, event, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {})["choices_text"] = self.choices_to_text(
                instance.choices
            )
        super().__init__(*args, instance=instance, **kwargs)
        others = Question.objects.filter(event=event)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        self.fields["show_if_question"].queryset = others
        self.order_fields([*text_field_names("label"), "kind", "required", "choices_text",
                           *text_field_names("help_text"), "position", "show_if_question", "show_if_value",
                           "allowed_extensions", "max_file_mb"])

    @staticmethod
    def choices_to_text(choices) -> str:
        lines = []
        for choice in choices or []:
            labels = [choice.get("label", {}).get(code, "") for code, _l in settings.LANGUAGES]
            while labels and not labels[-1]:
                labels.pop()
            lines.append(f"{choice.get('value', '')} = {' | '.join(labels)}")
        return "\n".join(lines)

    def clean_choices_text(self):
        text = self.cleaned_data.get("choices_text", "")
        choices = []
        codes = [code for code, _l in settings.LANGUAGES]
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            value, sep, labels = line.partition("=")
            if not sep or not value.strip() or not labels.strip():
                raise forms.ValidationError(
                    _("Line %(number)d: write the value, an equals sign and the labels, "
                      "e.g. bus = By bus | Z avtobusom.") % {"number": number}
                )
            parts = [p.strip() for p in labels.split("|")]
            if len(parts) > len(codes):
                raise forms.ValidationError(
                    _("Line %(number)d has more labels than there are languages.")
                    % {"number": number}
                )
            choices.append({"value": value.strip()[:100], "label": dict(zip(codes, parts, strict=False))})
        return choices

    def to_service_data(self) -> dict:
        data = super().to_service_data()
        data["choices"] = self.cleaned_data.get("choices_text") or []
        data["allowed_extensions"] = data.get("allowed_extensions") or ""
        return data

    def service_error_field(self, name: str) -> str | None:
        return "choices_text" if name == "choices" else super().service_error_field(name)
