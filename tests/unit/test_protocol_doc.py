"""docs/sync-protocol.md's tables written from protocol/ are as protocol/ writes them now."""

from __future__ import annotations

from protocol import doc_tables
from protocol.reasons import REASON_STATUS, REASONS


def test_the_generated_sections_do_not_drift() -> None:
    current = doc_tables.DOC.read_text(encoding="utf-8")
    assert doc_tables.render(current) == current, (
        "docs/sync-protocol.md is behind protocol/: run `python -m protocol.doc_tables --write`"
    )


def test_every_reason_code_has_its_status() -> None:
    assert set(REASON_STATUS) == set(REASONS)


def test_every_entity_and_reason_is_in_the_document() -> None:
    text = doc_tables.DOC.read_text(encoding="utf-8")
    for code in REASONS:
        assert f"| `{code}` |" in text
    for entity in ("resident", "visit", "request", "booking", "saturday_slot"):
        assert f"#### `{entity}`" in text
