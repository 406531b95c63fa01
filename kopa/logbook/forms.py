"""Forms of the Logbook: the entry (phone-first), an activity, an invitation, a period, the kiosk."""

import uuid
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin, date_field
from kopa.directory.models import Organisation
from kopa.logbook.models import ActivityKind, AgeBand, Gender, Municipality, SharedAim


class EntryForm(ServiceErrorsMixin, forms.Form):
    """One session of an activity. The hidden `uuid` is made when the form is shown, so a form posted
    twice records one entry."""

    uuid = forms.UUIDField(widget=forms.HiddenInput)
    date = date_field(_("Date"), required=True, help_text="")
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_value=24, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    visits = forms.IntegerField(label=_("Visits"), min_value=0, max_value=10000, initial=0,
                                help_text=_("How many young people came, with or without an alias."),
                                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    aliases = forms.CharField(label=_("Aliases of young people present"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Optional: one alias a line, for those who did not check in."))
    youth_led_hours = forms.DecimalField(label=_("Youth-led hours"), min_value=0, max_value=24, decimal_places=1,
                                         initial=0, widget=forms.NumberInput(attrs={"step": "0.5",
                                                                                    "inputmode": "decimal"}))
    youth_led_people = forms.IntegerField(label=_("Young people who led them"), min_value=0, max_value=10000,
                                          initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
        if not self.is_bound:
            self.initial.setdefault("uuid", uuid.uuid4())
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]

    def to_service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in
                ("date", "hours", "visits", "youth_led_hours", "youth_led_people", "note")}
        data["reflections"] = {str(q.pk): self.cleaned_data[f"q{q.pk}"].strip()
                               for q in self.questions if self.cleaned_data.get(f"q{q.pk}", "").strip()}
        return data

    @classmethod
    def initial_from(cls, entry) -> dict:
        initial = {name: getattr(entry, name) for name in
                   ("uuid", "date", "hours", "visits", "youth_led_hours", "youth_led_people", "note")}
        initial.update({f"q{key}": value for key, value in entry.reflections.items()})
        return initial


class ActivityForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Activity type"), choices=ActivityKind.choices)
    aims = forms.CharField(label=_("Aims"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    shared_aims = forms.ModelMultipleChoiceField(label=_("Shared aims"), queryset=SharedAim.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_aims"].queryset = SharedAim.objects.filter(owner=owner)


class QuestionForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Activity type"), choices=ActivityKind.choices)
    text = forms.CharField(label=_("Reflection question"), max_length=300)


class AimForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(label=_("Shared aim"), max_length=300,
                           help_text=_("For example: young people take part in decisions."))


class InviteForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("We e-mail them a link to Kopa."))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)


class AliasDeleteForm(ServiceErrorsMixin, forms.Form):
    alias = forms.CharField(label=_("Alias to delete"), max_length=100,
                            help_text=_("The young person tells you their alias; their visits stay counted."))


class PeriodForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end is before the start."))
        return data

    def period(self) -> tuple[date, date]:
        """The chosen period; by default the last twelve months up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or (end - timedelta(days=364))
        return start, end


class KioskForm(ServiceErrorsMixin, forms.Form):
    alias = forms.CharField(label=_("Your alias"), max_length=100,
                            help_text=_("Any name you like, not your real name."),
                            widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))
    pin = forms.RegexField(label=_("Your PIN"), regex=r"^\d{4,8}$",
                           help_text=_("4 to 8 digits. The first time, you choose it."),
                           error_messages={"invalid": _("Type 4 to 8 digits.")},
                           widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    age_band = forms.ChoiceField(label=_("Your age (only the first time)"), required=False,
                                 choices=AgeBand.choices, widget=forms.RadioSelect)
    gender = forms.ChoiceField(label=_("You are (only the first time)"), required=False,
                               choices=Gender.choices, widget=forms.RadioSelect)


class MunicipalityForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Municipality"), max_length=120)


class UnitForm(ServiceErrorsMixin, forms.Form):
    """A unit of the owner: its name, municipality and the directory organisation it is (or is part of)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Organisation in the directory"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Leave empty for a part of the network's own organisation (a project, a street-work team)."))

    def __init__(self, *args, owner, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["municipality"].queryset = Municipality.objects.filter(country=owner.country)
        if editing:
            self.fields.pop("organisation")
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                country=owner.country, type=Organisation.Type.YOUTH_CENTRE).order_by("legal_name")

    def chosen_organisation(self):
        return self.cleaned_data.get("organisation") or self.owner.organisation


class ActivityEditForm(ActivityForm):
    active = forms.BooleanField(label=_("Still offered (shown on the entry page)"), required=False)


class WeekForm(ServiceErrorsMixin, forms.Form):
    """A week on paper: for each activity of the unit and each day, the hours and the visits. An empty
    cell records nothing."""

    def __init__(self, *args, activities, monday: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        self.days = [monday + timedelta(days=i) for i in range(7)]
        for activity in self.activities:
            for i, day in enumerate(self.days):
                self.fields[f"h_{activity.pk}_{i}"] = forms.DecimalField(
                    label=_("Hours, %(activity)s, %(day)s") % {"activity": activity.name, "day": day.isoformat()},
                    required=False, min_value=0, max_value=24, decimal_places=1,
                    widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal", "class": "cell"}))
                self.fields[f"v_{activity.pk}_{i}"] = forms.IntegerField(
                    label=_("Visits, %(activity)s, %(day)s") % {"activity": activity.name, "day": day.isoformat()},
                    required=False, min_value=0, max_value=10000,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "cell"}))

    def clean(self):
        data = super().clean()
        for activity in self.activities:
            for i in range(7):
                hours, visits = data.get(f"h_{activity.pk}_{i}"), data.get(f"v_{activity.pk}_{i}")
                if hours is None and visits and f"h_{activity.pk}_{i}" not in self.errors:
                    self.add_error(f"h_{activity.pk}_{i}", _("Type the hours of the visits."))
        return data

    def service_error_field(self, name):
        return f"h_{name}" if f"h_{name}" in self.fields else None

    def grid(self):
        """Rows of (activity, [(hours field, visits field) per day])."""
        return [(a, [(self[f"h_{a.pk}_{i}"], self[f"v_{a.pk}_{i}"]) for i in range(7)]) for a in self.activities]

    def cells(self):
        """(key, activity, day, hours, visits) of every filled cell."""
        for activity in self.activities:
            for i, day in enumerate(self.days):
                hours = self.cleaned_data.get(f"h_{activity.pk}_{i}")
                if hours is not None:
                    yield f"{activity.pk}_{i}", activity, day, hours, self.cleaned_data.get(f"v_{activity.pk}_{i}") or 0


class ImportForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Columns: date, activity, hours, visits, youth_led_hours, youth_led_people, note. The first line "
        "names the columns; dates as 2026-03-31."))
