"""Saved searches of partner requests: "E-mail me new requests like these" from the public list,
the confirmation and unsubscribe links (signed, no login needed) and one's own saved searches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kopa.core.throttling import rate_limit
from kopa.core.web import submit
from kopa.matchmaking.alerts import selectors, services
from kopa.matchmaking.alerts.forms import SaveSearchForm


def _described(query: str) -> list[tuple[str, str]]:
    data = QueryDict(query)
    return [(name, ", ".join(data.getlist(name))) for name in data]


@rate_limit("saved_search", fields=("email",), anonymous_only=True)
def alert_new(request):
    signed_in = request.user.is_authenticated
    initial = {"query": request.GET.urlencode()}
    form = SaveSearchForm(request.POST or None, initial=initial, signed_in=signed_in)
    saved = submit(request, form, lambda: services.search_save(
        actor=request.user, query=form.cleaned_data.get("query", ""), language=get_language() or "en",
        email=form.cleaned_data.get("email", "")),
        success=_("Saved: new requests like these come by e-mail once a day.") if signed_in
        else _("Almost done: open the link we sent to your address to start the alerts."))
    if saved is not None:
        return redirect("matchmaking:my_alerts" if signed_in else "matchmaking:public_list")
    query = form["query"].value() or ""
    return render(request, "matchmaking/alerts/new.html", {
        "form": form, "filters": _described(query),
        "list_url": reverse("matchmaking:public_list") + (f"?{query}" if query else ""),
    })


def alert_confirm(request, token: str):
    services.search_confirm(token=token)
    messages.success(request, _("Confirmed: new partner requests like these come by e-mail once a day."))
    return redirect("matchmaking:public_list")


def alert_unsubscribe(request, token: str):
    """One click from the e-mail, without logging in; a second click finds nothing left to stop."""
    services.search_unsubscribe(token=token)
    return render(request, "matchmaking/alerts/unsubscribed.html")


@login_required
def my_alerts(request):
    if request.method == "POST":
        search = selectors.my_saved_search(user=request.user, pk=request.POST.get("delete", ""))
        services.search_delete(actor=request.user, search=search)
        messages.success(request, _("The saved search is deleted."))
        return redirect("matchmaking:my_alerts")
    searches = [(s, _described(s.query)) for s in selectors.my_saved_searches(request.user)]
    return render(request, "matchmaking/alerts/my_list.html", {"searches": searches,
                                                               "list_url": reverse("matchmaking:public_list")})


