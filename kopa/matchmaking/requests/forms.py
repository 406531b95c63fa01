"""Forms of partner requests: the public filters, the request itself, "I'm interested", the
poster's answer, closing and the staff's hiding."""

from functools import partial

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import (
    CollatedModelMultipleChoiceField,
    MultilingualForm,
    ServiceErrorsMixin,
    date_field,
    text_field_names,
)
from kopa.core.i18n import country_choices
from kopa.core.widgets import FastSelectMultiple
from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.directory.organisations.forms import DirectoryFilterForm
from kopa.matchmaking.models import ACTIONS, PartnerRequest, round_choices
from kopa.matchmaking.requests.selectors import RequestFilters


class RequestFilterForm(DirectoryFilterForm):
    """The directory's filters plus the action and the deadline round."""

    action = forms.MultipleChoiceField(label=_("Action"), required=False, choices=ACTIONS,
                                       widget=forms.CheckboxSelectMultiple)
    round = forms.MultipleChoiceField(label=_("Deadline round"), required=False, choices=round_choices,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Words from the title or the description, or the organisation's name or town.")
        self.fields["target_group"].label = _("Target group of the project")
        self.fields["language"].label = _("Working language of the project")

    def to_request_filters(self) -> RequestFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return RequestFilters(organisation=self.to_filters(), action=data.get("action", []),
                              round=data.get("round", []))


class PartnerRequestForm(MultilingualForm):
    TEXTS = {"title": (_("Title"), False, True), "description": (_("Description"), True, False)}
    SCALARS = ("action", "round", "closes_on", "roles", "countries", "target_groups", "themes",
               "working_languages")

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    round = forms.ChoiceField(label=_("Deadline round"), choices=partial(round_choices, blank="---------"))
    closes_on = date_field(_("Closing date"), required=True,
                           help_text=_("The request closes by itself after this day."))
    roles = forms.MultipleChoiceField(label=_("Roles you look for"), choices=PartnerRequest.Role.choices,
                                      widget=forms.CheckboxSelectMultiple)
    countries = forms.MultipleChoiceField(
        label=_("Countries wanted"), required=False, choices=country_choices, widget=FastSelectMultiple,
        help_text=_("Leave empty for any country."))
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"), queryset=TargetGroup.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    themes = forms.ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    working_languages = CollatedModelMultipleChoiceField(
        label=_("Working languages"), queryset=Language.objects.all(), required=False,
        widget=FastSelectMultiple)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            for name in ("target_groups", "themes", "working_languages"):
                initial[name] = list(getattr(instance, name).all())
        super().__init__(*args, instance=None, **kwargs)
        self.instance = instance
        if instance is not None:
            for name in ("action", "round", "closes_on", "roles", "countries"):
                self.initial.setdefault(name, getattr(instance, name))
            for name in ("title", "description"):
                for code, value in (getattr(instance, name) or {}).items():
                    if f"{name}_{code}" in self.fields:
                        self.fields[f"{name}_{code}"].initial = value
        self.order_fields([*text_field_names("title"), "action", "round", "closes_on", "roles", "countries",
                           "target_groups", "themes", "working_languages", *text_field_names("description")])


    def clean_closes_on(self):
        value = self.cleaned_data["closes_on"]
        unchanged = self.instance is not None and value == self.instance.closes_on
        if value < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The closing date cannot be in the past."))
        return value


class InterestForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=_("Your message to the poster"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who you are and what you would bring. Your e-mail address is not shown to the "
                    "poster until they accept you as a partner."))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk


class AnswerForm(ServiceErrorsMixin, forms.Form):
    answer = forms.CharField(label=_("Your answer (optional)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    close_as_found = forms.BooleanField(
        label=_("Close the request: I found my partners"), required=False)


class CloseForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the request close?"), widget=forms.RadioSelect,
        choices=[(PartnerRequest.ClosedReason.FOUND, _("I found my partners")),
                 (PartnerRequest.ClosedReason.WITHDRAWN, _("I withdraw the request"))])


class HideForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why is it hidden? The poster is told."), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Organisation in your inventory"), required=False, max_length=200)
