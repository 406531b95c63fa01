"""The answer form behind a response link: for someone without an account, in their language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.outreach.models import Interaction
from kopa.outreach.rules import MESSAGE_MAX

ANSWERS = [
    (Interaction.Answer.INTERESTED, _("Yes, we are interested")),
    (Interaction.Answer.NOT_NOW, _("Not now, maybe later")),
    (Interaction.Answer.NO, _("No, thank you")),
]


class ResponseForm(ServiceErrorsMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the answers."),
            "invalid_choice": _("Choose one of the answers."),
        },
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Anything you would like the agency to know, at most 2000 characters."),
    )

