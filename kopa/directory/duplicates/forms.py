"""The form of the merge page: which of two organisations stays."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin


class MergeForm(ServiceErrorsMixin, forms.Form):
    """Which of two organisations stays; the other one's records move to it."""

    keep = forms.TypedChoiceField(label=_("Organisation to keep"), coerce=int, widget=forms.RadioSelect,
                                  help_text=_("The other one is merged into it and then deleted."))

    def __init__(self, *args, first, second, **kwargs):
        super().__init__(*args, **kwargs)
        self.pair = {first.pk: first, second.pk: second}
        self.fields["keep"].choices = [
            (org.pk, f"{org.legal_name} (#{org.pk}{', ' + org.oid if org.oid else ''})")
            for org in (first, second)
        ]

    def keep_and_merge(self):
        keep = self.pair[self.cleaned_data["keep"]]
        merge = next(org for pk, org in self.pair.items() if pk != keep.pk)
        return keep, merge
