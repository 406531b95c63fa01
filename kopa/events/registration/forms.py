"""Forms for registering, the participation form and the organisers' registration list."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin, within_date_bounds
from kopa.core.i18n import country_choices
from kopa.core.widgets import FastSelect
from kopa.events.models import Barrier, ParticipationDetails, Question, Registration
from kopa.events.registration.answers import allowed_extensions, question_field_name

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# The barriers with examples, as the participation form explains them.
BARRIER_CHOICES = [
    (Barrier.DISABILITY, _("Disabilities: physical, mental, intellectual or sensory impairments")),
    (Barrier.HEALTH, _("Health problems: severe or chronic illness, mental-health conditions")),
    (Barrier.EDUCATION, _("Education and training: left school early, not in education, "
                          "employment or training")),
    (Barrier.CULTURAL, _("Cultural differences: migrant or refugee background, a national or ethnic "
                         "minority, sign language, language difficulties")),
    (Barrier.SOCIAL, _("Social barriers: for example a young parent, a carer or a care leaver")),
    (Barrier.ECONOMIC, _("Economic barriers: low income, long-term unemployment, homelessness, debt")),
    (Barrier.DISCRIMINATION, _("Discrimination: because of gender, age, ethnicity, religion or "
                               "belief, sexual orientation or disability")),
    (Barrier.GEOGRAPHICAL, _("Geographical barriers: a remote or rural area, an island, a deprived "
                             "urban area, poor public transport")),
]
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
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}), validators=[within_date_bounds], **options
        )
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


# The organisation choices besides an organisation's id.
PROPOSED = "proposed"
PRIVATE = "none"


def organisation_label(org) -> str:
    return ", ".join(part for part in (org.legal_name, org.city, org.oid or "") if part)


def organisation_choices(options, *, staff: bool = False) -> list[tuple[str, str]]:
    """Radio choices: the person's own organisations, the search's results, a proposal (for the
    person registering), none."""
    choices = [(str(org.pk), organisation_label(org)) for org in options.own + options.found]
    if staff:
        choices.append((PRIVATE, _("None: a private person")))
    else:
        choices.append((PROPOSED, _("My organisation is not in the directory: I type its name")))
        choices.append((PRIVATE, _("None: I take part as a private person")))
    return choices


class OrganisationSearchMixin:
    """A directory search inside a form. Without JavaScript it is a second step: the "Search"
    button posts the form, the page comes back with the results among the choices and everything
    typed so far kept (`carried_over`), and nothing is saved."""

    SEARCH_BUTTON = "find"

    def _search_attrs(self):
        widget = self.fields["organisation_search"].widget
        widget.input_type = "search"
        widget.attrs.update({"autocomplete": "off", "data-search-button": "organisation-search-button"})

    @classmethod
    def is_search(cls, data) -> bool:
        return cls.SEARCH_BUTTON in data

    @classmethod
    def carried_over(cls, data, files=None, **kwargs):
        """An unbound form showing what was posted, without checking it."""
        posted = cls(data, files, **kwargs)
        initial = {
            name: posted[name].value()
            for name, field in posted.fields.items()
            if not isinstance(field, forms.FileField)
        }
        return cls(initial=initial, **kwargs)


class RegistrationForm(OrganisationSearchMixin, ServiceErrorsMixin, forms.Form):
    """The standard fields, the organisation the person takes part for, then the event's own
    questions. Nothing sensitive is asked here."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation and any news about your place here."),
    )
    country_of_residence = forms.ChoiceField(
        label=_("Country of residence"), choices=partial(country_choices, blank="---------"), widget=FastSelect
    )
    role = forms.CharField(
        label=_("Role"), max_length=120, required=False, help_text=_("e.g. youth worker, volunteer")
    )
    organisation_search = forms.CharField(
        label=_("Find an organisation in the directory"),
        max_length=100,
        required=False,
        help_text=_("Its name, town or Erasmus+ OID, then “Search”. The results join the choices."),
    )
    organisation = forms.ChoiceField(
        label=_("I take part for"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "You cannot choose this organisation. Choose one of the organisations offered, "
                "search the directory again, or type the name of one that is not listed."
            )
        },
    )
    organisation_name = forms.CharField(
        label=_("Name of an organisation not in the directory"),
        max_length=250,
        required=False,
        help_text=_("The organisers add it to the directory or link you to it."),
    )

    STANDARD = ("first_name", "last_name", "email", "country_of_residence", "role")

    def __init__(self, *args, questions: list[Question], options, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.options = options
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("first_name", user.first_name)
            self.initial.setdefault("last_name", user.last_name)
            self.initial.setdefault("email", user.email)
        if options.default is not None:
            self.initial.setdefault("organisation", str(options.default.pk))
        if options.searched and len(options.found) == 1:
            self.initial["organisation"] = str(options.found[0].pk)
        self.fields["organisation"].choices = organisation_choices(options)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self._search_attrs()
        for question in questions:
            self.fields[question_field_name(question)] = _question_field(question)

    def clean(self):
        data = super().clean()
        choice = data.get("organisation") or ""
        name = (data.get("organisation_name") or "").strip()
        if choice == PROPOSED and not name:
            self.add_error(
                "organisation_name",
                _("Type the name of your organisation, or choose one of the options above."),
            )
        elif choice not in ("", PROPOSED) and name:
            self.add_error(
                "organisation_name",
                _(
                    "Leave this empty, or choose “My organisation is not in the directory” "
                    "above: you chose an organisation or to take part as a private person."
                ),
            )
        return data

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
        """The standard fields, the chosen organisation's id (or None) and a proposed name."""
        data = {name: self.cleaned_data.get(name, "") for name in self.STANDARD}
        choice = self.cleaned_data.get("organisation") or ""
        data["organisation"] = None if choice in ("", PROPOSED, PRIVATE) else int(choice)
        data["organisation_name"] = (
            self.cleaned_data.get("organisation_name", "") if choice in ("", PROPOSED) else ""
        )
        return data

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(question_field_name(q)) for q in self.questions}


class RegistrationOrganisationForm(OrganisationSearchMixin, ServiceErrorsMixin, forms.Form):
    """Organisers link a registration to an organisation of the directory, or to none."""

    organisation_search = forms.CharField(
        label=_("Find an organisation"),
        max_length=100,
        required=False,
        help_text=_(
            "Its name, town or Erasmus+ OID, in the public directory and your agency's inventory."
        ),
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose one of the organisations offered, or search again."),
            "required": _("Choose an organisation, or “None: a private person”."),
        },
    )

    def __init__(self, *args, options, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices(options, staff=True)
        if registration.organisation_id:
            self.initial.setdefault("organisation", str(registration.organisation_id))
        if options.searched and len(options.found) == 1 + bool(registration.organisation_id):
            self.initial["organisation"] = str(options.found[-1].pk)
        self._search_attrs()

    def chosen_id(self) -> int | None:
        choice = self.cleaned_data["organisation"]
        return None if choice == PRIVATE else int(choice)


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
    fewer_opportunities = forms.MultipleChoiceField(
        label=_("Does any of these make taking part harder for you?"),
        choices=BARRIER_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Optional. Tick all that apply, or none."),
    )
    fewer_opportunities_consent = forms.BooleanField(
        label=_("I agree that the barriers I ticked are counted, without my name, in the reports "
                "to the programme that funds this event."),
        required=False,
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
                "fewer_opportunities": details.fewer_opportunities
                if isinstance(details.fewer_opportunities, list) else [],
                "fewer_opportunities_consent": details.fewer_opportunities_consent,
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
