"""Forms of the data-protection request pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin, date_field
from kopa.directory.models import DataProtectionRequest

S = DataProtectionRequest.Status


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(S.choices))


class DataProtectionRequestForm(ServiceErrorsMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of request"), choices=DataProtectionRequest.Kind.choices)
    subject_name = forms.CharField(label=_("Name of the person"), max_length=200)
    subject_email = forms.EmailField(label=_("E-mail address of the person"), required=False)
    link_account = forms.BooleanField(
        label=_("Link the Kopa account with this e-mail address"), required=False,
        help_text=_("Only once you have checked that the request comes from the account's owner."))
    received_on = date_field(_("Received on"), required=True,
                             help_text=_("The answer is due 30 days later. For example 2026-03-31."))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        first = agencies.first()
        if first is not None and agencies.count() == 1:
            self.fields["agency"].initial = first.pk


class StatusForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[
        (S.IN_PROGRESS, S.IN_PROGRESS.label), (S.DONE, S.DONE.label), (S.REFUSED, S.REFUSED.label),
        (S.OPEN, S.OPEN.label)])
    note = forms.CharField(label=_("Resolution note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was done or why it was refused. Needed for a refusal."))


class ExtensionForm(ServiceErrorsMixin, forms.Form):
    until = date_field(_("New deadline"), required=True,
                       help_text=_("At most two months after the current deadline."))
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The person must be told this reason within the first month."))


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have checked who the person is, and the data is to be erased"))
