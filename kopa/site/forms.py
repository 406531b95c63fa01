"""The sign-up form."""

from functools import partial

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import country_choices
from kopa.directory.models import OID_PATTERN


class SignupForm(forms.Form):
    """Sign-up for a person who represents an organisation."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send a link to confirm it."))
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    organisation_oid = forms.RegexField(
        label=_("Your organisation's OID, if it has one"), regex=OID_PATTERN, required=False,
        help_text=_("E followed by 8 digits. If your organisation is already in Kopa, its agency confirms you."),
        error_messages={"invalid": _("An OID is the letter E followed by 8 digits, e.g. E10012345.")},
    )
    organisation_name = forms.CharField(
        label=_("Organisation's legal name"), max_length=250, required=False,
        help_text=_("Needed when your organisation is not in Kopa yet."),
    )
    organisation_country = forms.ChoiceField(label=_("Organisation's country"), required=False,
                                             choices=partial(country_choices, blank="---------"))
    organisation_city = forms.CharField(label=_("Organisation's town or city"), max_length=120, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists. Log in or reset the password."))
        return email

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
        if not data.get("organisation_oid"):
            for name in ("organisation_name", "organisation_country", "organisation_city"):
                if not data.get(name):
                    self.add_error(name, _("Fill this in, or give your organisation's OID."))
        return data
