"""Small-cell suppression: counts about people are published only when they point at nobody."""

from kopa.core.statistics import Cell, suppress_cell, suppress_table


def shown(cells):
    return {key: str(cell) for key, cell in cells.items()}


def test_zero_is_shown_one_and_four_are_fewer_than_five_five_is_shown():
    assert [str(suppress_cell(n)) for n in (0, 1, 4, 5)] == ["0", "fewer than 5", "fewer than 5", "5"]
    assert [suppress_cell(n).value for n in (0, 1, 4, 5)] == [0, None, None, 5]


def test_a_table_without_a_total_hides_only_its_small_cells():
    cells, total = suppress_table({"a": 0, "b": 1, "c": 4, "d": 5})

    assert shown(cells) == {"a": "0", "b": "fewer than 5", "c": "fewer than 5", "d": "5"}
    assert total is None


def test_one_hidden_cell_beside_a_total_hides_a_second_cell_so_it_cannot_be_recomputed():
    cells, total = suppress_table({"health": 3, "economic": 9, "social": 6, "cultural": 0}, total=18)

    assert shown(cells) == {"health": "fewer than 5", "economic": "9", "social": "hidden", "cultural": "0"}
    assert str(total) == "18"
    # What is shown no longer gives the hidden cell: 18 - 9 - 0 leaves two unknowns.
    assert sum(c.value for c in cells.values() if c.value is not None) != total.count - 3


def test_one_hidden_cell_and_nothing_else_to_hide_hides_the_total():
    cells, total = suppress_table({"health": 3, "economic": 0}, total=7)

    assert shown(cells) == {"health": "fewer than 5", "economic": "0"}
    assert total == Cell(7, suppressed=True) and total.value is None


def test_a_small_total_is_hidden_and_two_hidden_cells_need_nothing_more():
    cells, total = suppress_table({"a": 2, "b": 1, "c": 8}, total=11)
    assert shown(cells) == {"a": "fewer than 5", "b": "fewer than 5", "c": "8"}
    assert str(total) == "11"

    cells, total = suppress_table({"a": 2, "b": 0}, total=2)
    assert str(total) == "fewer than 5"


def test_a_table_without_small_cells_is_shown_whole():
    cells, total = suppress_table({"a": 5, "b": 12}, total=17)

    assert shown(cells) == {"a": "5", "b": "12"} and str(total) == "17"
