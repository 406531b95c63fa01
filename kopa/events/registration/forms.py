"""Forms for registering, the participation form and the organisers' registration list."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.core.i18n import country_choices
from kopa.core.widgets import FastSelect
from kopa.events.models import ParticipationDetails, Question, Registration
from kopa.events.registration.answers import allowed_extensions, question_field_name

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
Kind = Question.Kind


def _question_field(question: Question) -> forms.Field:
    """A form field for one question. Only unconditional questions are required here: whether a
    conditional one must be answered depends on the other answers, which the service checks."""
    options = {
        "label": question.label_text,
        "help_text": question.help_text_text,
        "required": question.required and question.show_if_question_id is None,
    }
    if question.kind == Kind.CHOICE:
        return forms.ChoiceField(
            choices=question.choice_options(), widget=forms.RadioSelect, **options
        )
    if question.kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=question.choice_options(), widget=forms.CheckboxSelectMultiple, **options
        )
    if question.kind == Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **options)
    if question.kind == Kind.NUMBER:
        return forms.DecimalField(max_digits=14, decimal_places=4, **options)
    if question.kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if question.kind == Kind.COUNTRY:
        return forms.ChoiceField(
            choices=partial(country_choices, blank="---------"), widget=FastSelect, **options
        )
    if question.kind == Kind.FILE:
        types = ",".join(f".{ext}" for ext in allowed_extensions(question))
        field = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": types}), **options)
        if not field.help_text:
            field.help_text = _("Accepted types: %(types)s. Largest size: %(size)d MB.") % {
                "types": ", ".join(allowed_extensions(question)),
                "size": question.max_file_mb,
            }
        return field
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **options)


class RegistrationForm(ServiceErrorsMixin, forms.Form):
    """The standard fields, then the event's own questions. Nothing sensitive is asked here."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation and any news about your place here."),
    )
    country_of_residence = forms.ChoiceField(
        label=_("Country of residence"), choices=partial(country_choices, blank="---------"), widget=FastSelect
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=250, required=False)
    role = forms.CharField(
        label=_("Role"), max_length=120, required=False, help_text=_("e.g. youth worker, volunteer")
    )

    STANDARD = (
        "first_name",
        "last_name",
        "email",
        "country_of_residence",
        "organisation_name",
        "role",
    )

    def __init__(self, *args, questions: list[Question], user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("first_name", user.first_name)
            self.initial.setdefault("last_name", user.last_name)
            self.initial.setdefault("email", user.email)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        for question in questions:
            self.fields[question_field_name(question)] = _question_field(question)

    def standard_fields(self):
        return [self[name] for name in self.STANDARD]

    def question_fields(self):
        """(bound field, question, the question it depends on, the answer that shows it) for each
        question, in order."""
        by_id = {q.pk: q for q in self.questions}
        rows = []
        for question in self.questions:
            parent = by_id.get(question.show_if_question_id)
            condition = ""
            if parent is not None:
                labels = {**dict(YES_NO), **dict(parent.choice_options())}
                condition = str(labels.get(question.show_if_value, question.show_if_value))
            rows.append((self[question_field_name(question)], question, parent, condition))
        return rows

    def person_data(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.STANDARD}

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(question_field_name(q)) for q in self.questions}



class ParticipationForm(ServiceErrorsMixin, forms.Form):
    """Access needs, diet and an emergency contact: asked once a place is held."""

    has_access_needs = forms.ChoiceField(
        label=_("Do you have access or support needs?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_(
            "For example step-free access, a sign-language interpreter, large print, a quiet room."
        ),
    )
    access_needs = forms.CharField(
        label=_("What support do you need?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    diet = forms.ChoiceField(
        label=_("Diet"), choices=ParticipationDetails.Diet.choices, widget=forms.RadioSelect
    )
    diet_notes = forms.CharField(
        label=_("Diet details and allergies"), required=False, max_length=300
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact: name"), required=False, max_length=150
    )
    emergency_contact_phone = forms.CharField(
        label=_("Emergency contact: phone"), required=False, max_length=40
    )

    def __init__(self, *args, details: ParticipationDetails | None = None, **kwargs):
        if details is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "has_access_needs": "yes" if details.has_access_needs else "no",
                "access_needs": details.access_needs,
                "diet": details.diet,
                "diet_notes": details.diet_notes,
                "emergency_contact_name": details.emergency_contact_name,
                "emergency_contact_phone": details.emergency_contact_phone,
            }
        kwargs.setdefault("initial", {"has_access_needs": "no", "diet": "none"})
        super().__init__(*args, **kwargs)
        self.fields["emergency_contact_phone"].widget.attrs["autocomplete"] = "off"
        self.fields["emergency_contact_phone"].widget.input_type = "tel"

    def to_service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["has_access_needs"] = data.get("has_access_needs") == "yes"
        return data



class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Registration.Status.choices],
    )

    def status_value(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["status"]
        return ""
