"""The desk's log file, with a filter that keeps personal data out of it.

Every record (message, arguments, exception text, stack) is scrubbed of anything shaped
like an ID number or a phone number before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

# How numbers get written: ASCII or full-width digits, grouped by spaces or dashes of any
# width (up to three between digits, " - "), an ID number's check character in either case and
# width, letters or Chinese written right against it ("身份证110…号", "ID110…abc").
_DIGIT = "[0-9\uff10-\uff19]"
_GAP = "[ \t\u00a0\u3000\\-\u2010\u2011\u2012\u2013\u2014\u2212\uff0d]{0,3}"
_CHECK = "[0-9\uff10-\uff19XxＸｘ]"
_ALONE = f"(?<!{_DIGIT})"  # not glued to a digit before
_ENDS = f"(?!{_DIGIT})"  # nor after
_PLUS86 = f"(?:(?:\\+|＋|00|００)?[8８][6６]{_GAP})?"


def _digits(count: int) -> str:
    """``count`` digits with a gap allowed between any two."""
    return f"{_DIGIT}(?:{_GAP}{_DIGIT}){{{count - 1}}}"


_PERSONAL = (
    # ID number, 18 characters (GB 11643), the last one may be X
    re.compile(f"{_ALONE}{_digits(17)}{_GAP}{_CHECK}{_ENDS}"),
    re.compile(f"{_ALONE}{_digits(15)}{_ENDS}"),  # first-generation ID number
    re.compile(f"{_ALONE}{_PLUS86}[1１]{_GAP}{_digits(10)}{_ENDS}"),  # mobile, maybe +86
    re.compile(f"{_ALONE}{_PLUS86}[0０]{_GAP}{_digits(9)}(?:{_GAP}{_DIGIT})?{_ENDS}"),  # landline
    re.compile(f"{_ALONE}{_DIGIT}{{7,8}}{_ENDS}"),  # local landline, written unbroken
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
    if os.name != "nt":
        os.chmod(log_file, 0o600)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return handler
