"""The site's own pages: the home page, sign-up and e-mail confirmation, and "my area"."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kopa.agencies.selectors import is_agency_staff
from kopa.core.http import site_url
from kopa.core.throttling import rate_limit
from kopa.directory.organisations.selectors import (
    organisations_to_join,
    public_organisation_list,
    representations_of,
)
from kopa.directory.people.selectors import affiliations_of_account
from kopa.directory.proposals.selectors import proposals_of
from kopa.directory.rules import typed_oid
from kopa.matchmaking.meetings.selectors import meeting_events_of
from kopa.programmes.selectors import partnership_list
from kopa.site.forms import OrganisationSearchForm, SignupForm
from kopa.site.services import account_verify, signup, signup_country


def home(request):
    return render(request, "site/home.html", {
        "organisation_count": public_organisation_list().count(),
        "partnerships": partnership_list()[:6],
    })


@rate_limit("signup", fields=("email",))
def signup_view(request):
    if request.user.is_authenticated:
        return redirect("site:my_home")
    form = SignupForm(request.POST if request.method == "POST" else None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        signup(data=form.cleaned_data, base_url=site_url(request))  # the same answer for a known address
        return render(request, "site/signup_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "site/signup.html", {"form": form})


def verify_email(request, uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "site/verify_failed.html", status=400)
    account_verify(user=user, country=signup_country(request.GET.get("c", "")))
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Thank you: your e-mail address is confirmed."))
    return redirect("site:my_home")


@login_required
def my_home(request):
    """"My area": the person's organisations (represented, claimed, proposed) and a search to add one."""
    search = OrganisationSearchForm(request.GET or None)
    q = search.cleaned_data["q"].strip() if search.is_bound and search.is_valid() else ""
    return render(request, "site/my_home.html", {
        "representations": representations_of(request.user),
        "affiliations": affiliations_of_account(request.user),
        "proposals": proposals_of(request.user),
        "search": search,
        "q": q,
        "found": organisations_to_join(q=q) if q else [],
        "found_oid": typed_oid(q),
        "is_staff": is_agency_staff(request.user),
        "meeting_events": meeting_events_of(request.user),
    })
