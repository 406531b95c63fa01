"""Forms of the import pages: the upload, and how to import once the rows are checked."""

from django import forms
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin
from kopa.directory.models import ImportBatch


class ImportUploadForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("File to import"),
    )
    agency = forms.ModelChoiceField(label=_("Add the organisations to the inventory of"), queryset=None,
                                    empty_label=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file in UTF-8 or an Excel workbook (.xlsx). The first row names the columns. At "
            "most %(size)d MB, %(rows)s rows, %(columns)d columns and %(chars)s characters in one "
            "cell.") % {"size": settings.KOPA_IMPORT_MAX_BYTES // (1024 * 1024),
                        "rows": intcomma(settings.KOPA_IMPORT_MAX_ROWS),
                        "columns": settings.KOPA_IMPORT_MAX_COLUMNS,
                        "chars": intcomma(settings.KOPA_IMPORT_MAX_CELL_CHARS)}
        self.fields["agency"].queryset = agencies
        self.only_agency = agencies.first() if len(agencies) == 1 else None
        if self.only_agency is not None:  # nothing to choose
            del self.fields["agency"]

    def chosen_agency(self):
        return self.only_agency or self.cleaned_data["agency"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KOPA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB. Split it into smaller files.")
                % {"size": limit // (1024 * 1024)}
            )
        return upload


class ImportConfirmForm(ServiceErrorsMixin, forms.Form):
    mode = forms.ChoiceField(
        label=_("How to import"), choices=ImportBatch.Mode.choices, widget=forms.RadioSelect,
        initial=ImportBatch.Mode.ALL_OR_NOTHING,
    )
