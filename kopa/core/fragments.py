"""Rendered fragments kept per process: what many requests render identically, rendered once.

`form_html(form)` is `includes/form.html` for a **filter form** (the directory's 249 countries and
every language, the calendar's filters, a status filter): the same form class with the same input, in
the same language and with the same choices, renders the same HTML for everyone, so it is rendered once
and kept in a small per-process LRU. The key holds everything the HTML is made of — the language, the
form's class, prefix and fields, the input (the visitor's own query string), the initial values and
each field's choices — so a new target group or a renamed language shows at once, and nothing of one
visitor (no CSRF token, no name, no scope) is in a fragment. Only forms without personal choices
belong here; a form whose choices depend on who asks (a list of their own campaigns) must not use it.
`include_html(template, context, key_parts)` does the same for a list's row (a directory card): the
caller names in `key_parts` every value the row shows (the organisation's fields, the link), so an
edited row renders afresh and the key is only ever reached again by a row that looks the same.

`KOPA_FRAGMENT_CACHE_SIZE` (default 512) bounds the fragments per process; 0 turns it off.
"""

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_lock = threading.Lock()
_fragments: OrderedDict[str, str] = OrderedDict()


def size() -> int:
    return int(getattr(settings, "KOPA_FRAGMENT_CACHE_SIZE", 512))


def _form_key(form, template: str) -> str:
    parts = [template, get_language() or "", f"{type(form).__module__}.{type(form).__qualname__}",
             str(form.prefix), str(form.auto_id), repr(sorted(form.initial.items()))]
    for name, field in form.fields.items():
        parts.append(name)
        parts.append(repr(field.initial))
        if hasattr(field, "choices"):
            parts.append(repr([(str(value), str(label)) for value, label in field.choices]))
        if form.is_bound:
            html_name = form.add_prefix(name)
            getter = getattr(form.data, "getlist", None)
            parts.append(repr(getter(html_name) if getter else form.data.get(html_name)))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def form_html(form, template: str = "includes/form.html") -> SafeString:
    """`template` rendered with `form`, from this process's fragments when it was rendered before."""
    if size() <= 0:
        return mark_safe(render_to_string(template, {"form": form}))  # noqa: S308 (rendered template)
    return _kept(_form_key(form, template), template, {"form": form})


def include_html(template: str, context: dict, key_parts) -> SafeString:
    """`template` rendered with `context`, kept under `key_parts` (every value the fragment shows)
    and the page's language."""
    if size() <= 0:
        return mark_safe(render_to_string(template, context))  # noqa: S308 (rendered template)
    key = hashlib.sha256("\x00".join([template, get_language() or "", *map(repr, key_parts)]).encode()).hexdigest()
    return _kept(key, template, context)


def _kept(key: str, template: str, context: dict) -> SafeString:
    with _lock:
        html = _fragments.get(key)
        if html is not None:
            _fragments.move_to_end(key)
    if html is None:
        html = render_to_string(template, context)
        with _lock:
            _fragments[key] = html
            while len(_fragments) > size():
                _fragments.popitem(last=False)
    return mark_safe(html)  # noqa: S308 (a rendered template)


def count() -> int:
    """How many fragments this process keeps."""
    return len(_fragments)


def clear() -> None:
    with _lock:
        _fragments.clear()
