"""The token page in the user's own area."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.api import selectors, services
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
