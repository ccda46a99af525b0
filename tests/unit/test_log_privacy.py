"""The desk's log never holds ID numbers or phone numbers."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.log_privacy import REDACTED, configure_logging, scrub


def test_scrub_removes_ids_and_phones_but_keeps_other_numbers() -> None:
    text = "id 11010119900307123X phone 13812345678 tel 023-68881234 queue A012 year 2026"
    cleaned = scrub(text)
    for secret in ("11010119900307123X", "13812345678", "023-68881234"):
        assert secret not in cleaned
    assert cleaned.count(REDACTED) == 3
    assert "A012" in cleaned and "2026" in cleaned


def test_log_file_gets_scrubbed_messages_and_tracebacks(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "desk.log"
    level = logging.getLogger().level
    handler = configure_logging(log_file)
    try:
        log = logging.getLogger("desk.test")
        log.info("searched %s", "13812345678")
        try:
            raise ValueError("bad id 110101199003071234")
        except ValueError:
            log.exception("failed for %s", "110101199003071234")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        logging.getLogger().setLevel(level)
    written = log_file.read_text(encoding="utf-8")
    assert "13812345678" not in written
    assert "110101199003071234" not in written
    assert "ValueError" in written and written.count(REDACTED) >= 3
