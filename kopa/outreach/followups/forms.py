"""Forms of follow-up tasks: the task itself and the filters of "My tasks"."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import (
    agencies_for_writer,
    current_agency,
    staff_members,
    writer_agency_ids,
)
from kopa.core.forms import ServiceErrorsMixin, within_date_bounds
from kopa.core.widgets import FastSelect
from kopa.outreach.campaigns.selectors import campaigns_for_staff
from kopa.outreach.followups.selectors import ALL, DONE, OPEN, organisation_choices
from kopa.outreach.interactions.selectors import person_name
from kopa.outreach.rules import NOTES_MAX, TITLE_MAX


class TaskForm(ServiceErrorsMixin, forms.Form):
    """A follow-up task. The agency is the campaign's, else the one chosen (asked only of people
    who work for several), and stays the same once the task exists."""

    title = forms.CharField(
        label=_("Task"), max_length=TITLE_MAX, help_text=_("e.g. Call about the information day")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=NOTES_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=None)
    due_on = forms.DateField(
        label=_("Due"),
        validators=[within_date_bounds],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2026-03-31. A reminder is e-mailed on this day."),
    )
    campaign = forms.ModelChoiceField(label=_("Campaign"), required=False, queryset=None)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=None,
        widget=FastSelect,
        help_text=_("An organisation in your inventory."),
    )

    def __init__(self, *args, user, task=None, **kwargs):
        self.user, self.task = user, task
        if task is not None:
            initial = kwargs.setdefault("initial", {})
            initial.update(
                {
                    "title": task.title,
                    "notes": task.notes,
                    "assignee": task.assignee_id,
                    "due_on": task.due_on,
                    "campaign": task.campaign_id,
                    "organisation": task.organisation_id,
                }
            )
        super().__init__(*args, **kwargs)
        if task is not None:
            agency_ids = {task.agency_id}
            del self.fields["agency"]
        else:
            agency_ids = writer_agency_ids(user)
            agencies = agencies_for_writer(user)
            if len(agency_ids) > 1:
                self.fields["agency"].queryset = agencies
                self.fields["agency"].help_text = _(
                    "The campaign, if you choose one, must be one of this agency's."
                )
            else:
                del self.fields["agency"]
        self.agency_ids = agency_ids
        self.fields["assignee"].queryset = staff_members(agency_ids)
        self.fields["assignee"].label_from_instance = person_name
        self.fields["campaign"].queryset = campaigns_for_staff(user).filter(
            agency_id__in=agency_ids
        )
        self.fields["organisation"].queryset = organisation_choices(
            user, keep_id=task.organisation_id if task is not None else None
        )
        self.fields["organisation"].label_from_instance = lambda o: (
            f"{o.legal_name} ({o.city}, {o.country.name})"
        )

    def clean_due_on(self):
        # Checked here as well as in the service, so every mistake is shown at once.
        due_on = self.cleaned_data["due_on"]
        unchanged = self.task is not None and due_on == self.task.due_on
        if not unchanged and due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on

    def clean(self):
        data = super().clean()
        campaign = data.get("campaign")
        chosen = data.get("agency")
        if (
            self.task is None
            and campaign is not None
            and chosen is not None
            and campaign.agency_id != chosen.pk
        ):
            self.add_error("campaign", _("Choose a campaign of the chosen agency."))
        return data

    def task_agency(self) -> Agency:
        """The agency the new task belongs to."""
        if self.task is not None:
            return self.task.agency
        campaign = self.cleaned_data.get("campaign")
        if campaign is not None:
            return campaign.agency
        if "agency" in self.fields:
            return self.cleaned_data["agency"]
        return current_agency(self.user)  # the only agency the user works for

    def to_service_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("title", "notes", "assignee", "due_on", "campaign", "organisation")
        }



class TaskFilterForm(forms.Form):
    """The filters of "My tasks". Values that are not on offer are explained next to the field."""

    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(OPEN, _("Open tasks")), (DONE, _("Done tasks")), (ALL, _("All tasks"))],
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), required=False, queryset=None, empty_label=_("All campaigns")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for_staff(user)

    def filters(self) -> dict:
        """The valid filters; a value that is not valid is left out (and the form says why)."""
        if not self.is_bound:
            return {"status": OPEN, "campaign": None}
        self.is_valid()
        data = self.cleaned_data
        return {"status": data.get("status") or OPEN, "campaign": data.get("campaign")}
