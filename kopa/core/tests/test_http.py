import pytest

from django.http import Http404
from django.test import RequestFactory

from kopa.core.http import posted_id


@pytest.mark.parametrize("value", ["abc", "", " ", "-3", "1.5", "1e3"])
def test_posted_id_turns_anything_but_a_whole_number_into_404(value):
    with pytest.raises(Http404):
        posted_id(RequestFactory().post("/", {"x": value}), "x")


def test_posted_id_reads_a_whole_number():
    assert posted_id(RequestFactory().post("/", {"x": " 42 "}), "x") == 42
