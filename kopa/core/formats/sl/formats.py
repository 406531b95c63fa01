"""Slovenian: the month in the genitive ("4. decembra 2026"), "ob" before the time and a full stop
between hours and minutes ("ob 16.35"), spaced numeric dates ("4. 12. 2026"), as the Slovenian
orthography has them. `E` is the month's genitive; its names are in Kopa's catalogue
(kopa.core.formats.months), as Django's own has none for Slovenian."""

DATE_FORMAT = "j. E Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. E Y \o\b H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. E"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = r"j. n. Y \o\b H.i"
FIRST_DAY_OF_WEEK = 1  # Monday
