"""The parts of ``docs/sync-protocol.md`` written from ``protocol/`` itself, so the
document cannot drift from the code: every entity's payload fields with their types and
allowed values, the closed vocabularies, the reason codes with their HTTP statuses, and the
limits. ``python -m protocol.doc_tables --write`` rewrites the marked sections;
``tests/unit/test_protocol_doc.py`` fails when the document differs from what it writes.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from protocol import common, storable
from protocol.entities import (
    DERIVED_ENTITIES,
    PAYLOAD_MODELS,
    READ_ONLY_ENTITIES,
    REFERENCES,
    BookingStatus,
)
from protocol.reasons import REASON_STATUS, REASONS
from protocol.work_orders import TRANSITIONS, WorkOrderStatus

DOC = Path(__file__).resolve().parents[1] / "docs" / "sync-protocol.md"
BEGIN = "<!-- generated from protocol/ by `python -m protocol.doc_tables --write`: {name} -->"
END = "<!-- end of generated {name} -->"


def _type_name(annotation: Any) -> tuple[str, bool]:
    """A readable type and whether it may be null."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        name, _ = _type_name(args[0])
        return name, len(args) < len(typing.get_args(annotation))
    if origin is typing.Literal:
        return "text, one of " + ", ".join(f"`{v}`" for v in typing.get_args(annotation)), False
    if origin is typing.Annotated:
        return _type_name(typing.get_args(annotation)[0])
    names = {str: "text", int: "integer", bool: "true/false", dt.date: "date `YYYY-MM-DD`"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation))), False


def _metadata(info: FieldInfo) -> list[Any]:
    """Constraints on the field, and on an ``Annotated`` type inside ``X | None``."""
    found = list(info.metadata)
    for arg in typing.get_args(info.annotation):
        if typing.get_origin(arg) is typing.Annotated:
            for extra in typing.get_args(arg)[1:]:
                found.extend(getattr(extra, "metadata", [extra]))
    return found


def _limits(info: FieldInfo) -> str:
    parts = []
    for item in _metadata(info):
        for name, words in (
            ("min_length", "at least {} characters"),
            ("max_length", "at most {} characters"),
            ("ge", "≥ {}"),
            ("le", "≤ {}"),
            ("pattern", "matches `{}`"),
        ):
            value = getattr(item, name, None)
            if value is not None:
                parts.append(words.format(value))
    return ", ".join(parts)


def _field_rows(model: type[BaseModel]) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        kind, nullable = _type_name(info.annotation)
        if "date" in kind:
            kind = f"date `YYYY-MM-DD` ({storable.EARLIEST_DAY} – {storable.LATEST_DAY})"
        required = "yes"
        if not info.is_required():
            shown = {None: "", "": " (default empty)"}.get(
                info.default, f" (default `{info.default}`)"
            )
            required = "no" + shown
        notes = "; ".join(
            part for part in (_limits(info), "may be null" if nullable else "") if part
        )
        if info.description:
            notes = f"{notes}; {info.description}" if notes else info.description
        rows.append(f"| `{name}` | {kind} | {required} | {notes} |")
    return rows


def entities() -> str:
    out = []
    for entity, model in PAYLOAD_MODELS.items():
        traits = []
        if entity in DERIVED_ENTITIES:
            traits.append("derived alike by every desk (merged, never a version conflict)")
        if entity in REFERENCES:
            traits.append("refers to " + ", ".join(f"`{r}`" for r in REFERENCES[entity]))
        out.append(f"#### `{entity}`" + (f" — {'; '.join(traits)}" if traits else ""))
        out.append("")
        out.append("| field | type | required | limits and meaning |")
        out.append("| --- | --- | --- | --- |")
        out.extend(_field_rows(model))
        out.append("")
    out.append(
        "Every payload may carry more fields (they pass through to the center's other "
        "desks). Written by the district only (`read_only_entity` when pushed): "
        + ", ".join(f"`{e}`" for e in sorted(READ_ONLY_ENTITIES))
        + "."
    )
    return "\n".join(out)


def vocabularies() -> str:
    transitions = "; ".join(
        f"`{start}` → " + (", ".join(f"`{t}`" for t in ends) if ends else "nothing")
        for start, ends in TRANSITIONS.items()
    )
    rows = [
        ("booking `status`", typing.get_args(BookingStatus)),
        ("work order `status`", typing.get_args(WorkOrderStatus)),
        ("change `op`", ("insert", "update", "delete")),
        ("push result `status`", ("accepted", "rejected", "conflict")),
        ("`recovery.action`", typing.get_args(common.RecoveryAction)),
    ]
    out = ["| what | values |", "| --- | --- |"]
    out += [f"| {what} | {', '.join(f'`{v}`' for v in values)} |" for what, values in rows]
    out.append(f"| work order steps | {transitions} |")
    return "\n".join(out)


def reason_codes() -> str:
    out = ["| code | status | 中文 | English |", "| --- | --- | --- | --- |"]
    for code, (zh, en) in REASONS.items():
        out.append(f"| `{code}` | {REASON_STATUS[code]} | {zh} | {en} |")
    return "\n".join(out)


def limits() -> str:
    rows = [
        ("request body", f"{common.MAX_BODY_BYTES:,} bytes (413 `body_too_large`)"),
        ("changes per push", f"{common.MAX_CHANGES_PER_PUSH} (413 `batch_too_large`)"),
        ("changes per pull page", f"{common.MAX_PULL_PAGE}"),
        ("`version`", f"1 – {storable.INT32_MAX:,}"),
        ("`seq`", "1 – 2^62"),
        ("payload dates", f"{storable.EARLIEST_DAY} – {storable.LATEST_DAY}, no time part"),
        ("ids", f"`{common.ID_PATTERN}`"),
        ("entity names", f"`{common.ENTITY_PATTERN}`"),
    ]
    return "\n".join(["| limit | value |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows])


SECTIONS = {
    "entities": entities,
    "vocabularies": vocabularies,
    "reason codes": reason_codes,
    "limits": limits,
}


def render(text: str) -> str:
    """``text`` with every generated section written anew."""
    for name, make in SECTIONS.items():
        begin, end = BEGIN.format(name=name), END.format(name=name)
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"docs/sync-protocol.md has no section marked {begin}")
        section = f"{begin}\n{make()}\n{end}"
        text = pattern.sub(lambda _m, section=section: section, text)  # type: ignore[misc]
    return text


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    wanted = render(current)
    if "--write" in argv:
        DOC.write_text(wanted, encoding="utf-8")
        return 0
    return 0 if wanted == current else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
