"""The form that saves a search of the public partner-request list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin


class SaveSearchForm(ServiceErrorsMixin, forms.Form):
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)
    email = forms.EmailField(label=_("Your e-mail address"), required=False,
                             help_text=_("We send a link to confirm it is yours before any alert."))

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True

    def service_error_field(self, name: str) -> str | None:
        """The filters travel hidden: their messages stand at the top of the form."""
        return None if name == "query" else super().service_error_field(name)
