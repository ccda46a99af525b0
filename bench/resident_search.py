"""Resident search over 200,000 generated residents, per kind of query.

Generates realistic residents (surnames by frequency, one or two given-name characters,
mobiles and some landlines, GB 11643 ID numbers for most) into a temporary migrated
database with SQLAlchemy Core bulk inserts, then measures ``search_residents`` per kind of
query against a raw ``sqlite3`` baseline running the same range scans on the same index.
Target: p95 ≤ 3 ms for every kind.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import insert

from bench.desk_setup import searching_desk
from bench.harness import Report, Timing, measure
from db.engine import Database
from db.ids import uuid7
from db.models import Resident, ResidentSearchTerm, Visit
from db.types import utcnow
from desktop import resident_search
from desktop.pii import PiiVault
from desktop.resident_search import search_residents
from desktop.residents import ID_HASH_KIND, PHONE_HASH_KIND
from desktop.search_terms import TermRange, plan_query, resident_terms
from desktop.validation import id_check_char, normalise_phone, phone_match_key
from protocol.masking import mask_id_number, mask_phone

RESIDENTS = int(os.environ.get("BENCH_RESIDENTS", "200000"))
QUERIES_PER_KIND = 300
LIMIT = 20
SEED = 20260601

# surname: share in percent (approximate national frequencies), most common first
SURNAMES = (
    "王7.1 李7.0 张6.7 刘5.4 陈4.5 杨3.1 黄2.2 赵2.0 吴2.0 周1.9 徐1.6 孙1.5 马1.4 朱1.3 "
    "胡1.3 郭1.2 何1.2 高1.1 林1.1 罗0.9 郑0.9 梁0.9 谢0.8 宋0.8 唐0.8 许0.7 韩0.7 冯0.7 "
    "邓0.7 曹0.7 彭0.6 曾0.6 肖0.6 田0.6 董0.5 袁0.5 潘0.5 于0.5 蒋0.5 蔡0.5 余0.5 杜0.5 "
    "叶0.4 程0.4 苏0.4 魏0.4 吕0.4 丁0.4 任0.4 沈0.4 姚0.4 卢0.4 姜0.3 崔0.3 钟0.3 谭0.3 "
    "陆0.3 汪0.3 范0.3 金0.3 石0.3 廖0.3 贾0.3 夏0.3 韦0.3 付0.3 方0.3 白0.3 邹0.3 孟0.3 "
    "熊0.3 秦0.3 邱0.3 江0.3 尹0.3 薛0.2 闫0.2 段0.2 雷0.2 侯0.2 龙0.2 史0.2 陶0.2 黎0.2 "
    "贺0.2 顾0.2 毛0.2 郝0.2 龚0.2 邵0.2 万0.2 钱0.2 严0.2 覃0.2 武0.2 戴0.2 莫0.2 孔0.2 "
    "向0.2 汤0.2 单0.05 欧阳0.05 解0.03 仇0.03"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉梅志文辉鹏飞斌宇浩凯"
    "俊峰琳婷雪燕玲丹晶颖倩慧琴云莉萍春晓光亮成永林海波荣生福安宁德兴贵珍凤金彬德"
    "子涵欣怡梓轩雨萱一诺浩然思远佳琪嘉宏博文瑞泽晨阳天佑家豪婉清若曦长乐和顺"
)
REGIONS = ("500103", "500106", "500108", "500112", "500116", "510107", "110105", "440106")


def _pick_surnames(rng: random.Random, count: int) -> list[str]:
    pairs = re.findall(r"(\D+?)([\d.]+)", SURNAMES.replace(" ", ""))
    return rng.choices([name for name, _ in pairs], [float(share) for _, share in pairs], k=count)


def _name(rng: random.Random, surname: str) -> str:
    return surname + "".join(rng.choices(GIVEN, k=1 if rng.random() < 0.3 else 2))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"023-{rng.randint(2, 8)}{rng.randrange(10**7):07d}"
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _id_number(rng: random.Random) -> str:
    birth = rng.randint(1930, 2012), rng.randint(1, 12), rng.randint(1, 28)
    first17 = (
        f"{rng.choice(REGIONS)}{birth[0]}{birth[1]:02d}{birth[2]:02d}{rng.randrange(1000):03d}"
    )
    return first17 + id_check_char(first17)


def generate(db: Database, vault: PiiVault, center_id: str, count: int) -> list[dict[str, Any]]:
    """Insert ``count`` residents and their search keys; returns the plain values used."""
    rng = random.Random(SEED)
    people: list[dict[str, Any]] = []
    residents: list[dict[str, Any]] = []
    terms: list[dict[str, Any]] = []
    now = utcnow()
    for surname in _pick_surnames(rng, count):
        name, phone = _name(rng, surname), normalise_phone(_phone(rng))
        id_number = _id_number(rng) if rng.random() < 0.7 else ""
        key, resident_id = phone_match_key(phone), uuid7()
        people.append({"id": resident_id, "name": name, "phone": phone, "id_number": id_number})
        residents.append(
            {
                "id": resident_id,
                "center_id": center_id,
                "name": name,
                "phone_cipher": vault.encrypt(phone),
                "phone_hash": vault.blind_hash(PHONE_HASH_KIND, key),
                "phone_masked": mask_phone(phone),
                "id_cipher": vault.encrypt(id_number),
                "id_hash": vault.blind_hash(ID_HASH_KIND, id_number),
                "id_masked": mask_id_number(id_number) if id_number else "",
                "estate": "幸福里小区",
                "building": str(rng.randint(1, 30)),
                "unit": str(rng.randint(1, 4)),
                "room": str(rng.randint(101, 3204)),
                "grid": f"第{rng.randint(1, 12)}网格",
                "note": "",
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "deleted_at": None,
            }
        )
        terms.extend(
            {"center_id": center_id, "resident_id": resident_id, "term": term}
            for term in resident_terms(name, key, id_number)
        )
    with db.engine.begin() as conn:
        for chunk in _chunks(residents, 20_000):
            conn.execute(insert(Resident), chunk)
        for chunk in _chunks(terms, 50_000):
            conn.execute(insert(ResidentSearchTerm), chunk)
    return people


VISITORS_SHARE = 0.3
"""Share of residents with visits (one to three) within the last year, so the ranking's
look-up of recent visitors has real rows to read."""


def add_visits(db: Database, center_id: str, staff_id: str, resident_ids: list[str]) -> int:
    """Visits of a share of the residents, spread over the last 365 days."""
    rng = random.Random(SEED + 1)
    today = utcnow().date()
    numbers: dict[dt.date, int] = {}
    visits: list[dict[str, Any]] = []
    for resident_id in resident_ids:
        if rng.random() >= VISITORS_SHARE:
            continue
        for _ in range(rng.randint(1, 3)):
            day = today - dt.timedelta(days=rng.randint(0, 364))
            numbers[day] = numbers.get(day, 0) + 1
            arrived = dt.datetime.combine(day, dt.time(1, 30), dt.UTC)
            visits.append(
                {
                    "id": uuid7(),
                    "center_id": center_id,
                    "resident_id": resident_id,
                    "registered_by": staff_id,
                    "desk_slot": 1,
                    "visit_date": day,
                    "queue_line": "A",
                    "queue_number": f"A{numbers[day]:04d}",
                    "status": "closed",
                    "verification_code": uuid7()[-12:],
                    "arrived_at": arrived,
                    "created_at": arrived,
                    "updated_at": arrived,
                    "version": 1,
                }
            )
    with db.engine.begin() as conn:
        for chunk in _chunks(visits, 20_000):
            conn.execute(insert(Visit), chunk)
    return len(visits)


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def queries(people: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Realistic queries of every kind, taken from the generated residents."""
    rng = random.Random(SEED + 1)
    sample = rng.sample(people, QUERIES_PER_KIND)
    with_id = [p for p in people[: QUERIES_PER_KIND * 3] if p["id_number"]][:QUERIES_PER_KIND]
    pinyin = [resident_terms(p["name"]) for p in sample]
    return {
        "name prefix, 1 char": [p["name"][0] for p in sample],
        "name prefix, 2 chars": [p["name"][:2] for p in sample],
        "pinyin initials": [next(t[2:] for t in ts if t.startswith("i:")) for ts in pinyin],
        "full pinyin": [next(t[2:] for t in ts if t.startswith("p:")) for ts in pinyin],
        "phone last 4": [p["phone"][-4:] for p in sample],
        "full phone": [p["phone"] for p in sample],
        "ID last 4": [p["id_number"][-4:] for p in with_id],
    }


def raw_search(conn: sqlite3.Connection, vault: PiiVault, center_id: str) -> Callable[[str], int]:
    """The baseline: the same lookups as plain SQL on a bare ``sqlite3`` connection."""
    columns = "r.id, r.name, r.phone_masked, r.id_masked, r.estate, r.building, r.unit, r.room"
    by_range = (
        f"SELECT t.term, {columns} FROM resident_search_term t JOIN resident r"
        " ON r.id = t.resident_id WHERE t.center_id = ? AND t.term >= ? AND t.term < ?"
        " AND r.deleted_at IS NULL ORDER BY t.term LIMIT ?"
    )
    by_phone = (
        f"SELECT {columns} FROM resident r WHERE r.center_id = ? AND r.phone_hash = ?"
        " AND r.deleted_at IS NULL LIMIT ?"
    )

    def run(query: str) -> int:
        plan = plan_query(query)
        found = 0
        if plan.phone_key is not None:
            digest = vault.blind_hash(PHONE_HASH_KIND, plan.phone_key)
            found += len(conn.execute(by_phone, (center_id, digest, LIMIT)).fetchall())
        for term_range in plan.ranges:
            found += len(_fetch_range(conn, by_range, center_id, term_range))
        return found

    return run


def _fetch_range(
    conn: sqlite3.Connection, sql: str, center_id: str, term_range: TermRange
) -> list[Any]:
    return conn.execute(sql, (center_id, term_range.low, term_range.high, LIMIT * 2)).fetchall()


def _cycling(fn: Callable[[str], Any], items: list[str]) -> Callable[[], Any]:
    cycle = itertools.cycle(items)
    return lambda: fn(next(cycle))


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="resident-search-") as folder:
        ctx, staff = searching_desk(Path(folder))
        db, vault = ctx.db, ctx.vault
        started = time.perf_counter()
        people = generate(db, vault, ctx.center_id, RESIDENTS)
        report.note("residents", RESIDENTS)
        report.note("generation_s", round(time.perf_counter() - started, 1))
        visits = add_visits(db, ctx.center_id, staff.id, [p["id"] for p in people])
        report.note("visits", visits)
        with db.read() as session:
            count = session.query(ResidentSearchTerm).count()
        report.note("search_terms", count)
        conn = sqlite3.connect(ctx.paths.database)
        baseline = raw_search(conn, vault, ctx.center_id)
        for kind, texts in queries(people).items():
            base = report.add(
                measure(f"raw SQL: {kind}", _cycling(baseline, texts), repeat=len(texts))
            )
            ours = measure(
                f"search_residents: {kind}",
                _cycling(lambda q: search_residents(ctx, staff, q, LIMIT), texts),
                repeat=len(texts),
                baseline=base.name,
            )
            report.add(ours)
            report.note(f"p95 ≤ 3 ms: {kind}", ours.p95_ms <= 3.0)
            with mock.patch.object(resident_search, "_recent_visits", lambda *_: {}):
                report.add(
                    measure(
                        f"  the same without the recent-visitor look-up: {kind}",
                        _cycling(lambda q: search_residents(ctx, staff, q, LIMIT), texts),
                        repeat=len(texts),
                        baseline=base.name,
                    )
                )
        report.add(_full_scan(conn, ctx.center_id))
        conn.close()
        db.dispose()


def _full_scan(conn: sqlite3.Connection, center_id: str) -> Timing:
    """What a search without the term index costs (for contrast, a few runs)."""
    sql = "SELECT id, name FROM resident WHERE center_id = ? AND name LIKE ? LIMIT 20"
    return measure(
        "reference: full-table scan (name LIKE)",
        lambda: conn.execute(sql, (center_id, "%明明%")).fetchall(),
        repeat=10,
        warmup=1,
    )
