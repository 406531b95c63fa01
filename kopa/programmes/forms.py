"""Forms of the programmes back office; text that organisers write has one box per language."""

from functools import partial

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import agencies_for_writer
from kopa.core.forms import MultilingualForm, ServiceErrorsMixin, date_field, text_field_names
from kopa.core.i18n import country_choices
from kopa.directory.access import staff_scope
from kopa.directory.models import TargetGroup
from kopa.programmes.models import Project
from kopa.programmes.selectors import (
    PUBLIC_PROJECT_STATUSES,
    ProjectFilters,
    partnership_agency_ids,
    staff_cycles,
)


class PartnershipForm(MultilingualForm):
    TEXTS = {"name": (_("Name"), False, True), "description": (_("Description"), True, False)}
    SCALARS = ("coordinator", "slug", "start", "end")

    coordinator = forms.ModelChoiceField(label=_("Coordinating agency"), queryset=Agency.objects.none())
    slug = forms.SlugField(
        label=_("Short address"), required=False, max_length=80,
        help_text=_("Used in the page address, e.g. social-inclusion. Left empty, it is made from the name."),
    )
    start = date_field(_("Start"))
    end = date_field(_("End"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_for_writer(user)
        if self.instance is not None:
            agencies = Agency.objects.filter(Q(pk__in=agencies.values("pk")) | Q(pk=self.instance.coordinator_id))
        self.fields["coordinator"].queryset = agencies
        self.order_fields([*text_field_names("name"), "coordinator", "slug", "start", "end", *text_field_names("description")])


class PartnershipMemberForm(ServiceErrorsMixin, forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=partial(country_choices, blank="---------"))
    region = forms.CharField(label=_("Region or community"), required=False, max_length=80,
                             help_text=_("Only where a country has several agencies, e.g. Wallonia."))
    agency = forms.ModelChoiceField(label=_("Agency on Kopa"), required=False, queryset=Agency.objects.all(),
                                    help_text=_("Leave empty when the agency does not use Kopa."))
    agency_name = forms.CharField(label=_("Agency name"), required=False, max_length=200,
                                  help_text=_("For an agency that does not use Kopa."))


class StrandForm(MultilingualForm):
    TEXTS = {"name": (_("Name"), False, True), "description": (_("Description"), True, False)}
    SCALARS = ("target_groups",)

    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"), required=False, queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partnership, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None:
            kwargs.setdefault("initial", {})["target_groups"] = list(instance.target_groups.all())
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(
            Q(agency__isnull=True) | Q(agency_id__in=partnership_agency_ids(partnership))
        )


class CycleForm(MultilingualForm):
    SCALARS = ("name", "start", "end")

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example 2021–2027."))
    start = date_field(_("Start"), required=True)
    end = date_field(_("End"), required=True)


class WorkingGroupForm(MultilingualForm):
    TEXTS = {"name": (_("Name"), False, True), "theme": (_("Theme"), True, False)}
    SCALARS = ("agency",)

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for_writer(user)
        if self.instance is not None:
            del self.fields["agency"]
        self.order_fields([*text_field_names("name"), "agency", *text_field_names("theme")])

    def to_service_data(self) -> dict:
        data = super().to_service_data()
        data.pop("agency", None)
        return data


class ProjectForm(MultilingualForm):
    TEXTS = {"title": (_("Title"), False, True), "description": (_("Description"), True, False)}
    SCALARS = ("agency", "acronym", "programme", "action", "lead", "start", "end", "status", "cycle")

    agency = forms.ModelChoiceField(label=_("Followed by agency"), queryset=Agency.objects.none())
    acronym = forms.CharField(label=_("Acronym"), required=False, max_length=40)
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", "---------"), *Project.Programme.choices])
    action = forms.CharField(label=_("Action"), required=False, max_length=40, help_text=_("e.g. KA220-YOU"))
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=None,
        help_text=_("An organisation in your inventory. Add partners after saving."),
    )
    start = date_field(_("Start"))
    end = date_field(_("End"))
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        leads = staff_scope(user).only("pk", "legal_name", "city", "country")
        if self.instance is not None:
            leads = leads.model.objects.filter(Q(pk__in=leads.values("pk")) | Q(pk=self.instance.lead_id)).only(
                "pk", "legal_name", "city", "country")
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies_for_writer(user)
        self.fields["lead"].queryset = leads
        self.fields["lead"].label_from_instance = lambda o: f"{o.legal_name} ({o.city}, {o.country.name})"
        self.fields["cycle"].queryset = staff_cycles(user)
        self.order_fields([*text_field_names("title"), "acronym", "agency", "programme", "action", "lead", "status",
                           "start", "end", "cycle", *text_field_names("description")])

    def to_service_data(self) -> dict:
        data = super().to_service_data()
        data.pop("agency", None)
        return data


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Find an organisation"), required=False, max_length=200,
                        help_text=_("Name, town or OID."))


class ProjectPartnerForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    country = forms.ChoiceField(label=_("Takes part from"), required=False,
                                choices=partial(country_choices, blank=_("Its own country")))


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person"), required=False, max_length=200,
                        help_text=_("First or last name, or e-mail."))


class ProjectFilterForm(forms.Form):
    programme = forms.MultipleChoiceField(label=_("Programme"), required=False,
                                          choices=Project.Programme.choices, widget=forms.CheckboxSelectMultiple)
    action = forms.CharField(label=_("Action"), required=False, max_length=40, help_text=_("e.g. KA220-YOU"))
    status = forms.MultipleChoiceField(label=_("Status"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, public: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = Project.Status.choices
        if public:
            statuses = [(v, label) for v, label in statuses if v in PUBLIC_PROJECT_STATUSES]
        self.fields["status"].choices = statuses

    def to_filters(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ProjectFilters(programme=data.get("programme", []), action=data.get("action", ""),
                              status=data.get("status", []))
