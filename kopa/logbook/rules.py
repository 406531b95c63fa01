"""Facts of the Logbook that reads and writes both need."""

import hashlib
import hmac
import unicodedata

EDIT_DAYS = 14  # an author edits their entry for this many days; then only the unit's mentor corrects it
SMALL_CELL = 5  # above a unit, a count of young people below this is shown as "fewer than 5"
KIOSK_HOURS = 16  # a kiosk link opened by a youth worker works for this long (one opening day)


def normalise_alias(alias: str) -> str:
    """The alias as it is compared: case, accents as typed, surrounding and inner spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", alias or "").casefold().split())


def alias_digest(secret: str, alias: str) -> str:
    """The alias kept in the database: an HMAC-SHA256 with the owner's secret (the alias itself never is)."""
    return hmac.new(secret.encode(), normalise_alias(alias).encode(), hashlib.sha256).hexdigest()


def suppressed(value: int | None, *, suppress: bool):
    """A count of young people for a level above the unit: None (shown as "fewer than 5") when it is
    small enough to point at someone."""
    if suppress and value and value < SMALL_CELL:
        return None
    return value
