"""Public library pages: the list with search and filters, a resource with its language versions,
the downloads and an Atom feed of new resources. Anonymous visitors get cached copies
(`kopa.core.pagecache`, family "library", raised by every change the services make)."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from kopa.core.errors import NotFound
from kopa.core.pagecache import anonymous_page
from kopa.library import files, selectors
from kopa.library.access import resource_for_reader
from kopa.library.forms import LibrarySearchForm
from kopa.library.models import ResourceVersion

PAGE_SIZE = 20


@anonymous_page("library", "directory")
def resource_list(request):
    form = LibrarySearchForm(request.GET or None)
    results = selectors.search_public(form.filters())
    page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "library/list.html", {
        "form": form, "page_obj": page_obj, "searched": bool(form.is_bound and form.filters().q),
    })


@anonymous_page("library", "directory", "programmes", "events")
def resource_detail(request, pk: int):
    resource = resource_for_reader(user=request.user, pk=pk)
    return render(request, "library/detail.html", {"resource": resource, "versions": resource.versions.all()})


def download(request, pk: int, language: str):
    """A language version's file: everyone for a published public resource, the owning agency's
    staff otherwise (404 for anyone else)."""
    resource = resource_for_reader(user=request.user, pk=pk)
    version = selectors.version_of(resource, language)
    if version.format == ResourceVersion.Format.VIDEO or not version.file:
        raise NotFound()
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.filename,
                            content_type=files.CONTENT_TYPES.get(version.format, "application/octet-stream"))
    response["Cache-Control"] = "public, max-age=300" if resource.is_public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class LatestResourcesFeed(Feed):
    """The newest published public resources, as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Kopa library: new resources")
    subtitle = _("Guidelines, compendiums, reports, toolkits and videos from youth-work agencies.")
    link = reverse_lazy("library:list")

    def __call__(self, request, *args, **kwargs):
        return anonymous_page("library")(super().__call__)(request, *args, **kwargs)

    def items(self):
        return selectors.latest_public()

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.summary_text

    def item_link(self, item):
        return reverse("library:detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at or timezone.now()

    def item_author_name(self, item):
        return str(item.agency)
