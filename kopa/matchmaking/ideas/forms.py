"""Forms of project ideas: the idea itself, a move of its status, and a partner's consent to show it
publicly."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin, date_field
from kopa.core.widgets import FastSelectMultiple
from kopa.directory.models import Organisation
from kopa.events.models import Event
from kopa.matchmaking.models import ACTIONS, IdeaPartner, ProjectIdea, round_choices
from kopa.programmes.models import Project


class IdeaForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    round = forms.ChoiceField(label=_("Target round"), choices=partial(round_choices, blank="---------"))
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"), queryset=Organisation.objects.none(), required=False,
        widget=FastSelectMultiple,
        help_text=_("Each partner takes part from its own country. The coordinator is not listed here."))
    hosts = forms.ModelMultipleChoiceField(
        label=_("Of these, the hosting partners"), queryset=Organisation.objects.none(), required=False,
        widget=FastSelectMultiple)
    event = forms.ModelChoiceField(label=_("The event it came from"), queryset=Event.objects.none(),
                                   required=False)
    publish_consent = forms.BooleanField(
        label=_("We agree that the idea is shown publicly"), required=False,
        help_text=_("The idea is public only when every partner agrees; until then the public sees "
                    "only how many ideas an event started."))

    def __init__(self, *args, organisations, events, instance: ProjectIdea | None = None, partners=(), **kwargs):
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            for name in ("title", "summary", "action", "round", "event"):
                initial.setdefault(name, getattr(instance, name))
            others = [p for p in partners if p.role != IdeaPartner.Role.COORDINATOR]
            initial.setdefault("partners", [p.organisation_id for p in others])
            initial.setdefault("hosts", [p.organisation_id for p in others if p.role == IdeaPartner.Role.HOST])
            initial.setdefault("publish_consent", any(
                p.publish_consent for p in partners if p.role == IdeaPartner.Role.COORDINATOR))
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = organisations
        self.fields["hosts"].queryset = organisations
        self.fields["event"].queryset = events

    def clean(self):
        data = super().clean()
        extra = set(data.get("hosts") or []) - set(data.get("partners") or [])
        if extra:
            self.add_error("hosts", _("Choose hosts among the partner organisations."))
        return data

    def to_service_data(self) -> dict:
        data = self.cleaned_data
        hosts = {o.pk for o in data.get("hosts") or []}
        return {
            "title": data["title"], "summary": data.get("summary", ""), "action": data["action"],
            "round": data["round"], "event": data.get("event"),
            "partners": [(o, IdeaPartner.Role.HOST if o.pk in hosts else IdeaPartner.Role.PARTNER)
                         for o in data.get("partners") or []],
            "publish_consent": data.get("publish_consent", False),
        }


class MoveForm(ServiceErrorsMixin, forms.Form):
    to = forms.ChoiceField(choices=ProjectIdea.Status.choices, widget=forms.HiddenInput)
    on = date_field(_("Date"), required=False, help_text=_("Leave empty for today."))
    reference = forms.CharField(label=_("Application reference (optional)"), required=False, max_length=100)
    project = forms.ModelChoiceField(
        label=_("Funded project it became (optional)"), queryset=Project.objects.none(), required=False,
        help_text=_("Leave empty to create the funded project from the idea."))

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects


class ConsentForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    consent = forms.TypedChoiceField(
        label=_("May the idea be shown publicly?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Yes, we agree")), ("no", _("No"))])

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
