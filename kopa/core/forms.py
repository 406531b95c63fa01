"""Form pieces shared by every app: service errors next to their fields, texts in every language,
date inputs, and Django's password-reset form sending through the task queue."""

from datetime import date, datetime

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from kopa.core.errors import ValidationFailed
from kopa.core.i18n import collated
from kopa.core.models import UserPreference
from kopa.core.tasks import enqueue


class CollatedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices in the alphabetical order of the page's language, by label."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from collated((self.choice(obj) for obj in self.queryset), key=lambda choice: choice[1])


class CollatedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Objects whose names depend on the language (languages, countries) listed alphabetically."""

    iterator = CollatedChoiceIterator


class ServiceErrorsMixin:
    """Puts a service's `ValidationFailed` messages next to the matching fields, the others at the top."""

    def service_error_field(self, name: str) -> str | None:
        """The field that shows the service's messages about `name` (None: the top of the form)."""
        return name if name in self.fields else None

    def add_service_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.fields.items():
            for message in messages:
                self.add_error(self.service_error_field(name), message)
        if not exc.fields:
            self.add_error(None, exc.message)


# Dates Kopa accepts in any form, filter or API field: wide enough for every real programme, narrow
# enough that date arithmetic (a day later, a time zone) never leaves Python's range and every time
# zone has a whole-minute offset (before 1900 some had seconds, which ISO 8601 cannot write).
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def within_date_bounds(value: date | datetime) -> None:
    """A validator for date and date-time fields: the day between EARLIEST_DATE and LATEST_DATE."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Give a date from %(earliest)s to %(latest)s."), code="out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def date_field(label, *, required: bool = False, **options) -> forms.DateField:
    """A date typed or picked in the browser's date input, ISO in the page's markup, between
    EARLIEST_DATE and LATEST_DATE."""
    options.setdefault("help_text", _("For example 2026-03-31."))
    return forms.DateField(
        label=label, required=required,
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST_DATE.isoformat(),
                                      "max": LATEST_DATE.isoformat()}, format="%Y-%m-%d"),
        validators=[within_date_bounds], **options,
    )


def text_field_names(*texts: str) -> list[str]:
    """The per-language input names of `MultilingualForm` texts, e.g. for `order_fields`."""
    return [f"{name}_{code}" for name in texts for code, _l in settings.LANGUAGES]


class MultilingualForm(ServiceErrorsMixin, forms.Form):
    """A form whose `TEXTS` fields ({language: text} in the model) get one input per language.

    `TEXTS` maps the model field to (label, multi-line, required in some language).
    """

    TEXTS: dict[str, tuple] = {}
    SCALARS: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            for name in self.SCALARS:
                initial.setdefault(name, getattr(instance, name))
        super().__init__(*args, **kwargs)
        for name, (label, multiline, _required) in self.TEXTS.items():
            stored = (getattr(instance, name, None) or {}) if instance is not None else {}
            for code, language in settings.LANGUAGES:
                attrs = {"lang": code}
                widget = forms.Textarea(attrs={**attrs, "rows": 4}) if multiline else forms.TextInput(attrs)
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({language})", required=False, widget=widget,
                    initial=stored.get(code, ""), max_length=5000 if multiline else 250,
                )

    def texts(self, name: str) -> dict:
        return {code: self.cleaned_data.get(f"{name}_{code}", "") for code, _l in settings.LANGUAGES}

    def clean(self):
        data = super().clean()
        for name, (_label, _multiline, required) in self.TEXTS.items():
            if required and not any((data.get(f"{name}_{code}") or "").strip()
                                    for code, _l in settings.LANGUAGES):
                self.add_error(f"{name}_{settings.LANGUAGE_CODE}", _("Fill this in in at least one language."))
        # Checked here as well as in the service, so every mistake is shown at once.
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return data

    def to_service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SCALARS}
        for name in self.TEXTS:
            data[name] = self.texts(name)
        return data

    def service_error_field(self, name: str) -> str | None:
        """A multilingual text's messages go next to its input in the default language."""
        if name in self.TEXTS:
            return f"{name}_{settings.LANGUAGE_CODE}"
        return super().service_error_field(name)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending its e-mail through the task queue in the recipient's language."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        user = context.get("user")
        language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
        with override(language or get_language()):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        enqueue("kopa.core.tasks:send_email", to=[to_email], subject=subject, body=body)
