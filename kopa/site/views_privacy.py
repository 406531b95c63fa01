"""A person's own data: "My data" (and its download) and "Delete my account"."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kopa.core import privacy
from kopa.core.http import site_url
from kopa.site.account_deletion import (
    DELETION_LINK_HOURS,
    account_delete,
    deletion_request,
    user_for_deletion_token,
)


def subject_of(user) -> privacy.Subject:
    return privacy.Subject(user=user, email=user.email)


@login_required
def my_data(request):
    return render(request, "site/my_data.html", {"sections": privacy.subject_data(subject_of(request.user))})


@login_required
def my_data_json(request):
    return privacy.export_response(subject_of(request.user), "kopa-my-data.json")


@login_required
@require_http_methods(["GET", "POST"])
def my_delete(request):
    """What deleting the account does; the button e-mails the link that deletes."""
    if request.method == "POST":
        deletion_request(user=request.user, base_url=site_url(request))
        return render(request, "site/my_delete_sent.html", {"email": request.user.email})
    return render(request, "site/my_delete.html", {"hours": DELETION_LINK_HOURS})


@require_http_methods(["GET", "POST"])
def my_delete_confirm(request, token: str):
    """The page the e-mailed link opens: only its POST deletes the account, and logs out."""
    user = user_for_deletion_token(token)
    if user is None:
        return render(request, "site/my_delete_failed.html", status=400)
    if request.method == "POST":
        account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("site:home")
    return render(request, "site/my_delete_confirm.html", {"account": user})
