"""Paging of every list in the API, with one rule for what is not a page:

- `page` is a whole number from 1; `page_size` a whole number from 1 to 200 (25 when left out).
  Anything else (0, -1, "abc", 1.5) is a 400 `validation_failed` naming `page` or `page_size`.
- A page after the last one is a 404 `not_found` that says how many pages there are. Page 1 of an
  empty list is an empty page, not a 404.

The big lists (organisations, events, an event's registrations, a campaign's interactions) also page
by **cursor** (`DeepPagination`): `cursor=` (empty) starts at the beginning, and every answer's `next`
carries an opaque, signed `cursor` for the following page. A cursor holds the sort values of the last
row it handed out (the list's ordering always ends with the unique `id`), so a deep page costs the
same as the first (no OFFSET, no COUNT) and rows added or removed meanwhile neither repeat nor skip
one. A cursor that was changed, belongs to another list or cannot be read is a 400 naming `cursor`.
Cursor pages have no `count` and no `previous`.
"""

import datetime
import hashlib

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.paginator import InvalidPage
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.errors import NotFound, ValidationFailed

MAX_PAGE = 2_147_483_647


def whole_number(raw: str, name: str, *, maximum: int) -> int:
    """`raw` as a whole number from 1 to `maximum`; a ValidationFailed naming `name` otherwise."""
    text = raw.strip()
    if text.isascii() and text.isdigit() and len(text) <= 10 and 1 <= int(text) <= maximum:
        return int(text)
    message = _("Give a whole number from 1 to %(maximum)s.") % {"maximum": maximum}
    raise ValidationFailed(message, fields={name: [message]})


class KopaPagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()
    page_query_description = gettext_lazy(
        "The page, from 1. A number that is not a page is a 400; a page after the last one a 404."
    )
    page_size_query_description = gettext_lazy("Results per page, from 1 to 200 (25 when left out).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return whole_number(raw, self.page_size_query_param, maximum=self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param)
        number = 1 if raw is None else whole_number(raw, self.page_query_param, maximum=MAX_PAGE)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(_("There is no page %(page)s; the last page is %(pages)s.")
                           % {"page": number, "pages": paginator.num_pages}) from exc
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        page, page_size = super().get_schema_operation_parameters(view)
        page["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
        page_size["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return [page, page_size]


CURSOR_SALT = "kopa.api.cursor"


def _ordering(queryset) -> list[tuple[str, bool]]:
    """The queryset's ordering as (field name, descending), ending with the unique `id`."""
    names = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    order = []
    for name in names:
        if not isinstance(name, str):
            raise ImproperlyConfigured(f"Cursor paging needs plain field names, not {name!r}.")
        descending = name.startswith("-")
        field_name = "id" if name.lstrip("-") == "pk" else name.lstrip("-")
        try:
            field = queryset.model._meta.get_field(field_name)
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(f"Cursor paging cannot order by {name!r}.") from exc
        if field.null:
            raise ImproperlyConfigured(f"Cursor paging cannot order by the nullable {name!r}.")
        order.append((field_name, descending))
        if field_name == "id":
            return order
    return [*order, ("id", bool(order) and order[-1][1])]


def _after(order: list[tuple[str, bool]], values: list) -> Q:
    """Rows after the row whose sort values are `values`, in `order`."""
    condition = Q(pk__in=[])
    for index, (name, descending) in enumerate(order):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        for earlier, (earlier_name, _descending) in enumerate(order[:index]):
            step &= Q(**{earlier_name: values[earlier]})
        condition |= step
    return condition


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


class DeepPagination(KopaPagination):
    """Page numbers as before, and an opaque `cursor` for deep pages (see the module's description)."""

    cursor_query_param = "cursor"
    cursor_query_description = gettext_lazy(
        "Cursor paging for deep pages: leave it empty to start, then follow `next`. "
        "A cursor that was changed or belongs to another list is a 400."
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        page_size = self.get_page_size(request)
        order = _ordering(queryset)
        self.signature = hashlib.sha256(
            f"{request.path}|{order}".encode()).hexdigest()[:16]
        raw = request.query_params[self.cursor_query_param]
        if raw:
            queryset = queryset.filter(_after(order, self._values(raw, order, queryset.model)))
        rows = list(queryset[:page_size + 1])
        self.has_next = len(rows) > page_size
        rows = rows[:page_size]
        self.next_cursor = None
        if self.has_next:
            last = rows[-1]
            self.next_cursor = signing.dumps(
                {"s": self.signature, "v": [_plain(getattr(last, name)) for name, _d in order]},
                salt=CURSOR_SALT, compress=True)
        return rows

    def _values(self, raw: str, order, model) -> list:
        message = _("This cursor is not valid for this list; start again with an empty cursor.")
        try:
            data = signing.loads(raw, salt=CURSOR_SALT)
            if not isinstance(data, dict) or data.get("s") != self.signature or len(data["v"]) != len(order):
                raise ValueError("another list")
            return [model._meta.get_field(name).to_python(value) for (name, _d), value in zip(order, data["v"], strict=True)]
        except Exception as exc:  # whatever cannot be read back (bad signature, bad JSON, bad value)
            raise ValidationFailed(message, fields={self.cursor_query_param: [message]}) from exc

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        return Response({"next": self.get_next_link(), "results": data})

    def get_next_link(self):
        if not self.cursor_mode:
            return super().get_next_link()
        if not self.has_next:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["results"]
        described["description"] = str(_("With `cursor`, the answer has only `next` and `results`."))
        return described

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": str(self.cursor_query_description),
            "schema": {"type": "string", "maxLength": 2000},
        }]
