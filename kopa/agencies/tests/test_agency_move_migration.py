"""Moving Agency and AgencyMembership from programmes to agencies keeps every existing row and relation."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("agencies", None),
    ("programmes", "0001_initial"),
    ("directory", "0006_search_text_trigram_index_postgresql"),
    ("events", "0003_registration_reminder"),
    ("outreach", "0002_interaction_composite_indexes_only"),
    ("core", "0001_initial"),
]
AFTER = [
    ("agencies", "0001_initial"),
    ("programmes", "0002_alter_partnershipmember_agency_and_more"),
    ("directory", "0007_alter_importbatch_agency_alter_organisation_agencies_and_more"),
    ("events", "0004_alter_event_organiser_agency"),
    ("outreach", "0003_alter_campaign_agency_alter_followuptask_agency"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_agencies_and_their_relations_survive_the_move():
    old = _migrate(BEFORE)
    User = old.get_model("auth", "User")
    Agency = old.get_model("programmes", "Agency")
    Membership = old.get_model("programmes", "AgencyMembership")
    Partnership = old.get_model("programmes", "Partnership")
    Organisation = old.get_model("directory", "Organisation")
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEntry = old.get_model("core", "AuditEntry")

    user = User.objects.create(username="officer@example.org")
    agency = Agency.objects.create(name="Zavod MOVIT", slug="movit", kind="national_agency", country="SI")
    Membership.objects.create(agency=agency, user=user, role="admin")
    Partnership.objects.create(name={"en": "Inclusion"}, slug="inclusion", coordinator=agency)
    org = Organisation.objects.create(legal_name="Mladinski center", country="SI", city="Trbovlje")
    org.agencies.add(agency)
    agency_type = ContentType.objects.get_or_create(app_label="programmes", model="agency")[0]
    AuditEntry.objects.create(content_type=agency_type, object_id=str(agency.pk), action="create", changes={})

    new = _migrate(AFTER)
    NewAgency = new.get_model("agencies", "Agency")
    moved = NewAgency.objects.get(slug="movit")
    assert moved.pk == agency.pk and moved.name == "Zavod MOVIT"
    assert list(moved.memberships.values_list("user__username", "role")) == [("officer@example.org", "admin")]
    assert new.get_model("programmes", "Partnership").objects.get(slug="inclusion").coordinator_id == moved.pk
    assert list(new.get_model("directory", "Organisation").objects.get(pk=org.pk).agencies.all()) == [moved]
    entry = new.get_model("core", "AuditEntry").objects.get(object_id=str(agency.pk))
    assert (entry.content_type.app_label, entry.content_type.model) == ("agencies", "agency")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
