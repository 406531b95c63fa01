"""Campaign pages and services: who may see them, what the form accepts, what is saved and audited."""

from datetime import date

import pytest

from django.urls import reverse

from kopa.agencies.models import AgencyMembership
from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.directory.models import Representative
from kopa.outreach.campaigns.services import campaign_create, campaign_update
from kopa.outreach.models import Campaign, Interaction
from kopa.outreach.rules import fill_placeholders
from kopa.programmes.models import Cycle, Partnership, PartnershipMember, Strand

pytestmark = pytest.mark.django_db
K = Interaction.Kind

CAMPAIGN_PAGES = ["outreach:campaign", "outreach:campaign_edit", "outreach:targets", "outreach:targets_csv",
                  "outreach:targets_xlsx", "outreach:targets_from_filter", "outreach:targets_import",
                  "outreach:target_add"]


@pytest.fixture
def officer_client(client, staff):
    client.force_login(staff)
    return client


def _form(**overrides) -> dict:
    data = {
        "name_en": "Reaching deprived areas", "name_sl": "", "name_lv": "",
        "goal_en": "Organisations new to the programme apply.", "goal_sl": "", "goal_lv": "",
        "start": "2016-02-01", "end": "2018-12-31",
        "stages": ["approved", "invited", "responded", "attended"],
        "invitation_subject_en": "Invitation to an information day", "invitation_subject_sl": "",
        "invitation_subject_lv": "",
        "invitation_body_en": "Dear {organisation}, we invite you.", "invitation_body_sl": "",
        "invitation_body_lv": "",
        "response_days": "30",
    }
    data.update(overrides)
    return data


def _data(**overrides) -> dict:
    data = {"name": {"en": "Reaching deprived areas"}, "start": date(2016, 2, 1), "end": None,
            "stages": ["invited"], "response_days": 30}
    data.update(overrides)
    return data


def _other_partnership(make_agency):
    other = make_agency(name="Latvian agency", country="LV")
    partnership = Partnership.objects.create(name={"en": "Latvian strand network"}, slug="lv-net", coordinator=other)
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=other)
    return partnership


# --- who may see the pages -----------------------------------------------------------------------


def _open(client, name, campaign):
    """A page by GET; an export as its button starts it, by POST."""
    address = reverse(name, args=[campaign.pk])
    return client.post(address) if name.endswith(("_csv", "_xlsx")) else client.get(address)


@pytest.mark.parametrize("name", CAMPAIGN_PAGES)
def test_staff_of_another_agency_get_404_on_every_campaign_page(client, make_user, make_agency, make_campaign,
                                                                name):
    campaign = make_campaign()
    client.force_login(make_user(agency=make_agency(country="LV")))
    assert _open(client, name, campaign).status_code == 404


@pytest.mark.parametrize("name", CAMPAIGN_PAGES)
def test_a_user_without_an_agency_role_gets_404(client, make_user, make_campaign, name):
    campaign = make_campaign()
    client.force_login(make_user())
    assert _open(client, name, campaign).status_code == 404


def test_a_representative_of_a_targeted_organisation_gets_404(client, make_user, make_campaign,
                                                             make_organisation, target):
    campaign = make_campaign()
    organisation = make_organisation()
    target(campaign, organisation)
    representative = make_user()
    Representative.objects.create(user=representative, organisation=organisation,
                                  status=Representative.Status.APPROVED)
    client.force_login(representative)
    assert client.get(reverse("outreach:campaign", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("outreach:campaigns")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, make_campaign):
    response = client.get(reverse("outreach:campaign", args=[make_campaign().pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_agencys_staff_cannot_edit_by_posting(client, make_user, make_agency, make_campaign):
    campaign = make_campaign()
    client.force_login(make_user(agency=make_agency(country="LV")))
    response = client.post(reverse("outreach:campaign_edit", args=[campaign.pk]), _form(name_en="Taken over"))
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert campaign.name["en"] == "Reaching deprived areas"


def test_a_campaign_id_that_does_not_exist_is_404(officer_client):
    assert officer_client.get("/en/staff/outreach/999999/").status_code == 404


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_own_campaigns_with_targets_and_stage_counts(officer_client, make_campaign, make_agency,
                                                                   make_organisation, record):
    campaign = make_campaign()
    make_campaign(agency=make_agency(country="LV"), name={"en": "Someone else's campaign"})
    first, second = make_organisation(), make_organisation()
    record(campaign, first, K.INVITATION, channel="email")
    record(campaign, second, K.INVITATION, channel="email")
    record(campaign, first, K.RESPONSE, answer="interested")

    response = officer_client.get(reverse("outreach:campaigns"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Reaching deprived areas" in body
    assert "Someone else" not in body
    row = body.split("Reaching deprived areas", 1)[1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]][3:6] == ["2", "2", "1"]


def test_the_list_counts_stages_in_one_query_for_the_page(officer_client, make_campaign, make_organisation,
                                                        record, django_assert_max_num_queries):
    for _n in range(3):
        campaign = make_campaign()
        record(campaign, make_organisation(), K.INVITATION, channel="email")
    officer_client.get(reverse("outreach:campaigns"))  # warm the session and content types
    with django_assert_max_num_queries(14) as queries:  # + the My events badge and the Logbook item in the menu
        officer_client.get(reverse("outreach:campaigns"))
    first = len(queries)  # read now: the next request empties the connection's query log
    for _n in range(5):
        record(make_campaign(), make_organisation(), K.INVITATION, channel="email")
    officer_client.get(reverse("outreach:campaigns"))  # the new campaigns' counts reach the funnel cache
    with django_assert_max_num_queries(first):  # more campaigns, no more queries
        officer_client.get(reverse("outreach:campaigns"))


def test_the_list_filters_by_status(officer_client, make_campaign):
    make_campaign(name={"en": "Long finished"}, start=date(2016, 1, 1), end=date(2018, 1, 1))
    make_campaign(name={"en": "Still going"}, start=date(2020, 1, 1), end=None)

    body = officer_client.get(reverse("outreach:campaigns"), {"status": "ended"}).content.decode()

    assert "Long finished" in body and "Still going" not in body


def test_the_list_filters_by_cycle(officer_client, make_campaign, cycle, partnership):
    other_cycle = Cycle.objects.create(partnership=partnership, name="2018–2020", start=date(2018, 1, 1),
                                       end=date(2020, 12, 31))
    make_campaign(name={"en": "In the first cycle"})
    make_campaign(name={"en": "In the second cycle"}, cycle=other_cycle)

    body = officer_client.get(reverse("outreach:campaigns"), {"cycle": other_cycle.pk}).content.decode()

    assert "In the second cycle" in body and "In the first cycle" not in body


@pytest.mark.parametrize("query", ["cycle=abc", "cycle=999999", "strand=-1", "status=sometime"])
def test_odd_filter_values_are_a_400_with_the_error_next_to_the_field(officer_client, make_campaign, query):
    make_campaign()
    response = officer_client.get(f"{reverse('outreach:campaigns')}?{query}")
    field = query.split("=")[0]
    assert response.status_code == 400
    assert f'id="id_{field}_errors"' in response.content.decode()


def test_an_odd_page_number_shows_a_page_not_an_error(officer_client, make_campaign):
    make_campaign()
    assert officer_client.get(reverse("outreach:campaigns"), {"page": "x"}).status_code == 200


# --- creating and editing ------------------------------------------------------------------------


def test_creating_a_campaign_saves_it_with_the_stages_in_funnel_order(officer_client, staff, agency, cycle, strand,
                                                                      make_user):
    colleague = make_user(agency=agency, first_name="Ana", last_name="Novak")
    response = officer_client.post(reverse("outreach:campaign_create"), _form(
        cycle=cycle.pk, strand=strand.pk, owners=[staff.pk, colleague.pk]))

    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("outreach:campaign", args=[campaign.pk])
    assert campaign.agency == agency
    assert campaign.stages == ["invited", "responded", "attended", "approved"]
    assert set(campaign.owners.all()) == {staff, colleague}
    assert campaign.cycle == cycle and campaign.strand == strand
    assert campaign.invitation_body == {"en": "Dear {organisation}, we invite you."}


def test_creating_a_campaign_is_audited(officer_client, staff):
    officer_client.post(reverse("outreach:campaign_create"), _form())
    entry = audit.history_for(Campaign.objects.get()).get()
    assert entry.action == "create" and entry.actor == staff
    assert entry.changes["response_days"] == [None, 30]


def test_a_name_in_no_language_is_an_error_next_to_the_name(officer_client):
    response = officer_client.post(reverse("outreach:campaign_create"), _form(name_en=""))
    assert response.status_code == 200
    assert 'id="id_name_en_errors"' in response.content.decode()
    assert "Fill this in in at least one language." in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_name_in_latvian_only_is_enough(officer_client):
    officer_client.post(reverse("outreach:campaign_create"), _form(name_en="", name_lv="Būt kopā"))
    assert Campaign.objects.get().name == {"lv": "Būt kopā"}


def test_an_end_before_the_start_is_an_error_next_to_the_end(officer_client):
    response = officer_client.post(reverse("outreach:campaign_create"), _form(start="2018-01-01", end="2017-12-31"))
    assert 'id="id_end_errors"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_campaign_may_start_and_end_on_the_same_day(officer_client):
    officer_client.post(reverse("outreach:campaign_create"), _form(start="2018-01-01", end="2018-01-01"))
    assert Campaign.objects.get().end == date(2018, 1, 1)


def test_no_stage_chosen_is_an_error_next_to_the_stages(officer_client):
    data = _form()
    del data["stages"]
    response = officer_client.post(reverse("outreach:campaign_create"), data)
    assert 'id="id_stages_errors"' in response.content.decode()
    assert "Choose at least one stage." in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_unknown_placeholder_is_an_error_next_to_that_languages_text(officer_client):
    response = officer_client.post(reverse("outreach:campaign_create"),
                                   _form(invitation_body_sl="Spoštovani {ime}, vabimo vas."))
    body = response.content.decode()
    assert 'id="id_invitation_body_sl_errors"' in body
    assert "{ime}" in body.split('id="id_invitation_body_sl_errors"')[1]
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("days", ["0", "366", "many"])
def test_response_days_outside_one_to_365_are_an_error(officer_client, days):
    response = officer_client.post(reverse("outreach:campaign_create"), _form(response_days=days))
    assert 'id="id_response_days_errors"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_strand_of_another_partnership_than_the_cycle_is_an_error_next_to_the_strand(officer_client, agency,
                                                                                       cycle):
    second = Partnership.objects.create(name={"en": "Disability network"}, slug="disability", coordinator=agency)
    other_strand = Strand.objects.create(partnership=second, name={"en": "Disability"})

    response = officer_client.post(reverse("outreach:campaign_create"),
                                   _form(cycle=cycle.pk, strand=other_strand.pk))

    body = response.content.decode()
    assert 'id="id_strand_errors"' in body
    assert "same partnership" in body
    assert not Campaign.objects.exists()


def test_a_cycle_of_a_partnership_the_agency_is_not_in_cannot_be_chosen(officer_client, make_agency):
    foreign = Cycle.objects.create(partnership=_other_partnership(make_agency), name="2021–2027",
                                   start=date(2021, 1, 1), end=date(2027, 12, 31))
    response = officer_client.post(reverse("outreach:campaign_create"), _form(cycle=foreign.pk))
    assert 'id="id_cycle_errors"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_owner_from_another_agency_cannot_be_chosen(officer_client, make_user, make_agency):
    outsider = make_user(agency=make_agency(country="LV"))
    response = officer_client.post(reverse("outreach:campaign_create"), _form(owners=[outsider.pk]))
    assert 'id="id_owners_errors"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_staff_of_two_agencies_choose_which_one_runs_the_campaign(client, make_user, make_agency, agency):
    second = make_agency(name="Youth network", country="SI")
    officer = make_user(agency=agency)
    AgencyMembership.objects.create(agency=second, user=officer)
    client.force_login(officer)
    client.post(reverse("outreach:campaign_create"), _form(agency=second.pk))
    assert Campaign.objects.get().agency == second


def test_the_agency_choice_is_limited_to_the_users_agencies(client, make_user, make_agency, agency):
    officer = make_user(agency=agency)
    AgencyMembership.objects.create(agency=make_agency(country="SI"), user=officer)
    foreign = make_agency(country="LV")
    client.force_login(officer)
    response = client.post(reverse("outreach:campaign_create"), _form(agency=foreign.pk))
    assert 'id="id_agency_errors"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_edit_form_shows_the_stored_values(officer_client, make_campaign):
    campaign = make_campaign(stages=["invited", "approved"], invitation_body={"sl": "Pozdravljeni {organisation}"})
    body = officer_client.get(reverse("outreach:campaign_edit", args=[campaign.pk])).content.decode()
    assert "Pozdravljeni {organisation}" in body
    assert 'value="approved" id="id_stages_5" checked' in body
    assert 'value="responded" id="id_stages_1">' in body


def test_editing_saves_the_change_and_records_what_changed(officer_client, staff, make_campaign):
    campaign = make_campaign()
    response = officer_client.post(reverse("outreach:campaign_edit", args=[campaign.pk]),
                                   _form(name_en="Reaching deprived areas 2016–2018", response_days="14"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name["en"] == "Reaching deprived areas 2016–2018"
    assert campaign.response_days == 14
    entry = audit.history_for(campaign).get()
    assert entry.action == "update" and entry.actor == staff
    assert entry.changes["response_days"] == [30, 14]


def test_an_invalid_edit_changes_nothing(officer_client, make_campaign):
    campaign = make_campaign()
    officer_client.post(reverse("outreach:campaign_edit", args=[campaign.pk]),
                        _form(name_en="New name", end="2015-01-01"))
    campaign.refresh_from_db()
    assert campaign.name["en"] == "Reaching deprived areas"
    assert not audit.history_for(campaign).exists()


# --- the campaign page ---------------------------------------------------------------------------


def test_the_campaign_page_shows_the_funnel_the_latest_interactions_and_the_history(officer_client, make_campaign,
                                                                                   make_organisation, record):
    campaign = make_campaign(stages=["invited", "responded"])
    for n in range(12):
        organisation = make_organisation(legal_name=f"Organisation {n:02d}")
        record(campaign, organisation, K.INVITATION, channel="email", on=date(2017, 1, 1 + n))
        if n < 3:
            record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2017, 2, 1))
    officer_client.post(reverse("outreach:campaign_edit", args=[campaign.pk]), _form(response_days="20"))

    body = officer_client.get(reverse("outreach:campaign", args=[campaign.pk])).content.decode()

    funnel = body.split('id="funnel-heading"')[1].split("</table>")[0]
    assert "<td>12</td>" in funnel and "<td>3</td>" in funnel and "25 %" in funnel
    latest = body.split('id="interactions-heading"')[1].split("</table>")[0]
    assert latest.count("<tr>") == 11  # the header and the 10 latest
    assert "Change history" in body and "Response links valid for (days): 30 → 20" in body
    assert f'?campaign={campaign.pk}' in body


def test_the_campaign_navigation_marks_the_current_page(officer_client, make_campaign):
    campaign = make_campaign()
    body = officer_client.get(reverse("outreach:targets", args=[campaign.pk])).content.decode()
    nav = body.split('aria-label="Campaign sections"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert f'href="{reverse("outreach:targets", args=[campaign.pk])}" aria-current="page"' in nav


# --- the services ---------------------------------------------------------------------------------


def test_only_staff_of_the_agency_create_its_campaigns(make_user, make_agency, agency):
    with pytest.raises(PermissionDenied):
        campaign_create(actor=make_user(agency=make_agency(country="LV")), agency=agency, data=_data())


def test_the_service_reports_every_problem_at_once(staff, agency):
    with pytest.raises(ValidationFailed) as caught:
        campaign_create(actor=staff, agency=agency, data=_data(
            name={}, start="2018-13-01", stages=["invited", "signed"], response_days=0,
            invitation_subject={"en": "Hello {name}"}))
    assert set(caught.value.fields) == {"name", "start", "stages", "response_days", "invitation_subject"}
    assert not Campaign.objects.exists()


def test_the_service_refuses_a_cycle_of_a_partnership_the_agency_is_not_in(staff, agency, make_agency):
    foreign = Cycle.objects.create(partnership=_other_partnership(make_agency), name="2021–2027",
                                   start=date(2021, 1, 1), end=date(2027, 12, 31))
    with pytest.raises(ValidationFailed) as caught:
        campaign_create(actor=staff, agency=agency, data=_data(cycle=foreign.pk))
    assert "cycle" in caught.value.fields


def test_a_partnership_member_agency_may_use_the_partnerships_cycle(make_user, make_agency, cycle, partnership):
    member = make_agency(name="Latvian agency", country="LV")
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=member)
    campaign = campaign_create(actor=make_user(agency=member), agency=member, data=_data(cycle=cycle))
    assert campaign.cycle == cycle


def test_a_partial_update_keeps_what_it_does_not_mention(staff, make_campaign):
    campaign = make_campaign(stages=["invited", "approved"])
    campaign_update(actor=staff, campaign=campaign, data={"response_days": 10})
    campaign.refresh_from_db()
    assert campaign.stages == ["invited", "approved"] and campaign.response_days == 10
    assert campaign.name["en"] == "Reaching deprived areas"


def test_placeholders_are_filled_with_the_organisations_name():
    assert fill_placeholders("Dear {organisation}, {{ braces }} stay.", organisation="Zavod Pot") == \
        "Dear Zavod Pot, {{ braces }} stay."
