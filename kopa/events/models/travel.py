"""Travel: offline places, Erasmus+ distance bands and grants, travel details and ride sharing."""

from django_countries.fields import CountryField

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private
from kopa.events.models.event import Event
from kopa.events.models.registration import Registration


class Place(models.Model):
    """A town with coordinates, from offline GeoNames data shipped with Kopa (no network at run time)."""

    geonames_id = models.PositiveIntegerField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    ascii_name = models.CharField(max_length=200, db_index=True)
    country = CountryField(_("country"), db_index=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=5)
    longitude = models.DecimalField(max_digits=9, decimal_places=5)
    population = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-population", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return f"{self.name} ({self.country.code})"


class TransportMode(models.TextChoices):
    TRAIN = "train", _("Train")
    BUS = "bus", _("Bus or coach")
    CAR_SHARED = "car_shared", _("Shared car (car-pooling)")
    BIKE = "bike", _("Bicycle")
    OTHER_GREEN = "other_green", _("Other low-emission transport")
    CAR = "car", _("Car (alone)")
    PLANE = "plane", _("Plane")
    FERRY = "ferry", _("Ferry")


# Low-emission means for the main part of the trip, as the programme defines green travel.
GREEN_MODES = frozenset({TransportMode.TRAIN, TransportMode.BUS, TransportMode.CAR_SHARED,
                         TransportMode.BIKE, TransportMode.OTHER_GREEN})


class BandTable(models.Model):
    """The distance-band grant table for a range of call years (editable by an agency admin)."""

    name = models.CharField(_("name"), max_length=100)
    first_call_year = models.PositiveSmallIntegerField(_("from call year"))
    last_call_year = models.PositiveSmallIntegerField(_("to call year"), null=True, blank=True)

    class Meta:
        ordering = ["first_call_year"]
        verbose_name = _("travel grant table")
        verbose_name_plural = _("travel grant tables")
        constraints = [
            models.UniqueConstraint(fields=["first_call_year"], name="one_band_table_per_start_year"),
            models.CheckConstraint(
                condition=Q(last_call_year__isnull=True) | Q(last_call_year__gte=F("first_call_year")),
                name="band_table_years_in_order",
            ),
        ]

    def __str__(self):
        return self.name


class DistanceBand(models.Model):
    table = models.ForeignKey(BandTable, on_delete=models.CASCADE, related_name="bands")
    min_km = models.PositiveIntegerField(_("from km"))
    max_km = models.PositiveIntegerField(_("to km"), null=True, blank=True, help_text=_("Empty: no upper limit."))
    standard_eur = models.DecimalField(_("standard amount (EUR)"), max_digits=7, decimal_places=2, null=True, blank=True)
    green_eur = models.DecimalField(_("green travel amount (EUR)"), max_digits=7, decimal_places=2, null=True, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Untick while the amount is not confirmed by the programme.")
    )

    class Meta:
        ordering = ["table", "min_km"]
        verbose_name = _("distance band")
        verbose_name_plural = _("distance bands")
        constraints = [
            models.UniqueConstraint(fields=["table", "min_km"], name="one_band_per_start_km"),
            models.CheckConstraint(
                condition=Q(max_km__isnull=True) | Q(max_km__gt=F("min_km")), name="band_ends_after_start"
            ),
        ]

    def __str__(self):
        upper = f"–{self.max_km:,}" if self.max_km is not None else "+"
        return f"{self.min_km:,}{upper} km"


class TravelDetails(models.Model):
    """How a participant travels (part of the private participation data, purged with it)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="travel")
    origin = private(models.ForeignKey(
        Place, verbose_name=_("travelling from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    ))
    mode = models.CharField(_("main means of transport"), max_length=20, choices=TransportMode.choices)
    green = models.BooleanField(_("green travel"), default=False, editable=False)
    distance_km = models.PositiveIntegerField(_("distance (km)"), null=True, blank=True, editable=False)
    band = models.ForeignKey(
        DistanceBand, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    grant_eur = models.DecimalField(
        _("travel grant (EUR)"), max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    arrival = private(models.DateTimeField(_("arrival"), null=True, blank=True))
    departure = private(models.DateTimeField(_("departure"), null=True, blank=True))

    class Meta:
        verbose_name = _("travel details")
        verbose_name_plural = _("travel details")
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival__isnull=True) | Q(departure__isnull=True) | Q(departure__gt=F("arrival")),
                name="departure_after_arrival",
            )
        ]

    def __str__(self):
        return f"travel #{self.pk}"


class RideOffer(models.Model):
    """A driver offers seats from a town to the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ride_offers")
    driver = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="ride_offers")
    origin = private(models.ForeignKey(Place, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"))
    seats = models.PositiveSmallIntegerField(_("free seats"))
    notes = private(models.CharField(_("notes"), max_length=300, blank=True))

    class Meta:
        verbose_name = _("ride offer")
        verbose_name_plural = _("ride offers")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=8), name="ride_seats_sane"),
            models.UniqueConstraint(fields=["event", "driver"], name="one_ride_offer_per_driver"),
        ]

    def __str__(self):
        return f"{self.origin} ({self.seats})"


class RideRequest(models.Model):
    """A participant asks for a ride; `offer` is set when a driver's offer is agreed."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ride_requests")
    passenger = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="ride_requests")
    origin = private(models.ForeignKey(Place, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"))
    offer = models.ForeignKey(
        RideOffer, null=True, blank=True, on_delete=models.SET_NULL, related_name="passengers"
    )

    class Meta:
        verbose_name = _("ride request")
        verbose_name_plural = _("ride requests")
        constraints = [
            models.UniqueConstraint(fields=["event", "passenger"], name="one_ride_request_per_passenger")
        ]

    def __str__(self):
        return f"{self.passenger_id} from {self.origin}"
