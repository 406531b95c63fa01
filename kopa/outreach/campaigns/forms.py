"""Forms of the campaign pages: the campaign itself, the list's filters, and building a target list."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import agencies_for_writer, current_agency
from kopa.core.forms import MultilingualForm, date_field, text_field_names
from kopa.core.widgets import FastSelectMultiple
from kopa.directory.organisations.forms import DirectoryFilterForm
from kopa.outreach.campaigns.selectors import CampaignFilters, owner_candidates
from kopa.outreach.models import STAGE_ORDER, Stage
from kopa.outreach.rules import (
    INVITATION_TEXTS,
    RESPONSE_DAYS_MAX,
    placeholder_message,
    unknown_placeholders,
)
from kopa.programmes.selectors import staff_cycles, staff_strands


def _person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name and user.email else name or user.get_username()


class CampaignForm(MultilingualForm):
    """A campaign: what it is for, when, who runs it, what it measures and what its invitation says."""

    TEXTS = {
        "name": (_("Name"), False, True),
        "goal": (_("Goal"), True, False),
        "invitation_subject": (_("Invitation subject"), False, False),
        "invitation_body": (_("Invitation text"), True, False),
    }
    SCALARS = ("cycle", "strand", "start", "end", "owners", "stages", "response_days")

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    cycle = forms.ModelChoiceField(
        label=_("Cycle"), required=False, queryset=None,
        help_text=_("Event check-ins in this cycle count as attendance."),
    )
    strand = forms.ModelChoiceField(
        label=_("Strand"), required=False, queryset=None,
        help_text=_("Must belong to the same partnership as the cycle."),
    )
    start = date_field(_("Start"), required=True)
    end = date_field(_("End"))
    owners = forms.ModelMultipleChoiceField(
        label=_("Owners"), required=False, queryset=None, widget=FastSelectMultiple,
        help_text=_("Staff members responsible for the campaign; they also read coaches' private notes."),
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages measured"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one stage.")},
    )
    response_days = forms.IntegerField(
        label=_("Response links valid for (days)"), min_value=1, max_value=RESPONSE_DAYS_MAX, initial=30,
    )

    def __init__(self, *args, user, instance=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if instance is None:
            initial.setdefault("stages", list(STAGE_ORDER))
            initial.setdefault("agency", current_agency(user))
        else:
            initial.setdefault("owners", list(instance.owners.all()))
            initial.setdefault("stages", instance.stage_list)
        super().__init__(*args, instance=instance, **kwargs)
        agencies = agencies_for_writer(user)
        self.only_agency = None
        if instance is not None:
            del self.fields["agency"]
        elif len(agencies) == 1:  # nothing to choose
            self.only_agency = agencies.first()
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies
        self.fields["cycle"].queryset = staff_cycles(user)
        self.fields["strand"].queryset = staff_strands(user)
        self.fields["owners"].queryset = owner_candidates(user)
        self.fields["owners"].label_from_instance = _person_label
        for code, _language in settings.LANGUAGES:
            self.fields[f"invitation_body_{code}"].help_text = _(
                "Write {organisation} where the organisation's name should appear."
            )
        self.order_fields([
            *text_field_names("name"), *text_field_names("goal"), "agency", "cycle", "strand", "start", "end", "owners",
            "stages", *text_field_names("invitation_subject"), *text_field_names("invitation_body"), "response_days",
        ])

    def chosen_agency(self):
        return self.only_agency or self.cleaned_data["agency"]

    def clean(self):
        # Not MultilingualForm.clean: it wants the end after the start, and a campaign may be one day.
        data = forms.Form.clean(self)
        languages = dict(settings.LANGUAGES)
        if not any((data.get(f"name_{code}") or "").strip() for code in languages):
            self.add_error(f"name_{settings.LANGUAGE_CODE}", _("Fill this in in at least one language."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        for name in INVITATION_TEXTS:
            for code in languages:
                unknown = unknown_placeholders(data.get(f"{name}_{code}") or "")
                if unknown:
                    self.add_error(f"{name}_{code}", placeholder_message(unknown))
        return data

    def to_service_data(self) -> dict:
        data = super().to_service_data()
        data["owners"] = list(data.get("owners") or [])
        return data


class CampaignFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=None)
    strand = forms.ModelChoiceField(label=_("Strand"), required=False, queryset=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Any")), ("running", _("Running")), ("planned", _("Not started yet")), ("ended", _("Ended")),
    ])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = staff_cycles(user)
        self.fields["strand"].queryset = staff_strands(user)

    def to_filters(self) -> CampaignFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        cycle, strand = data.get("cycle"), data.get("strand")
        return CampaignFilters(cycle=cycle.pk if cycle else None, strand=strand.pk if strand else None,
                               status=data.get("status", ""))


class TargetFilterForm(DirectoryFilterForm):
    """The staff directory's filters, to choose the organisations a campaign reaches out to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, with_tags=True, **kwargs)


class TargetSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the list"), required=False, max_length=200,
                        help_text=_("Name, town, region or OID."))


class TargetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A CSV file in UTF-8 or an Excel workbook (.xlsx). The first row names the columns: "
                    "oid, or id, or legal_name and city."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KOPA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB. Split it into smaller files.")
                % {"size": limit // (1024 * 1024)}
            )
        return upload
