"""Forms for travel details, band tables and ride sharing.

A town is picked from the offline place list: a search (GET ?place_q=) lists matching towns, and
the form offers them as radio buttons, so the page works without JavaScript.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import ServiceErrorsMixin, within_date_bounds
from kopa.events.models import DistanceBand, Place, TransportMode


class PlaceSearchForm(forms.Form):
    place_q = forms.CharField(
        label=_("Find your town"),
        required=False,
        max_length=100,
        help_text=_("Type at least the first two letters of the town's name, then search."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-place-search": ""}),
    )


def _place_label(place: Place) -> str:
    return f"{place.name}, {place.country.name}"




class PlaceChoiceMixin(ServiceErrorsMixin):
    """Offers `candidates` (search results and the towns already chosen) as the origin's choices."""

    def set_places(self, candidates) -> None:
        seen, choices = set(), []
        for place in candidates:
            if place is not None and place.pk not in seen:
                seen.add(place.pk)
                choices.append((place.pk, _place_label(place)))
        self.fields["origin"].widget.choices = choices
        self.has_places = bool(choices)

    def chosen_place(self) -> Place | None:
        """The town picked in the submitted data, to keep offering it when the form is shown again."""
        value = self.data.get(self.add_prefix("origin")) if self.is_bound else None
        return Place.objects.filter(pk=value).first() if value and str(value).isdigit() else None


def _origin_field(label):
    return forms.ModelChoiceField(
        label=label,
        queryset=Place.objects.all(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose a town from the list.")},
    )


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        validators=[within_date_bounds],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time at the venue, for example 2027-04-29 16:00."),
    )


class TravelForm(PlaceChoiceMixin, forms.Form):
    origin = _origin_field(_("Travelling from"))
    mode = forms.ChoiceField(
        label=_("Main means of transport"),
        choices=[("", "---------"), *TransportMode.choices],
        help_text=_(
            "Train, bus or coach, a shared car, a bicycle and other low-emission transport count as green travel."
        ),
    )
    arrival = _datetime_field(_("Arrival"))
    departure = _datetime_field(_("Departure"))

    def clean_origin(self):
        origin = self.cleaned_data.get("origin")
        if origin is None:
            raise forms.ValidationError(_("Search for the town you travel from and choose it."))
        return origin

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival"), data.get("departure")
        if arrival and departure and departure <= arrival:
            self.add_error("departure", _("The departure must be after the arrival."))
        return data


class BandForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = DistanceBand
        fields = ["standard_eur", "green_eur", "confirmed"]
        help_texts = {
            "green_eur": _("Empty: no green rate; green travel gets the standard amount.")
        }


class RideOfferForm(PlaceChoiceMixin, forms.Form):
    origin = _origin_field(_("Driving from"))
    seats = forms.IntegerField(label=_("Free seats"), min_value=1, max_value=8)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=300,
        help_text=_("For example when you leave and where you can pick people up."),
    )

    def clean_origin(self):
        origin = self.cleaned_data.get("origin")
        if origin is None:
            raise forms.ValidationError(_("Search for the town you drive from and choose it."))
        return origin


class RideRequestForm(PlaceChoiceMixin, forms.Form):
    origin = _origin_field(_("Travelling from"))

    def clean_origin(self):
        origin = self.cleaned_data.get("origin")
        if origin is None:
            raise forms.ValidationError(_("Search for the town you travel from and choose it."))
        return origin
