"""The development outbox: an e-mail backend that keeps messages, and the staff page showing them."""

import pytest

from django.core import mail
from django.urls import reverse

from kopa.core.mail import OUTBOX_SIZE, outbox_clear, outbox_messages

OUTBOX = "kopa.core.mail.OutboxBackend"


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.EMAIL_BACKEND = OUTBOX
    outbox_clear()
    yield
    outbox_clear()


def test_the_outbox_backend_keeps_messages_instead_of_sending_them():
    sent = mail.send_mail("Your place", "Hello Eva", None, ["eva@example.org"])

    assert sent == 1
    [message] = outbox_messages()
    assert (message.to, message.subject, message.body) == (
        ("eva@example.org",),
        "Your place",
        "Hello Eva",
    )


def test_the_outbox_keeps_only_the_latest_messages_newest_first():
    for n in range(OUTBOX_SIZE + 5):
        mail.send_mail(f"Message {n}", "body", None, ["someone@example.org"])

    kept = outbox_messages()

    assert len(kept) == OUTBOX_SIZE
    assert kept[0].subject == f"Message {OUTBOX_SIZE + 4}"
    assert kept[-1].subject == "Message 5"


def test_staff_see_recipients_subject_and_body_when_debug_is_on(
    client, settings, make_user, make_agency
):
    settings.DEBUG = True
    mail.send_mail("A place is free for you", "Accept it by Friday.", None, ["next@example.org"])
    client.force_login(make_user(agency=make_agency()))

    html = client.get(reverse("site:outbox")).content.decode()

    assert "next@example.org" in html
    assert "A place is free for you" in html and "Accept it by Friday." in html


def test_the_outbox_page_does_not_exist_without_debug(client, settings, make_user, make_agency):
    settings.DEBUG = False
    client.force_login(make_user(agency=make_agency()))

    assert client.get(reverse("site:outbox")).status_code == 404


def test_the_outbox_page_is_for_staff_only(client, settings, make_user):
    settings.DEBUG = True
    client.force_login(make_user())

    assert client.get(reverse("site:outbox")).status_code == 404
