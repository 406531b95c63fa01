"""Kopa's date, time and number formats per language (settings.FORMAT_MODULE_PATH).

Django reads these modules before its own locale formats and falls back to its own for every name a
module leaves out, so each module sets only what Django gets wrong for Kopa's readers: English pages
are read in Europe (day before month, 24-hour clock), Slovenian dates take the month in the genitive
("4. decembra 2026 ob 16.35"). Templates and code use the names (DATE_FORMAT, SHORT_DATE_FORMAT,
DATETIME_FORMAT, ...), never a hand-written pattern; machine files (CSV, XLSX, iCalendar, the API)
keep ISO dates.
"""
