"""Paging of every list in the API, with one rule for what is not a page:

- `page` is a whole number from 1; `page_size` a whole number from 1 to 200 (25 when left out).
  Anything else (0, -1, "abc", 1.5) is a 400 `validation_failed` naming `page` or `page_size`.
- A page after the last one is a 404 `not_found` that says how many pages there are. Page 1 of an
  empty list is an empty page, not a 404.
"""

from rest_framework.pagination import PageNumberPagination

from django.core.paginator import InvalidPage
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
