"""Forms of the organisation pages: the directory's filters, the profile, staff notes and tags."""

from functools import partial

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import CollatedModelMultipleChoiceField, ServiceErrorsMixin
from kopa.core.i18n import country_choices, language_choices
from kopa.core.widgets import FastSelect, FastSelectMultiple
from kopa.directory.models import Language, Organisation, TargetGroup
from kopa.directory.organisations.selectors import OFFER_FIELDS, OrganisationFilters


def _language_label(code: str):
    return dict(settings.LANGUAGES)[code]


class DirectoryFilterForm(forms.Form):
    """The directory's search box and filters; invalid values are reported, never silently dropped."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        help_text=_("Name, town, OID or words from the description."))
    city = forms.CharField(label=_("Town or city"), required=False, max_length=120)
    region = forms.CharField(label=_("Region"), required=False, max_length=120)
    country = forms.MultipleChoiceField(
        label=_("Country"), required=False, choices=country_choices, widget=FastSelectMultiple
    )
    type = forms.MultipleChoiceField(
        label=_("Type"), required=False, choices=Organisation.Type.choices, widget=forms.CheckboxSelectMultiple
    )
    target_group = forms.MultipleChoiceField(label=_("Target group"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    experience = forms.MultipleChoiceField(
        label=_("Programme experience"), required=False, choices=Organisation.Experience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.MultipleChoiceField(
        label=_("Working language"), required=False, widget=FastSelectMultiple
    )
    offers = forms.MultipleChoiceField(
        label=_("Can"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("host", _("host")), ("send", _("send")), ("coordinate", _("coordinate"))],
    )

    def __init__(self, *args, with_tags: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = [(t.code, str(t)) for t in TargetGroup.objects.all()]
        self.fields["language"].choices = language_choices(Language.objects.values_list("code", flat=True))
        if with_tags:
            self.fields["tag"] = forms.CharField(label=_("Tag"), required=False, max_length=60)

    def to_filters(self) -> OrganisationFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return OrganisationFilters(
            q=data.get("q", ""), city=data.get("city", ""), region=data.get("region", ""),
            country=data.get("country", []),
            type=data.get("type", []), target_group=data.get("target_group", []),
            experience=data.get("experience", []), language=data.get("language", []),
            offers=[o for o in data.get("offers", []) if o in OFFER_FIELDS], tag=data.get("tag", ""),
        )


class OrganisationForm(ServiceErrorsMixin, forms.ModelForm):
    """The organisation profile, with the description and accessibility details per language."""

    class Meta:
        model = Organisation
        fields = [
            "legal_name", "type", "oid", "country", "region", "city", "address", "postcode", "website",
            "email", "target_groups", "themes", "working_languages", "experience", "can_host", "can_send",
            "can_coordinate", "accessibility", "public_listing",
        ]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "experience": forms.RadioSelect,
            "country": FastSelect,
            "working_languages": FastSelectMultiple,
        }
        field_classes = {"working_languages": CollatedModelMultipleChoiceField}
        error_messages = {"oid": {"unique": _("An organisation with this OID already exists.")}}

    TEXT_FIELDS = ("description", "accessibility_notes")
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = partial(country_choices, blank="---------")
        self.fields["oid"].error_messages["invalid"] = _("An OID is the letter E followed by 8 digits.")
        self.fields["public_listing"].help_text = _(
            "Tick only if the organisation agrees to appear in the public directory."
        )
        labels = {"description": _("Description"), "accessibility_notes": _("Accessibility details")}
        for name in self.TEXT_FIELDS:
            stored = getattr(self.instance, name) or {}
            for code, _label in settings.LANGUAGES:
                key = f"{name}_{code}"
                self.fields[key] = forms.CharField(
                    label=f"{labels[name]} ({_language_label(code)})", required=False,
                    widget=forms.Textarea(attrs={"rows": 4, "lang": code}), initial=stored.get(code, ""),
                    max_length=5000,
                )

    def clean_oid(self):
        value = (self.cleaned_data.get("oid") or "").strip().upper()
        if value and not (len(value) == 9 and value[0] == "E" and value[1:].isdigit()):
            raise forms.ValidationError(_("An OID is the letter E followed by 8 digits, e.g. E10012345."))
        return value or None

    def to_service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in self.TEXT_FIELDS:
            data[name] = {code: self.cleaned_data.get(f"{name}_{code}", "") for code, _l in settings.LANGUAGES}
        return data


class StaffNoteForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(label=_("New private note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class TagsForm(ServiceErrorsMixin, forms.Form):
    tags = forms.CharField(label=_("Tags"), required=False, max_length=600,
                           help_text=_("Separate tags with commas. Only your agency sees them."))

    def names(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
