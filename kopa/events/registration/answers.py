"""Answers to an event's own questions on the registration form: which are shown, and their checks.

Answers are stored as JSON: text, choice, country and date (ISO) as strings, yes/no as "yes" or
"no", several choices as a list of values, numbers as numbers, and a file as its original name (the
file itself in `Answer.file`). A question with a condition is shown only when the question it
depends on is shown and has the answer `show_if_value` (for several choices: includes it); a hidden
question is never required and its answer is discarded.

Pure checks, no writes: the registration form builds its fields with them and
`kopa.events.registration.services.registration_submit` keeps what they return.
"""

from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.utils.translation import gettext as _

from kopa.core.errors import ValidationFailed
from kopa.events.models import Question

DEFAULT_EXTENSIONS = "pdf,jpg,jpeg,png,docx"
Kind = Question.Kind


def question_field_name(question: Question) -> str:
    return f"question_{question.pk}"


def allowed_extensions(question: Question) -> list[str]:
    """The file types a file question accepts, lower case without dots."""
    text = question.allowed_extensions or DEFAULT_EXTENSIONS
    return [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]


def file_problem(question: Question, upload) -> str | None:
    """Why `upload` is not acceptable for `question`, or None."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    allowed = allowed_extensions(question)
    if extension not in allowed:
        return _("This type of file is not accepted. Accepted types: %(types)s.") % {
            "types": ", ".join(allowed)
        }
    if upload.size > question.max_file_mb * 1024 * 1024:
        return _("The file is too large: the largest accepted size is %(size)d MB.") % {
            "size": question.max_file_mb
        }
    return None


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _stored(question: Question, value):
    """The JSON form of a cleaned answer."""
    if question.kind == Kind.FILE:
        return PurePath(value.name).name
    if question.kind == Kind.MULTIPLE_CHOICE:
        return [str(v) for v in value]
    if question.kind == Kind.YES_NO:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)
    if question.kind == Kind.NUMBER:
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if question.kind == Kind.DATE and isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _matches(question: Question, stored) -> bool:
    """Whether `stored` (an answer to `question.show_if_question`) shows `question`."""
    expected = (question.show_if_value or "").strip().lower()
    if isinstance(stored, list):
        return expected in {str(v).lower() for v in stored}
    return stored is not None and str(stored).strip().lower() == expected


def visible_questions(questions: list[Question], stored: dict[int, object]) -> set[int]:
    """Ids of the questions shown, given the stored answers by question id (conditions chain)."""
    by_id = {q.pk: q for q in questions}
    visible: dict[int, bool] = {}

    def shown(question: Question, depth: int = 0) -> bool:
        if question.pk in visible:
            return visible[question.pk]
        parent = by_id.get(question.show_if_question_id)
        if question.show_if_question_id is None or parent is None:
            result = True
        elif depth > len(by_id):  # a loop of conditions: show rather than hide
            result = True
        else:
            result = shown(parent, depth + 1) and _matches(question, stored.get(parent.pk))
        visible[question.pk] = result
        return result

    return {q.pk for q in questions if shown(q)}


def answers_check(*, questions: list[Question], answers: dict[int, object]) -> dict[int, object]:
    """The answers to keep, by question id, in stored form (hidden questions dropped).
    Raises ValidationFailed naming `question_<id>` fields."""
    stored = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        value = answers.get(question.pk)
        if _is_empty(value):
            continue
        if question.kind == Kind.FILE:
            problem = file_problem(question, value)
            if problem:
                errors[question_field_name(question)] = [problem]
                continue
        if question.kind in (Kind.CHOICE, Kind.MULTIPLE_CHOICE):
            allowed = {v for v, _label in question.choice_options()}
            given = value if isinstance(value, (list, tuple)) else [value]
            if not set(map(str, given)) <= allowed:
                errors[question_field_name(question)] = [_("Choose one of the options given.")]
                continue
        stored[question.pk] = _stored(question, value)
    shown = visible_questions(questions, stored)
    for question in questions:
        name = question_field_name(question)
        if question.pk not in shown:
            stored.pop(question.pk, None)
            errors.pop(name, None)
        elif question.required and question.pk not in stored and name not in errors:
            errors[name] = [_("Please answer this question.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return {pk: value for pk, value in stored.items()}
