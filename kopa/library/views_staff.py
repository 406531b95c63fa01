"""The library's back office: an agency's resources, drafts included; create, edit, upload a file or
link a video per language, publish.

Views parse the request and call one selector or service; a resource of another agency is a 404
(`kopa.library.access`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_required, writer_required
from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.web import submit
from kopa.library import access, selectors, services
from kopa.library.forms import ResourceForm, VersionForm

PAGE_SIZE = 25


@staff_required
def resource_list(request):
    resources = selectors.staff_resources(request.user).order_by("-updated_at", "-pk")
    return render(request, "library/staff/list.html", {
        "page_obj": Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@staff_required
def resource_detail(request, pk: int):
    resource = access.resource_for_staff(user=request.user, pk=pk)
    return render(request, "library/staff/detail.html", {
        "resource": resource, "versions": resource.versions.all(),
        "may_change": access.may_change(request.user, resource),
        "history": audit.history_for(resource)[:50],
    })


@staff_required
@writer_required
def resource_create(request):
    form = ResourceForm(request.POST or None, user=request.user)
    saved = submit(request, form, lambda: services.resource_create(
        actor=request.user, agency=form.cleaned_data["agency"], data=form.to_service_data()),
        success=_("The resource is saved as a draft. Add its files next."))
    if saved is not None:
        return redirect("library:staff_version", pk=saved.pk)
    return render(request, "library/staff/edit.html", {
        "form": form, "title": _("Add a resource to the library"), "back_url": reverse("library:staff_list"),
    })


@staff_required
@writer_required
def resource_edit(request, pk: int):
    resource = access.resource_for_writer(user=request.user, pk=pk)
    form = ResourceForm(request.POST or None, user=request.user, instance=resource)
    saved = submit(request, form, lambda: services.resource_update(
        actor=request.user, resource=resource, data=form.to_service_data()),
        success=_("The resource is saved."))
    if saved is not None:
        return redirect("library:staff_detail", pk=saved.pk)
    return render(request, "library/staff/edit.html", {
        "form": form, "title": _("Edit %(title)s") % {"title": resource},
        "back_url": reverse("library:staff_detail", args=[resource.pk]),
    })


@staff_required
@writer_required
def version_add(request, pk: int):
    """Upload a file, or link a video, in one language (replacing what that language had)."""
    resource = access.resource_for_writer(user=request.user, pk=pk)
    form = VersionForm(request.POST or None, request.FILES or None)

    def save():
        data = form.cleaned_data
        if data.get("file"):
            return services.version_upload(actor=request.user, resource=resource, language=data["language"],
                                           upload=data["file"])
        return services.version_video(actor=request.user, resource=resource, language=data["language"],
                                      url=data["video_url"])

    saved = submit(request, form, save, success=_("The language version is saved. Its text is being read for "
                                                  "search; this page shows when it is done."))
    if saved is not None:
        return redirect("library:staff_detail", pk=resource.pk)
    return render(request, "library/staff/version.html", {
        "form": form, "resource": resource, "versions": resource.versions.all(),
        "max_mb": round(form.max_bytes / (1024 * 1024), 1),
    })


@require_POST
@staff_required
def resource_publish(request, pk: int):
    resource = access.resource_for_writer(user=request.user, pk=pk)
    try:
        services.resource_publish(actor=request.user, resource=resource)
    except (ValidationFailed, Conflict) as exc:
        fields = getattr(exc, "fields", None) or {}
        messages.error(request, " ".join(str(m) for ms in fields.values() for m in ms) or str(exc.message))
    else:
        messages.success(request, _("The resource is published."))
    return redirect("library:staff_detail", pk=resource.pk)
