"""Forms of the activity report: which funder's form to start, what people write, a photo, and how
to put the report into the library."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.core.i18n import language_name
from kopa.reports.activity.kinds import FORMS
from kopa.reports.models import ActivityReport


def form_language_choices() -> list[tuple[str, str]]:
    codes = dict.fromkeys(code for form in FORMS.values() for code in form.languages)
    return [(code, language_name(code)) for code in codes]


class ActivityReportCreateForm(ServiceErrorsMixin, forms.Form):
    template = forms.ChoiceField(label=_("Funder's form"), choices=ActivityReport.Template.choices,
                                 widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("Language of the report"), required=False,
        help_text=_("The Interreg form is written in Slovenian, Croatian or English; the Erasmus+ summary "
                    "in English."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The form's first language")), *form_language_choices()]


class ActivityReportForm(ServiceErrorsMixin, forms.Form):
    partner = forms.CharField(label=_("Partner"), max_length=250, required=False,
                              help_text=_("The organiser or the partner organisation that reports."))
    activity = forms.CharField(label=_("Activity or work package"), max_length=250, required=False)
    summary = forms.CharField(label=_("Short summary"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https",
                          help_text=_("A page about the event, e.g. its news item."))
    contact = forms.CharField(label=_("Contact person"), max_length=250, required=False)
    language = forms.ChoiceField(label=_("Language of the report"))
    photos = forms.MultipleChoiceField(label=_("Photos in the report"), required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, report: ActivityReport, **kwargs):
        kwargs.setdefault("initial", {
            "partner": report.partner, "activity": report.activity, "summary": report.summary,
            "link": report.link, "contact": report.contact, "language": report.language,
            "photos": [str(p.pk) for p in report.photos.all() if p.included],
        })
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, language_name(code))
                                           for code in FORMS[report.template].languages]
        choices = [(str(p.pk), p.alt_text) for p in report.photos.all()]
        if choices:
            self.fields["photos"].choices = choices
        else:
            del self.fields["photos"]

    def to_service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("partner", "activity", "summary", "link", "contact",
                                                          "language")}
        if "photos" in self.fields:
            data["photos"] = self.cleaned_data["photos"]
        return data


class ActivityPhotoForm(ServiceErrorsMixin, forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_(
        "JPEG, PNG or WebP. It is made smaller and its metadata (camera, time and location) is removed."))
    alt_text = forms.CharField(label=_("Alternative text"), max_length=300, help_text=_(
        "What the photo shows, for people who cannot see it, e.g. “Participants discussing in small groups "
        "in the castle hall”."))
    consent = forms.BooleanField(label=_("The people who can be recognised in the photo agreed to its use in "
                                         "this report."), required=True)
    included = forms.BooleanField(label=_("Put the photo in the report"), required=False, initial=True)


class ActivityPublishForm(ServiceErrorsMixin, forms.Form):
    publish = forms.TypedChoiceField(
        label=_("In the library"), coerce=lambda value: value == "published", widget=forms.RadioSelect,
        choices=[("draft", _("As a draft: publish it later from the library")),
                 ("published", _("Published at once"))], initial="draft")
