"""The form of the token page in the user's own area."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin


class TokenForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name of the new token"), max_length=80,
                           help_text=_("For example the name of the tool that will use it."))
