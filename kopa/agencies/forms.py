"""Forms for creating an agency and for an agency's team."""

from functools import partial

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency, AgencyMembership
from kopa.core.forms import ServiceErrorsMixin
from kopa.core.i18n import country_choices

LOGO_MAX_BYTES = 2 * 1024 * 1024


class AgencyForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False,
                                 help_text=_("Shown in menus and lists, e.g. MOVIT."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices, widget=forms.RadioSelect,
                             help_text=_("A national agency is its country's sending agency; a network is not."))
    country = forms.ChoiceField(label=_("Country"), choices=partial(country_choices, blank="---------"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    logo = forms.ImageField(label=_("Logo"), required=False, help_text=_("PNG or JPEG, up to 2 MB."))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 2 MB."))
        return logo


class InviteForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("We e-mail them a link to Kopa."))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=AgencyMembership.Role.choices,
                             initial=AgencyMembership.Role.STAFF)


class RoleForm(ServiceErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=AgencyMembership.Role.choices)
