from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.reports.cycles.services import MAX_SECTION
from kopa.reports.models import CycleNarrative

HELP = {
    "summary": _("The cycle in a few sentences: what the agency set out to do and what came of it."),
    "outreach": _("How you reached organisations new to the programme, and what worked."),
    "activities": _("The events and who took part."),
    "inclusion": _("Young people with fewer opportunities, accessibility and green travel."),
    "outlook": _("What you learned and what you will do in the next cycle."),
}


class NarrativeForm(ServiceErrorsMixin, forms.Form):
    summary = forms.CharField(label=_("Summary"), required=False, max_length=MAX_SECTION,
                              widget=forms.Textarea(attrs={"rows": 5}), help_text=HELP["summary"])
    outreach = forms.CharField(label=_("Outreach and newcomers"), required=False, max_length=MAX_SECTION,
                               widget=forms.Textarea(attrs={"rows": 5}), help_text=HELP["outreach"])
    activities = forms.CharField(label=_("Activities and participants"), required=False,
                                 max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text=HELP["activities"])
    inclusion = forms.CharField(label=_("Inclusion and green travel"), required=False,
                                max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=HELP["inclusion"])
    outlook = forms.CharField(label=_("Lessons and next steps"), required=False, max_length=MAX_SECTION,
                              widget=forms.Textarea(attrs={"rows": 5}), help_text=HELP["outlook"])

    def __init__(self, *args, narrative: CycleNarrative | None = None, **kwargs):
        if narrative is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(narrative, name) for name in CycleNarrative.SECTIONS}
        super().__init__(*args, **kwargs)

    def to_service_data(self) -> dict:
        return dict(self.cleaned_data)


FORMATS = ("pdf", "docx", "xlsx")
BENEFICIARY_FORMATS = ("csv", "xlsx")
