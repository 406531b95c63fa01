"""The months' names as a date takes them after the day ("alt. month", the date format's `E`).

Django's catalogue has them for Latvian but not for Slovenian, whose dates need the genitive
("4. decembra"). Naming the messages here puts them into Kopa's catalogue, which Django reads first.
"""

from django.utils.translation import pgettext_lazy

MONTHS_AFTER_DAY = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
