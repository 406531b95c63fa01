"""Forms of a matchmaking event's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.matchmaking.models import MatchmakingSetup, MeetingRequest


def _moment(label):
    return forms.DateTimeField(
        label=label, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class SetupForm(ServiceErrorsMixin, forms.Form):
    auto_accept = forms.BooleanField(label=_("Accept meeting requests automatically"), required=False)
    participants_pick_slots = forms.BooleanField(
        label=_("Participants pick a free slot when they accept"), required=False)
    requests_open = forms.BooleanField(label=_("Meeting requests are open"), required=False, initial=True)
    max_in_a_row = forms.IntegerField(label=_("Most meetings in a row without a break"), min_value=1,
                                      max_value=20, initial=3)

    @classmethod
    def for_setup(cls, setup: MatchmakingSetup | None, data=None):
        initial = {}
        if setup is not None:
            initial = {"auto_accept": setup.auto_accept, "participants_pick_slots": setup.participants_pick_slots,
                       "requests_open": setup.requests_open, "max_in_a_row": setup.max_in_a_row}
        return cls(data, initial=initial or None, prefix="setup")


class SessionForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    start = _moment(_("Starts"))
    end = _moment(_("Ends"))
    slot_minutes = forms.IntegerField(label=_("Minutes per meeting"), min_value=15, max_value=30, initial=20)


class TablesForm(ServiceErrorsMixin, forms.Form):
    count = forms.IntegerField(label=_("How many tables"), min_value=1, max_value=500, initial=10)
    step_free = forms.BooleanField(label=_("Step-free"), required=False)
    quiet = forms.BooleanField(label=_("Quiet"), required=False)


class ProfileForm(ServiceErrorsMixin, forms.Form):
    offers = forms.CharField(label=_("What we offer"), required=False, max_length=3000, widget=forms.Textarea)
    seeks = forms.CharField(label=_("What we look for"), required=False, max_length=3000, widget=forms.Textarea)
    ideas = forms.CharField(label=_("Project ideas we bring"), required=False, max_length=3000,
                            widget=forms.Textarea)

    def __init__(self, *args, sessions=(), attendances=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = list(sessions)
        attendances = attendances or {}
        for session in self.sessions:
            self.fields[f"attend_{session.pk}"] = forms.BooleanField(
                label=_("I attend %(session)s") % {"session": session.name}, required=False,
                initial=session.pk in attendances)
            self.fields[f"cap_{session.pk}"] = forms.IntegerField(
                label=_("Most meetings in %(session)s (empty: no limit)") % {"session": session.name},
                required=False, min_value=1, max_value=50, initial=attendances.get(session.pk))

    def caps(self) -> dict:
        return {s: self.cleaned_data.get(f"cap_{s.pk}") for s in self.sessions
                if self.cleaned_data.get(f"attend_{s.pk}")}

    def session_rows(self):
        return [(s, self[f"attend_{s.pk}"], self[f"cap_{s.pk}"]) for s in self.sessions]


class RequestForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why would you like to meet?"), max_length=1000, widget=forms.Textarea)


class AnswerForm(ServiceErrorsMixin, forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    slot = forms.TypedChoiceField(label=_("Slot"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_objects = {s.pk: s for s in slots}
        self.fields["slot"].choices = [("", _("Let the organisers choose"))] + [
            (s.pk, f"{s.session.name} {s.start:%H:%M}") for s in slots]

    def chosen_slot(self):
        return self.slot_objects.get(self.cleaned_data.get("slot"))


class NeedsForm(ServiceErrorsMixin, forms.Form):
    step_free = forms.BooleanField(label=_("Needs a step-free table"), required=False)
    quiet = forms.BooleanField(label=_("Needs a quiet table"), required=False)


STATUS_CHOICES = [("", _("All"))] + list(MeetingRequest.Status.choices)
