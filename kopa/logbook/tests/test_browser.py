"""The entry page on a phone, in a real browser: an evening recorded in a few interactions; offline, an
entry is kept on the device and sent when the network returns, exactly once."""

import pytest

from kopa.logbook.models import Entry
from kopa.logbook.tests.support import build_logbook

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_an_evening_on_a_phone_then_an_entry_offline_sent_once_when_back_online(new_context):
    lb = build_logbook()
    context = new_context(user=lb["worker"], viewport=PHONE, bypass_csp=False)
    page = context.new_page()
    page.goto("/en/")
    # 1 menu, 2 activity, 3-5 hours/visits/note, 6 save: fewer than 10 interactions.
    page.get_by_role("link", name="Logbook").first.click()
    page.locator(".activity-picker").get_by_role("link", name="Odprti klub").click()
    page.locator("#id_hours").fill("4")
    page.locator("#id_visits").fill("15")
    page.get_by_label("Note").fill("Večer družabnih iger")
    page.get_by_role("button", name="Save the entry").click()
    page.wait_for_url("**/en/logbook/")
    assert page.get_by_text("The entry is saved.").is_visible()
    assert Entry.objects.filter(note="Večer družabnih iger", visits=15).count() == 1

    # The basement: no network. The entry is kept on the device.
    page.locator(".activity-picker").get_by_role("link", name="Odprti klub").click()
    context.set_offline(True)
    page.locator("#id_hours").fill("2")
    page.locator("#id_visits").fill("6")
    page.get_by_label("Note").fill("Brez povezave")
    page.get_by_role("button", name="Save the entry").click()
    status = page.locator("#logbook-offline-status")
    status.get_by_text("Entries waiting to be sent: 1").wait_for()
    assert not Entry.objects.filter(note="Brez povezave").exists()
    # The connection returns: sent once.
    context.set_offline(False)
    status.get_by_text("have been sent").wait_for()
    assert Entry.objects.filter(note="Brez povezave", visits=6, author=lb["worker"]).count() == 1
    assert page.evaluate("window.localStorage.getItem('kopa.logbook.queue')") == "[]"
    # Opening the Logbook again sends nothing twice.
    page.goto("/en/logbook/")
    page.wait_for_load_state("networkidle")
    assert Entry.objects.filter(note="Brez povezave").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_entry_page_opens_without_a_connection_once_it_was_seen(new_context):
    lb = build_logbook()
    context = new_context(user=lb["worker"], viewport=PHONE, bypass_csp=False)
    page = context.new_page()
    page.goto(f"/en/logbook/?activity={lb['open_celje'].pk}")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker, which keeps the page
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    first_uuid = page.locator("input[name=uuid]").input_value()
    context.set_offline(True)
    page.reload()
    assert page.locator("#id_hours").is_visible()
    assert page.locator("input[name=uuid]").input_value() != first_uuid  # a fresh UUID for every page shown
    page.locator("#id_hours").fill("3")
    page.locator("#id_visits").fill("7")
    page.get_by_label("Note").fill("Iz kleti")
    page.get_by_role("button", name="Save the entry").click()
    page.locator("#logbook-offline-status").get_by_text("Entries waiting to be sent: 1").wait_for()
    context.set_offline(False)
    page.locator("#logbook-offline-status").get_by_text("have been sent").wait_for()
    assert Entry.objects.filter(note="Iz kleti", visits=7).count() == 1
