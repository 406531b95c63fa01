"""List pages make a constant number of database queries, however many organisations they show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _organisations(make_organisation, count: int, **fields):
    for n in range(count):
        make_organisation(legal_name=f"Mladinski center {n}", target_groups=["disability", "neet"],
                          languages=["sl", "en"], **fields)


def test_public_directory_queries_do_not_grow_with_the_organisations_shown(client, make_organisation):
    _organisations(make_organisation, 2, public_listing=True)
    few = _queries(client, "/en/directory/?q=mladinski")
    _organisations(make_organisation, 25, public_listing=True)
    assert _queries(client, "/en/directory/?q=mladinski") == few
    assert _queries(client, "/en/directory/?q=mladinski&page=2") == few


def test_staff_directory_queries_do_not_grow_with_the_organisations_shown(
        client, make_agency, make_user, make_organisation):
    agency = make_agency()
    client.force_login(make_user(agency=agency))
    _organisations(make_organisation, 2, agencies=[agency])
    few = _queries(client, "/en/staff/organisations/")
    _organisations(make_organisation, 25, agencies=[agency])
    assert _queries(client, "/en/staff/organisations/") == few
    assert _queries(client, "/en/staff/organisations/?page=2") == few
