"""Select widgets that render long option lists (countries, languages) without a template per option.

Django renders every <option> through the template engine; for the ~250 countries that dominated the
directory page's rendering time. These produce the same markup directly.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _options(choices, selected: set[str]) -> str:
    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            parts.append(f'<optgroup label="{escape(value)}">{_options(label, selected)}</optgroup>')
            continue
        key = "" if value is None else str(value)
        mark = " selected" if key in selected else ""
        parts.append(f'<option value="{escape(key)}"{mark}>{escape(label)}</option>')
    return "".join(parts)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        return mark_safe(f"<select{flatatt(final)}>{_options(self.choices, selected)}</select>")


class FastSelectMultiple(forms.SelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        return mark_safe(f"<select multiple{flatatt(final)}>{_options(self.choices, selected)}</select>")
