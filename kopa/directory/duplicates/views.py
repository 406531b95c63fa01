"""Staff pages for organisations entered twice: the possible duplicates, and merging two into one."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from kopa.agencies.access import staff_required, writer_required
from kopa.core.jobs import job_start
from kopa.core.web import submit
from kopa.directory.access import organisation_in_inventory
from kopa.directory.duplicates import selectors
from kopa.directory.duplicates.forms import MergeForm
from kopa.directory.rules import SIMILARITY_THRESHOLD

PAIRS_PER_PAGE = 50


@staff_required
def duplicate_list(request):
    pairs = selectors.duplicate_pairs(user=request.user)
    return render(request, "directory/duplicates/duplicates.html", {
        "page_obj": Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page")),
        "threshold": SIMILARITY_THRESHOLD,
    })


@staff_required
@writer_required
def merge(request, pk: int):
    org = organisation_in_inventory(user=request.user, pk=pk)
    other_id = request.POST.get("other") or request.GET.get("other")
    other = organisation_in_inventory(user=request.user, pk=other_id) if other_id else None
    if other is None or other.pk == org.pk:
        return render(request, "directory/duplicates/merge_pick.html", {
            "org": org, "candidates": selectors.similar_in_scope(user=request.user, organisation=org),
            "same": other is not None,
        })
    form = MergeForm(request.POST or None, first=org, second=other)

    def merge_chosen():
        keep, merged = form.keep_and_merge()
        return job_start(actor=request.user, kind="kopa.directory.jobs:MERGE",
                         parameters={"keep": keep.pk, "merge": merged.pk})

    # The merge runs in the background; its page says when it is done and links the kept record.
    job = submit(request, form, merge_chosen)
    if job is not None:
        return redirect("core:job", public_id=job.public_id)
    return render(request, "directory/duplicates/merge.html", {
        "org": org, "other": other, "form": form,
        "rows": selectors.merge_comparison(user=request.user, first=org, second=other),
    })
