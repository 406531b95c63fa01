"""The sign-up form and the search of "my area"."""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import country_choices


class SignupForm(forms.Form):
    """Sign-up for anyone: a participant account, with no organisation (those come later, in "my area")."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send a link to confirm it."))
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."), max_length=200,
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )
    country = forms.ChoiceField(label=_("Country of residence"), choices=partial(country_choices, blank="---------"))
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES,
        help_text=_("Kopa writes to you in this language."),
    )

    def clean_email(self):
        # Whether an account already uses the address is never said here: the service writes to
        # that address instead (`kopa.site.services.signup`), and the page answers as for a new one.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are different."))
        elif data.get("password1"):
            user = get_user_model()(username=data.get("email", ""), email=data.get("email", ""),
                                    first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(data["password1"], user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Find your organisation"), required=False, max_length=200,
                        help_text=_("Its name, town or OID."))
