"""Filters of the funnel dashboard, the cycle comparison and the drop-off lists, and the form that
turns a drop-off list into follow-up tasks."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kopa.agencies.selectors import staff_members
from kopa.core.forms import ServiceErrorsMixin, date_field, within_date_bounds
from kopa.core.i18n import pick
from kopa.core.widgets import FastCheckboxSelectMultiple, FastSelect
from kopa.outreach.campaigns.selectors import campaigns_for_staff
from kopa.outreach.funnel.figures import DIMENSIONS
from kopa.outreach.models import STAGE_ORDER, Campaign, Stage
from kopa.outreach.rules import NOTES_MAX, TITLE_MAX
from kopa.programmes.models import Cycle
from kopa.programmes.selectors import staff_cycles, staff_strands

# Days until a follow-up task created from a drop-off list is due, unless the officer says otherwise.
DEFAULT_DUE_DAYS = 7


def _date(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def cycle_label(cycle: Cycle) -> str:
    return f"{pick(cycle.partnership.name) or cycle.partnership.slug} – {cycle.name}"


class FunnelFilterForm(forms.Form):
    """Which campaigns and which interactions the funnel counts, and how to break it down.

    Only the user's agencies' campaigns can be chosen; asking for any other is answered with a 404
    by the views (see `asks_for_unknown_campaign`), so that nothing tells whether it exists.
    """

    # Which campaigns and dates: what the dashboard, the drop-off lists and their exports share.
    SELECTION_NAMES = ("campaign", "cycle", "strand", "date_from", "date_to")
    FILTER_NAMES = (*SELECTION_NAMES, "by")

    campaign = forms.MultipleChoiceField(
        label=gettext_lazy("Campaigns"),
        required=False,
        widget=FastCheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every campaign of your agency."),
    )
    cycle = forms.ChoiceField(label=gettext_lazy("Cycle"), required=False, widget=FastSelect)
    strand = forms.ChoiceField(label=gettext_lazy("Strand"), required=False, widget=FastSelect)
    date_from = date_field(gettext_lazy("Interactions from"))
    date_to = date_field(gettext_lazy("Interactions until"))
    by = forms.ChoiceField(label=gettext_lazy("Break down by"), required=False, widget=FastSelect)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.campaigns: list[Campaign] = list(campaigns_for_staff(user))
        several = len({c.agency_id for c in self.campaigns}) > 1
        self.fields["campaign"].choices = [(str(c.pk), self._label(c, several)) for c in self.campaigns]
        cycles = list(staff_cycles(user))
        self.cycles = {str(c.pk): c for c in cycles}
        self.fields["cycle"].choices = [("", _("Any cycle"))] + [
            (str(c.pk), cycle_label(c)) for c in cycles
        ]
        strands = list(staff_strands(user).prefetch_related(None))
        self.strands = {str(s.pk): s for s in strands}
        self.fields["strand"].choices = [("", _("Any strand"))] + [
            (str(s.pk), pick(s.name) or str(s.pk)) for s in strands
        ]
        self.fields["by"].choices = [("", _("No breakdown"))] + [
            (key, str(label)) for key, label in DIMENSIONS.items()
        ]

    @staticmethod
    def _label(campaign: Campaign, with_agency: bool) -> str:
        """The campaign's name, with its cycle (and agency) to tell similar names apart."""
        details = [campaign.cycle.name] if campaign.cycle_id else []
        if with_agency:
            details.append(str(campaign.agency))
        return f"{campaign.name_text} ({', '.join(details)})" if details else campaign.name_text

    def asks_for_unknown_campaign(self) -> bool:
        """True when the query names a campaign that is not one of the user's agencies'."""
        if not self.is_bound:
            return False
        known = {str(c.pk) for c in self.campaigns}
        return any(value not in known for value in self.data.getlist("campaign"))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return data

    def _cleaned(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def selected_campaigns(self) -> list[Campaign]:
        """The ticked campaigns (all when none is), narrowed to the chosen cycle and strand."""
        data = self._cleaned()
        chosen = set(data.get("campaign") or [])
        campaigns = [c for c in self.campaigns if not chosen or str(c.pk) in chosen]
        if data.get("cycle"):
            campaigns = [c for c in campaigns if str(c.cycle_id) == data["cycle"]]
        if data.get("strand"):
            campaigns = [c for c in campaigns if str(c.strand_id) == data["strand"]]
        return campaigns

    def period(self) -> tuple[date | None, date | None]:
        """The interactions' dates to count: (from, until), either may be None."""
        data = self._cleaned()
        return data.get("date_from"), data.get("date_to")

    @property
    def dimension(self) -> str:
        return self._cleaned().get("by") or ""

    def query(self, *, names: tuple[str, ...] | None = None, **extra) -> str:
        """The filters (or those of `names`) as a query string, for exports and links, with `extra`
        parameters added."""
        params = []
        if self.is_bound:
            for name in names or self.FILTER_NAMES:
                params.extend((name, value) for value in self.data.getlist(name) if value)
        params.extend((key, value) for key, value in extra.items() if value)
        return urlencode(params)

    def describe(self, campaigns: list[Campaign]) -> list[str]:
        """What the figures count, in words (for the page, the PDF and the exports)."""
        lines = []
        chosen = set(self._cleaned().get("campaign") or [])
        if chosen or len(campaigns) != len(self.campaigns):
            names = ", ".join(c.name_text for c in campaigns) or _("none")
            lines.append(_("Campaigns: %(names)s") % {"names": names})
        else:
            lines.append(ngettext(
                "The only campaign of your agency", "All %(count)s campaigns of your agency",
                len(campaigns),
            ) % {"count": len(campaigns)})
        data = self._cleaned()
        if data.get("cycle"):
            lines.append(_("Cycle: %(name)s") % {"name": cycle_label(self.cycles[data["cycle"]])})
        if data.get("strand"):
            lines.append(_("Strand: %(name)s") % {"name": pick(self.strands[data["strand"]].name)})
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            lines.append(_("Interactions from %(start)s to %(end)s") % {"start": _date(start), "end": _date(end)})
        elif start:
            lines.append(_("Interactions from %(start)s on") % {"start": _date(start)})
        elif end:
            lines.append(_("Interactions until %(end)s") % {"end": _date(end)})
        else:
            lines.append(_("Interactions of any date"))
        return lines


STAGE_CHOICES = [(stage.value, stage.label) for stage in Stage]


class DropOffFilterForm(FunnelFilterForm):
    """The funnel filters and a pair of stages: organisations that reached `from` but not `to`."""

    FILTER_NAMES = (*FunnelFilterForm.SELECTION_NAMES, "from", "to")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        del self.fields["by"]
        # "from" is a Python keyword, so these two fields are added here rather than declared.
        # Both are optional until one is given: without either, the page asks for them.
        choices = [("", _("Choose a stage")), *STAGE_CHOICES]
        self.fields["from"] = forms.ChoiceField(
            label=gettext_lazy("Reached the stage"), choices=choices, required=False, widget=FastSelect
        )
        self.fields["to"] = forms.ChoiceField(
            label=gettext_lazy("But never the stage"), choices=choices, required=False, widget=FastSelect
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        for name in ("from", "to"):
            if (start or end) and not data.get(name) and name not in self.errors:
                self.add_error(name, _("Choose a stage."))
        if start and end and STAGE_ORDER.index(end) <= STAGE_ORDER.index(start):
            self.add_error("to", _("Choose a stage that comes after the first one in the funnel."))
        return data

    @property
    def stages(self) -> tuple[str, str]:
        data = self._cleaned()
        return data.get("from", ""), data.get("to", "")


def row_key(campaign_id: int, organisation_id: int) -> str:
    return f"{campaign_id}-{organisation_id}"


class DropOffTasksForm(ServiceErrorsMixin, forms.Form):
    """Follow-up tasks for every organisation of a drop-off list, or for the ticked ones."""

    scope = forms.ChoiceField(
        label=gettext_lazy("Create a task for"), widget=forms.RadioSelect, initial="all"
    )
    assignee = forms.ChoiceField(label=gettext_lazy("Assigned to"), widget=FastSelect)
    due_on = forms.DateField(
        label=gettext_lazy("Due"),
        validators=[within_date_bounds],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("For example 2026-03-31."),
    )
    title = forms.CharField(label=gettext_lazy("Task"), max_length=TITLE_MAX)
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, user, rows: list, agency_ids: set[int], list_title: str, **kwargs):
        self.rows = rows
        self.members = {str(member.pk): member for member in staff_members(agency_ids)}
        initial = {
            "assignee": str(user.pk),
            "due_on": timezone.localdate() + timedelta(days=DEFAULT_DUE_DAYS),
            "title": _("Follow-up: %(list)s") % {"list": list_title},
        }
        super().__init__(data, initial=initial, prefix="task", **kwargs)
        self.fields["scope"].choices = [
            ("all", _("every organisation in the list (%(count)s)") % {"count": len(rows)}),
            ("ticked", _("only the organisations ticked in the list")),
        ]
        self.fields["assignee"].choices = [
            (pk, member.get_full_name() or member.get_username()) for pk, member in self.members.items()
        ]

    def ticked(self) -> set[str]:
        return set(self.data.getlist(self.add_prefix("row"))) if self.is_bound else set()

    def clean(self):
        data = super().clean()
        if data.get("scope") == "ticked":
            ticked = self.ticked()
            if not any(row_key(c.pk, o.pk) in ticked for c, o, _on in self.rows):
                self.add_error("scope", _("Tick at least one organisation in the list."))
        elif not self.rows:
            self.add_error("scope", _("The list is empty: there is nobody to follow up."))
        return data

    def chosen_rows(self) -> list:
        """The (campaign, organisation, date) rows the tasks are for; ticks no longer in the list
        (someone moved on meanwhile) are left out."""
        if self.cleaned_data["scope"] == "all":
            return list(self.rows)
        ticked = self.ticked()
        return [row for row in self.rows if row_key(row[0].pk, row[1].pk) in ticked]

    def assignee_user(self):
        return self.members[self.cleaned_data["assignee"]]


class CompareForm(forms.Form):
    """Two cycles of the user's partnerships, side by side, with an optional date filter."""

    a = forms.ChoiceField(label=gettext_lazy("First cycle"), widget=FastSelect)
    b = forms.ChoiceField(label=gettext_lazy("Second cycle"), widget=FastSelect)
    date_from = date_field(gettext_lazy("Interactions from"))
    date_to = date_field(gettext_lazy("Interactions until"))

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        cycles = list(staff_cycles(user))
        self.cycles = {str(c.pk): c for c in cycles}
        choices = [("", _("Choose a cycle"))] + [(str(c.pk), cycle_label(c)) for c in cycles]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("a") == data.get("b"):
            self.add_error("b", _("Choose two different cycles."))
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return data

    def chosen(self) -> tuple[Cycle, Cycle]:
        return self.cycles[self.cleaned_data["a"]], self.cycles[self.cleaned_data["b"]]
