"""Forms for rooms: room types (a name per language), adding rooms, requests and allocations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kopa.core.forms import MultilingualForm, ServiceErrorsMixin, within_date_bounds
from kopa.events.models import RoomType


def _night_field(label):
    return forms.DateField(
        label=label,
        validators=[within_date_bounds],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date of the evening you go to bed, for example 2027-04-29."),
    )


class RoomTypeForm(MultilingualForm):
    TEXTS = {"name": (_("Name"), False, True)}
    SCALARS = ("places", "covered")

    places = forms.IntegerField(label=_("Beds per room"), min_value=1, max_value=20)
    covered = forms.BooleanField(label=_("Covered by the organiser"), required=False, initial=True)


class RoomsAddForm(ServiceErrorsMixin, forms.Form):
    room_type = forms.ModelChoiceField(label=_("Room type"), queryset=RoomType.objects.none())
    count = forms.IntegerField(label=_("Number of rooms"), min_value=1, max_value=200)
    prefix = forms.CharField(
        label=_("Label before the number"),
        required=False,
        max_length=20,
        help_text=_("For example “A” gives rooms A1, A2 …; leave empty for numbers only."),
    )
    first_number = forms.IntegerField(label=_("First number"), min_value=0, initial=1)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].queryset = RoomType.objects.filter(event=event)
        self.fields["room_type"].label_from_instance = _room_type_label


class RoomRequestForm(ServiceErrorsMixin, forms.Form):
    room_type = forms.ModelChoiceField(label=_("Room type"), queryset=RoomType.objects.none())
    first_night = _night_field(_("First night"))
    last_night = _night_field(_("Last night"))
    share_with = forms.CharField(
        label=_("I would like to share with"),
        required=False,
        max_length=200,
        help_text=_("Names of other participants, if you wish."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].queryset = RoomType.objects.filter(event=event)
        self.fields["room_type"].label_from_instance = _room_type_label

    def clean(self):
        data = super().clean()
        first, last = data.get("first_night"), data.get("last_night")
        if first and last and last < first:
            self.add_error("last_night", _("The last night cannot be before the first night."))
        return data


def _room_type_label(room_type: RoomType) -> str:
    return _("%(name)s (%(beds)s beds)") % {"name": room_type, "beds": room_type.places}


class AllocateForm(ServiceErrorsMixin, forms.Form):
    registration = forms.TypedChoiceField(label=_("Participant"), coerce=int)
    room = forms.TypedChoiceField(label=_("Room"), coerce=int)

    def __init__(self, *args, participants, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        people = []
        for registration in participants:
            request = getattr(registration, "room_request", None)
            label = registration.full_name
            if request is not None:
                label = _("%(name)s – asks for: %(type)s") % {
                    "name": label,
                    "type": request.room_type,
                }
            people.append((registration.pk, label))
        self.fields["registration"].choices = [("", "---------"), *people]
        self.fields["room"].choices = [
            ("", "---------"),
            *(
                (
                    room.pk,
                    _("%(room)s – %(type)s, %(free)s of %(beds)s beds free")
                    % {
                        "room": room.label,
                        "type": room.room_type,
                        "free": room.room_type.places - room.occupied,
                        "beds": room.room_type.places,
                    },
                )
                for room in rooms
            ),
        ]
