"""Forms of the library: the search and filters of the public list, a resource, a language version."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import agencies_for_writer
from kopa.core.forms import MultilingualForm, ServiceErrorsMixin, date_field, text_field_names
from kopa.core.i18n import language_name
from kopa.library.models import Resource
from kopa.library.selectors import (
    LibraryFilters,
    author_choices,
    event_choices,
    target_group_choices,
    theme_choices,
)
from kopa.library.services import library_languages, max_upload_bytes
from kopa.programmes.selectors import staff_cycles, staff_strands, staff_working_groups


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in library_languages()]


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        help_text=_("Words in the title, the summary or the text of the files."))
    language = forms.ChoiceField(label=_("Language"), required=False)
    kind = forms.MultipleChoiceField(label=_("Type"), required=False, choices=Resource.Kind.choices,
                                     widget=forms.CheckboxSelectMultiple)
    target_group = forms.ModelMultipleChoiceField(label=_("Target groups"), required=False, queryset=None,
                                                  to_field_name="code", widget=forms.CheckboxSelectMultiple)
    theme = forms.ModelMultipleChoiceField(label=_("Themes"), required=False, queryset=None,
                                           to_field_name="code", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *language_choices()]
        self.fields["target_group"].queryset = target_group_choices()
        self.fields["theme"].queryset = theme_choices()

    def filters(self) -> LibraryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return LibraryFilters(
            q=data.get("q", ""), language=data.get("language", ""), kinds=list(data.get("kind") or []),
            target_groups=[group.code for group in data.get("target_group") or []],
            themes=[theme.code for theme in data.get("theme") or []],
        )


class ResourceForm(MultilingualForm):
    TEXTS = {"title": (_("Title"), False, True), "summary": (_("Summary"), True, False)}
    SCALARS = ("agency", "kind", "published_on", "licence", "visibility", "strand", "cycle", "event",
               "working_group", "target_groups", "themes", "authors")

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *Resource.Kind.choices])
    published_on = date_field(_("Publication date"))
    licence = forms.ChoiceField(label=_("Licence"), choices=Resource.Licence.choices)
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Resource.Visibility.choices,
                                   widget=forms.RadioSelect)
    target_groups = forms.ModelMultipleChoiceField(label=_("Target groups"), required=False, queryset=None,
                                                   widget=forms.CheckboxSelectMultiple)
    themes = forms.ModelMultipleChoiceField(label=_("Themes"), required=False, queryset=None,
                                            widget=forms.CheckboxSelectMultiple)
    authors = forms.ModelMultipleChoiceField(label=_("Authors"), required=False, queryset=None,
                                             help_text=_("Organisations in your inventory."))
    strand = forms.ModelChoiceField(label=_("Strand"), required=False, queryset=None)
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=None)
    event = forms.ModelChoiceField(label=_("Event it came from"), required=False, queryset=None)
    working_group = forms.ModelChoiceField(label=_("Working group"), required=False, queryset=None)

    def __init__(self, *args, user, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            for name in ("target_groups", "themes", "authors"):
                initial[name] = list(getattr(instance, name).all())
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies_for_writer(user)
        self.fields["target_groups"].queryset = target_group_choices()
        self.fields["themes"].queryset = theme_choices()
        self.fields["authors"].queryset = author_choices(user, instance)
        self.fields["authors"].label_from_instance = lambda o: f"{o.legal_name} ({o.city}, {o.country.name})"
        self.fields["strand"].queryset = staff_strands(user)
        self.fields["cycle"].queryset = staff_cycles(user)
        self.fields["event"].queryset = event_choices(user)
        self.fields["working_group"].queryset = staff_working_groups(user)
        self.order_fields(["agency", "kind", *text_field_names("title"), *text_field_names("summary"),
                           "published_on", "licence", "visibility", "target_groups", "themes", "authors",
                           "strand", "cycle", "event", "working_group"])

    def to_service_data(self) -> dict:
        data = super().to_service_data()
        data.pop("agency", None)
        return data


class VersionForm(ServiceErrorsMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("A PDF or Word (DOCX) file. Tagged PDFs can be read with a screen reader."))
    video_url = forms.URLField(label=_("or a video's address"), required=False, max_length=500,
                               assume_scheme="https", help_text=_("The address starts with https://."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = settings.LANGUAGE_CODE
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,application/pdf"
        self.max_bytes = max_upload_bytes()

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("video_url") and not self.has_error("video_url"):
            self.add_error("file", _("Choose a file, or give a video's address."))
        elif data.get("file") and data.get("video_url"):
            self.add_error("video_url", _("Give either a file or a video's address, not both."))
        return data
