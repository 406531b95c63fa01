"""Helpers for the registration, participation and purge tests: questions of every kind."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from kopa.events.models import Question

K = Question.Kind


def add_question(event, kind, *, label=None, position=0, **fields):
    return Question.objects.create(
        event=event,
        kind=kind,
        position=position,
        label=label or {"en": f"Question {kind}", "sl": f"Vprašanje {kind}"},
        **fields,
    )


def every_kind_of_question(event) -> dict[str, Question]:
    """One question of each kind, all required, in form order."""
    choices = [
        {"value": "beginner", "label": {"en": "Beginner", "sl": "Začetnik"}},
        {"value": "experienced", "label": {"en": "Experienced", "sl": "Izkušen"}},
    ]
    topics = [
        {"value": "disability", "label": {"en": "Disability"}},
        {"value": "neet", "label": {"en": "NEET young people"}},
        {"value": "rural", "label": {"en": "Rural areas"}},
    ]
    return {
        "text": add_question(
            event, K.TEXT, position=1, required=True, label={"en": "Why do you want to take part?"}
        ),
        "choice": add_question(
            event,
            K.CHOICE,
            position=2,
            required=True,
            choices=choices,
            label={"en": "Your experience with Erasmus+"},
        ),
        "multiple": add_question(
            event,
            K.MULTIPLE_CHOICE,
            position=3,
            required=True,
            choices=topics,
            label={"en": "Topics you work on"},
        ),
        "yes_no": add_question(
            event,
            K.YES_NO,
            position=4,
            required=True,
            label={"en": "Have you led a youth exchange?"},
        ),
        "number": add_question(
            event,
            K.NUMBER,
            position=5,
            required=True,
            label={"en": "Years of experience in youth work"},
        ),
        "date": add_question(
            event, K.DATE, position=6, required=True, label={"en": "Date of your last training"}
        ),
        "country": add_question(
            event,
            K.COUNTRY,
            position=7,
            required=True,
            label={"en": "Country of your organisation"},
        ),
        "file": add_question(
            event,
            K.FILE,
            position=8,
            required=True,
            allowed_extensions="pdf,docx",
            max_file_mb=1,
            label={"en": "Motivation letter"},
        ),
    }


def pdf_upload(name="letter.pdf", size=200) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")


def person_post(**fields) -> dict:
    values = {
        "first_name": "Alja",
        "last_name": "Primer",
        "email": "alja.primer@example.org",
        "country_of_residence": "SI",
        "organisation_name": "Mladinski center Primer",
        "role": "youth worker",
    }
    values.update(fields)
    return values


def confirm_address(client, email: str, **extra):
    """Open the confirmation link of the newest e-mail to `email` and press "Confirm"; the
    response of that page. (Run it where e-mails are sent: in captured on-commit callbacks.)"""
    messages = [m for m in mail.outbox if m.to == [email]]
    found = re.findall(r"https?://[^/\s]+(/[a-z]{2}/events/answer/verify/[^\s]+/)", messages[-1].body)
    assert len(found) == 1, messages[-1].body
    return client.post(found[0], {"answer": "confirm"}, **extra)
