"""The token page in the user's own area, and the API's documentation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_from_request, override
from django.utils.translation import gettext as _

from kopa.api import selectors, services
from kopa.api.docs import api_sections
from kopa.api.forms import TokenForm
from kopa.core.http import posted_id
from kopa.core.web import submit


@login_required
def tokens(request):
    if "revoke" in request.POST:
        services.token_revoke(user=request.user, token_id=posted_id(request, "revoke"))
        messages.success(request, _("The token is revoked."))
        return redirect("api:tokens")
    form = TokenForm(request.POST or None)
    new_key = None
    created = submit(request, form, lambda: services.token_create(user=request.user, name=form.cleaned_data["name"]))
    if created is not None:
        _token, new_key = created
        form = TokenForm()
    return render(request, "api/tokens.html", {
        "form": form, "new_key": new_key, "tokens": selectors.tokens_of(request.user),
    })


def docs(request):
    """The API documentation, generated from the OpenAPI document, in the site's layout."""
    info, sections = api_sections()
    return render(request, "api/docs.html", {"info": info, "sections": sections})


def docs_redirect(request):
    """/api/docs/ leads to the documentation page in the visitor's language."""
    with override(get_language_from_request(request)):
        return redirect(reverse("api:docs"))
