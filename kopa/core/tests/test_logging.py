"""Response-link tokens never reach the logs."""

import logging

from kopa.core.logging import RedactSecretPaths


def _formatted(msg, *args) -> str:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, msg, args, None)
    assert RedactSecretPaths().filter(record)
    return record.getMessage()


def test_a_response_link_token_is_hidden_in_a_log_line():
    line = _formatted("Not Found: %s", "/sl/respond/abcDEF123-_xyz/")

    assert "abcDEF123" not in line
    assert line == "Not Found: /sl/respond/[hidden]/"


def test_a_request_line_with_a_token_and_a_query_is_hidden():
    line = _formatted('"%s" %s %s', "POST /lv/respond/s3cr3t-token?x=1 HTTP/1.1", "410", "512")

    assert "s3cr3t" not in line
    assert line.startswith('"POST /lv/respond/[hidden]?x=1 HTTP/1.1" 410')


def test_other_lines_are_left_as_they_are():
    assert _formatted("Not Found: %s", "/en/directory/99/") == "Not Found: /en/directory/99/"


def test_the_configured_console_handler_uses_the_filter(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert "redact_secret_paths" in handler["filters"]
    assert settings.LOGGING["filters"]["redact_secret_paths"]["()"] == "kopa.core.logging.RedactSecretPaths"
