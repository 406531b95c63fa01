from urllib.parse import urlencode

from django import forms, template

from kopa.core.audit import changes_for_reader
from kopa.core.fragments import form_html
from kopa.core.i18n import pick

register = template.Library()


@register.filter
def translated(texts) -> str:
    """Organiser-written text in the current language, with fallback."""
    return pick(texts)


@register.filter
def reader_changes(entry) -> list:
    """An audit entry's changes with field names and values in the reader's language."""
    return changes_for_reader(entry)


@register.simple_tag
def display_url(request, mode: str) -> str:
    params = request.GET.copy()
    params["display"] = mode
    return f"{request.path}?{params.urlencode()}"


@register.simple_tag
def page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = number
    params.pop("display", None)
    return f"{request.path}?{params.urlencode()}"


@register.simple_tag
def query_with(request, **kwargs) -> str:
    params = request.GET.copy()
    params.pop("display", None)
    params.pop("page", None)
    for key, value in kwargs.items():
        params[key] = value
    return "?" + urlencode(list(params.lists()), doseq=True)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi_checkbox(field) -> bool:
    return isinstance(field.field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))


@register.filter
def with_described_by(field):
    """Render a field with aria-describedby pointing at its help and errors, and aria-invalid."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def filter_form(form):
    """A filter form's fields (`includes/form.html`), rendered once per language and input
    (`kopa.core.fragments`): only for forms whose choices are the same for everyone."""
    return form_html(form)
