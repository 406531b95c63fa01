"""Forms of organisation proposals: proposing one, and the three decisions staff take on it."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.core.i18n import country_choices
from kopa.directory.models import Affiliation
from kopa.directory.proposals.services import REASON_MAX_LENGTH
from kopa.directory.rules import typed_oid


class ProposalForm(ServiceErrorsMixin, forms.Form):
    legal_name = forms.CharField(label=_("Organisation's legal name"), max_length=250)
    country = forms.ChoiceField(label=_("Country"), choices=partial(country_choices, blank="---------"))
    city = forms.CharField(label=_("Town or city"), max_length=120)
    oid = forms.CharField(
        label=_("Erasmus+ Organisation ID (OID), if it has one"), required=False, max_length=20,
        help_text=_("E followed by 8 digits, e.g. E10012345."),
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    role = forms.ChoiceField(label=_("Your role there"), choices=Affiliation.Role.choices)
    represent = forms.BooleanField(
        label=_("I also ask to represent it in Kopa and keep its profile up to date"), required=False,
    )

    def clean_oid(self):
        value = (self.cleaned_data.get("oid") or "").strip()
        if value and not typed_oid(value):
            raise forms.ValidationError(_("An OID is the letter E followed by 8 digits, e.g. E10012345."))
        return typed_oid(value)


class RepresentativeChoice(forms.Form):
    approve_representative = forms.BooleanField(
        label=_("Also approve them as its representative"), required=False, initial=True,
        help_text=_("Leave unticked to decide later on the organisation's page."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        if not proposal.represent:
            del self.fields["approve_representative"]

    def approves(self) -> bool:
        return bool(self.cleaned_data.get("approve_representative"))


class AcceptForm(ServiceErrorsMixin, RepresentativeChoice):
    pass


class MergeForm(ServiceErrorsMixin, RepresentativeChoice):
    organisation = forms.TypedChoiceField(
        label=_("The organisation it is"), coerce=int, widget=forms.RadioSelect,
    )
    field_order = ["organisation", "approve_representative"]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {o.pk: o for o in candidates}
        self.fields["organisation"].choices = [
            (o.pk, f"{o.legal_name} – {o.city}" + (f" ({o.oid})" if o.oid else "")) for o in candidates
        ]

    def chosen(self):
        return self.candidates[self.cleaned_data["organisation"]]


class RejectForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why not (the person who proposed it reads this)"), max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search your inventory"), required=False, max_length=200,
                        help_text=_("Name, town or OID."))
