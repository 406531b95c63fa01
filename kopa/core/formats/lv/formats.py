"""Latvian: Django's long formats are right ("2026. gada 4. decembris"); numeric dates get the
leading zeros Latvian writing uses ("04.12.2026")."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
