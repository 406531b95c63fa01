"""The forms of mentor pairing: whom to pair (newcomers, mentors, k), then each newcomer's mentor."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.forms import ServiceErrorsMixin
from kopa.directory.models import Organisation
from kopa.matchmaking.rules import PAIRING_K_DEFAULT, PAIRING_K_MAX, PAIRING_MAX_PAIRS


def _label(organisation: Organisation, mentor: Organisation | None = None) -> str:
    label = f"{organisation.legal_name} ({organisation.city}) · {organisation.get_experience_display()}"
    if mentor is not None:
        label += " · " + _("mentored by %(mentor)s") % {"mentor": mentor.legal_name}
    return label


class PairingSetupForm(forms.Form):
    """Step 1: the newcomers of the target list, the mentors, and k. Newcomers without programme
    experience and without a mentor yet are ticked, and every mentor."""

    newcomers = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Newcomers"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Organisations of the campaign's target list. Those with no programme experience "
                               "and no mentor yet are ticked."))
    mentors = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Mentors"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Organisations of the agency's inventory experienced in the programme."))
    k = forms.IntegerField(
        label=gettext_lazy("Newcomers per mentor, at most"), min_value=1, max_value=PAIRING_K_MAX,
        initial=PAIRING_K_DEFAULT,
        help_text=gettext_lazy("From 1 to 10, counting the newcomers a mentor has in this campaign already."))

    def __init__(self, data=None, *, newcomers, mentors, paired: dict):
        super().__init__(data)
        self.newcomer_list, self.mentor_list = list(newcomers), list(mentors)
        self.fields["newcomers"].choices = [(o.pk, _label(o, getattr(paired.get(o.pk), "mentor", None)))
                                            for o in self.newcomer_list]
        self.fields["mentors"].choices = [(o.pk, _label(o)) for o in self.mentor_list]
        self.fields["newcomers"].initial = [o.pk for o in self.newcomer_list
                                            if o.experience == Organisation.Experience.NONE and o.pk not in paired]
        self.fields["mentors"].initial = [o.pk for o in self.mentor_list]

    def clean_newcomers(self):
        if not self.cleaned_data["newcomers"]:
            raise forms.ValidationError(_("Choose at least one newcomer."))
        return self.cleaned_data["newcomers"]

    def clean_mentors(self):
        if not self.cleaned_data["mentors"]:
            raise forms.ValidationError(_("Choose at least one mentor."))
        return self.cleaned_data["mentors"]

    def clean(self):
        data = super().clean()
        newcomers, mentors = data.get("newcomers") or [], data.get("mentors") or []
        both = set(newcomers) & set(mentors)
        if both:
            names = ", ".join(o.legal_name for o in self.mentor_list if o.pk in both)
            self.add_error("mentors", _("An organisation is either a newcomer or a mentor, not both: %(names)s.")
                           % {"names": names})
        elif len(newcomers) * len(mentors) > PAIRING_MAX_PAIRS:
            self.add_error(None, _("%(newcomers)s newcomers and %(mentors)s mentors are too many to pair at once: "
                                   "choose fewer (at most %(max)s pairs).") % {
                "newcomers": len(newcomers), "mentors": len(mentors), "max": number_format(PAIRING_MAX_PAIRS, force_grouping=True)})
        return data

    def chosen(self) -> tuple[list[Organisation], list[Organisation], int]:
        """The newcomers and mentors chosen, by name, and k."""
        newcomers, mentors = set(self.cleaned_data["newcomers"]), set(self.cleaned_data["mentors"])
        return ([o for o in self.newcomer_list if o.pk in newcomers], [o for o in self.mentor_list if o.pk in mentors],
                self.cleaned_data["k"])


class PairingAdjustForm(ServiceErrorsMixin, forms.Form):
    """Step 2: one choice per newcomer, `mentor_<newcomer id>`: a mentor chosen in step 1, or none.
    Checked here rather than by a choice field per newcomer: 500 newcomers × 200 mentors of choices
    would cost more than the pairing itself."""

    def __init__(self, data=None, *, newcomers, mentors, initial: dict | None = None):
        super().__init__(data)
        self.newcomer_list = list(newcomers)
        self.mentor_ids = {o.pk for o in mentors}
        for newcomer in self.newcomer_list:
            self.fields[f"mentor_{newcomer.pk}"] = forms.CharField(
                label=_("Mentor for %(newcomer)s") % {"newcomer": newcomer.legal_name}, required=False,
                initial=(initial or {}).get(newcomer.pk))

    def clean(self):
        data = super().clean()
        for newcomer in self.newcomer_list:
            name = f"mentor_{newcomer.pk}"
            value = (data.get(name) or "").strip()
            if not value:
                data[name] = None
            elif value.isascii() and value.isdigit() and int(value) in self.mentor_ids:
                data[name] = int(value)
            else:
                self.add_error(name, forms.ValidationError(
                    forms.ChoiceField.default_error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": value}))
        return data

    def posted_choice(self) -> dict[int, int | None]:
        """What is posted for each newcomer, as far as it names a mentor chosen; for showing it again."""
        choice = {}
        for newcomer in self.newcomer_list:
            value = (self.data.get(f"mentor_{newcomer.pk}") or "").strip()
            choice[newcomer.pk] = int(value) if value.isascii() and value.isdigit() and int(value) in self.mentor_ids \
                else None
        return choice

    def assignments(self) -> dict[int, int | None]:
        return {newcomer.pk: self.cleaned_data[f"mentor_{newcomer.pk}"] for newcomer in self.newcomer_list}
