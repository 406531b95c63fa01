"""Forms of the people pages in the back office: contact people, their roles and consents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.directory.models import Affiliation, ConsentRecord, Language


class PersonForm(ServiceErrorsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"), required=False, queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {}).update({
                "first_name": instance.first_name, "last_name": instance.last_name, "email": instance.email,
                "phone": instance.phone, "languages": list(instance.languages.all()),
            })
        super().__init__(*args, **kwargs)


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Affiliation.Role.choices)
    title = forms.CharField(label=_("Job title"), required=False, max_length=120)


class ContactPersonForm(PersonForm, RoleFields):
    """A new person and their role at the organisation they are added to."""

    field_order = ["first_name", "last_name", "role", "title", "email", "phone", "languages"]


class AffiliationForm(ServiceErrorsMixin, RoleFields):
    pass


class ConsentForm(ServiceErrorsMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentRecord.Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("Consent"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Given")), ("no", _("Withdrawn"))],
    )
    source = forms.CharField(label=_("How it was given"), required=False, max_length=200,
                             help_text=_("For example: signed form at the training in Celje."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
