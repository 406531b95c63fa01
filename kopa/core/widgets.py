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


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose <input> tags (what `includes/field.html` asks of each choice) are written
    directly instead of through a template each: the same markup, for long lists (campaigns)."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name != self.option_template_name or widget.get("wrap_label"):
            return super()._render(template_name, context, renderer)
        attrs = "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in widget["attrs"].items()
            if value is not False
        )
        value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        return mark_safe(f'<input type="{widget["type"]}" name="{escape(widget["name"])}"{value}{attrs}>')
