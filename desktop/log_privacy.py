"""The desk's log file, with a filter that keeps personal data out of it.

Every record (message, arguments, exception text, stack) is scrubbed of anything shaped
like an ID number or a phone number before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_PERSONAL = (
    re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"),  # ID number, 18 characters
    re.compile(r"(?<!\d)\d{15}(?!\d)"),  # first-generation ID number
    re.compile(r"(?<!\d)(?:\+?86[- ]?)?1\d{2}[- ]?\d{4}[- ]?\d{4}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)"),  # landline with area code
    re.compile(r"(?<!\d)\d{7,8}(?!\d)"),  # local landline
)
REDACTED = "[personal data removed]"


def scrub(text: str) -> str:
    for pattern in _PERSONAL:
        text = pattern.sub(REDACTED, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Rewrites each record so it carries no ID or phone number."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = scrub(formatter.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def configure_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    """Send the desk's logs to ``log_file`` (rotated), through the privacy filter."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return handler
