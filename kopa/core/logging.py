"""Log filters: secrets that travel in addresses never reach the logs."""

import logging
import re

# Response-link tokens are secrets of one recipient; the log keeps that a link was used, not which.
SECRET_PATHS = re.compile(r"(/respond/)[^/\s\"?]+")


class RedactSecretPaths(logging.Filter):
    """Replace the token in /<lang>/respond/<token>/ addresses with [hidden] in every log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if "/respond/" in message:
            record.msg = SECRET_PATHS.sub(r"\1[hidden]", message)
            record.args = ()
        return True
