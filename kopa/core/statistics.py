"""Small-cell suppression: counts about people that are published only when they cannot point at
someone.

A count from 1 to 4 is shown as "fewer than 5" (a zero is shown: it names nobody). When a table
has a total beside its cells, one hidden cell could be recomputed from the total and the cells
shown; then a second cell is hidden too (the smallest one shown that is not zero), or, where there
is none, the total. A total below 5 is hidden like any cell.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

SMALL_CELL = 5


@dataclass(frozen=True)
class Cell:
    """A count as it may be published: `value` is None when it is hidden."""

    count: int
    suppressed: bool = False

    @property
    def value(self) -> int | None:
        return None if self.suppressed else self.count

    def __str__(self) -> str:
        if self.suppressed:
            if self.count < SMALL_CELL:
                return _("fewer than %(n)d") % {"n": SMALL_CELL}
            return _("hidden")
        return str(self.count)


def is_small(count: int) -> bool:
    return 0 < count < SMALL_CELL


def suppress_cell(count: int) -> Cell:
    """One count on its own (no total beside it)."""
    return Cell(count, suppressed=is_small(count))


def suppress_table(
    counts: Mapping[Hashable, int], total: int | None = None
) -> tuple[dict[Hashable, Cell], Cell | None]:
    """Hide the small cells of `counts` and whatever would let someone recompute them from `total`.
    Returns the cells in the same order and the total (None when none was given)."""
    hidden = {key for key, count in counts.items() if is_small(count)}
    total_hidden = total is not None and is_small(total)
    if total is not None and not total_hidden and len(hidden) == 1:
        shown = [(count, str(key), key) for key, count in counts.items()
                 if key not in hidden and count > 0]
        if shown:
            hidden.add(min(shown)[2])
        else:
            total_hidden = True
    cells = {key: Cell(count, suppressed=key in hidden) for key, count in counts.items()}
    return cells, (None if total is None else Cell(total, suppressed=total_hidden))
