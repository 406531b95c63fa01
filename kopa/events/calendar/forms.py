"""The public calendar's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import date_field
from kopa.core.i18n import country_choices, language_choices
from kopa.core.widgets import FastSelectMultiple
from kopa.directory.models import Language, TargetGroup
from kopa.events.calendar.selectors import EventFilters
from kopa.events.models import Event

FILTER_NAMES = ("type", "country", "language", "target_group", "date_from", "date_to", "q")




class CalendarFilterForm(forms.Form):
    """Filters of the calendar list, month view and feed; invalid values are reported."""

    q = forms.CharField(label=_("Words in the title"), required=False, max_length=200)
    type = forms.MultipleChoiceField(
        label=_("Type of event"),
        required=False,
        choices=Event.Type.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.MultipleChoiceField(
        label=_("Country"), required=False, choices=country_choices, widget=FastSelectMultiple
    )
    language = forms.MultipleChoiceField(
        label=_("Working language"), required=False, widget=FastSelectMultiple
    )
    target_group = forms.MultipleChoiceField(
        label=_("Target group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Events of a strand that works with this group."),
    )
    date_from = date_field(_("From"))
    date_to = date_field(_("Until"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(Language.objects.values_list("code", flat=True))
        self.fields["target_group"].choices = [
            (t.code, str(t)) for t in TargetGroup.objects.all()
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return data

    def to_filters(self) -> EventFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return EventFilters(
            type=data.get("type", []),
            country=data.get("country", []),
            language=data.get("language", []),
            target_group=data.get("target_group", []),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data.get("q", ""),
        )

    def filter_query(self) -> str:
        """The filters as a query string (for the feed link and the month links)."""
        if not self.is_bound:
            return ""
        params = self.data.copy()
        for key in list(params):
            if key not in FILTER_NAMES:
                params.pop(key)
        return params.urlencode()
