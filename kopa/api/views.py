"""The token page in the user's own area."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.api import services
from kopa.api.models import ApiToken
from kopa.core.errors import NotFound, ValidationFailed


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the new token"), max_length=80,
                           help_text=gettext_lazy("For example the name of the tool that will use it."))


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        try:
            services.token_revoke(user=request.user, token_id=int(request.POST["revoke"]))
        except (NotFound, ValueError) as exc:
            raise Http404() from exc
        messages.success(request, _("The token is revoked."))
        return redirect("api:tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.token_create(user=request.user, name=form.cleaned_data["name"])
            form = TokenForm()
        except ValidationFailed as exc:
            for field, errors in exc.fields.items():
                for e in errors:
                    form.add_error(field, e)
    return render(request, "api/tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user),
    })
