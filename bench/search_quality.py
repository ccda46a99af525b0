"""Search quality: does the person meant come first? 20,000 generated residents (the
resident_search generator, fixed seeds), 600 targets per kind of query.

Per kind: how often the target is among the results (found) and first (rank 1); for
initials, also found when at most 20 residents share the target's initials, and how often
a resident matching only through a rare reading is listed above one matching through the
common reading (rare above common). Goals: rare above common 0 %, full initials found
≥ 95 % where ≤ 20 residents share them.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import resident_search as generator
from bench.desk_setup import searching_desk
from bench.harness import Report
from desktop.resident_search import search_residents
from desktop.residents import ResidentSummary
from desktop.search_terms import pinyin_variants
from protocol.masking import mask_phone

RESIDENTS = 20_000
TARGETS = 600
SEED = 20261202
LIMIT = 20


def _usual(name: str) -> dict[str, str]:
    """The name's pinyin and initials under its usual reading."""
    variants = pinyin_variants(name)
    usual = variants[0] if variants else ()
    return {"pinyin": "".join(usual), "initials": "".join(s[0] for s in usual)}


def _is(result: ResidentSummary, person: dict[str, Any]) -> bool:
    return result.name == person["name"] and result.phone_masked == mask_phone(person["phone"])


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="search-quality-") as folder:
        ctx, staff = searching_desk(Path(folder))
        db, vault = ctx.db, ctx.vault
        people = generator.generate(db, vault, ctx.center_id, RESIDENTS)
        sharing = Counter(_usual(p["name"])["initials"] for p in people)
        targets = random.Random(SEED).sample(people, TARGETS)
        kinds: dict[str, Callable[[dict[str, Any]], str]] = {
            "full initials": lambda p: _usual(p["name"])["initials"],
            "full pinyin": lambda p: _usual(p["name"])["pinyin"],
            "exact name": lambda p: str(p["name"]),
        }
        for kind, query_of in kinds.items():
            found = first = few = few_found = rare_above = 0
            for person in targets:
                query = query_of(person)
                results = search_residents(ctx, staff, query, LIMIT)
                hit = any(_is(r, person) for r in results)
                found += hit
                first += bool(results) and _is(results[0], person)
                if kind == "full initials":
                    if sharing[query] <= LIMIT:
                        few += 1
                        few_found += hit
                    common = [_usual(r.name)["initials"].startswith(query) for r in results]
                    rare_above += any(not c and any(common[i + 1 :]) for i, c in enumerate(common))
            report.note(f"{kind}: target found %", round(100 * found / TARGETS, 1))
            report.note(f"{kind}: rank 1 %", round(100 * first / TARGETS, 1))
            if kind == "full initials":
                report.note(
                    "full initials, ≤ 20 share them: found %",
                    round(100 * few_found / max(few, 1), 1),
                )
                report.note(
                    "full initials: rare above common %", round(100 * rare_above / TARGETS, 1)
                )
        db.dispose()
