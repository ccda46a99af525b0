"""Search keys of a resident, and what a typed query means.

A resident is findable by keys stored as ``kind:value`` rows in ``resident_search_term``:

* ``n:`` the name (prefix search on the characters typed: ``张`` finds 张三, 张三丰);
* ``p:`` full pinyin without tones or spaces (``zhangsan``; prefixes such as ``zhangs``);
* ``i:`` pinyin initials (``zs``);
* ``t:`` the last four digits of the phone; ``d:`` the last four characters of the ID number.

Names with several possible readings (多音字; surnames such as 曾 zeng/ceng, 单 shan/dan)
get one pinyin and one initials key per likely reading, so whichever the resident says, the
desk finds them. A query becomes one or more half-open term ranges ``[low, high)`` scanned
on the ``(center_id, term, resident_id)`` index; a full phone or ID number is matched through
the keyed hash instead (the plain value never sits in the database).

pypinyin is imported on first use: it takes a quarter of a second to load.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from desktop.validation import ID_NUMBER_LENGTH, is_landline, is_mobile, phone_digits

NAME = "n"
PINYIN = "p"
INITIALS = "i"
PHONE_LAST4 = "t"
ID_LAST4 = "d"

TERM_MAX = 80
MAX_READINGS_PER_CHAR = 2
MAX_NAME_VARIANTS = 6

#: Readings of characters when used as a surname, preferred reading first.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng", "ceng"),
    "单": ("shan", "dan"),
    "解": ("xie", "jie"),
    "仇": ("qiu", "chou"),
    "朴": ("piao", "pu"),
    "区": ("ou", "qu"),
    "查": ("zha", "cha"),
    "盖": ("ge", "gai"),
    "缪": ("miao", "mou"),
    "翟": ("zhai", "di"),
    "覃": ("qin", "tan"),
    "乐": ("yue", "le"),
    "华": ("hua",),
    "纪": ("ji",),
    "种": ("chong", "zhong"),
    "秘": ("bi", "mi"),
    "召": ("shao", "zhao"),
    "过": ("guo",),
    "宿": ("su",),
    "员": ("yun", "yuan"),
    "繁": ("po", "fan"),
    "折": ("she", "zhe"),
    "黑": ("he", "hei"),
    "冼": ("xian",),
    "隗": ("wei", "kui"),
    "句": ("gou", "ju"),
    "长": ("chang", "zhang"),
    "柏": ("bai", "bo"),
    "藏": ("zang", "cang"),
    "尉": ("wei", "yu"),
    "沈": ("shen",),
    "石": ("shi",),
    "薄": ("bo",),
    "牟": ("mou", "mu"),
    "祭": ("zhai", "ji"),
    "阚": ("kan",),
    "寻": ("xun",),
    "炅": ("gui", "jiong"),
}
#: Given-name characters whose second reading people really use in names (乐 yue/le, 行
#: xing/hang ...); every other character is read its usual way only, so a rare dictionary
#: reading (余 tu, 吴 tun) never puts a stranger before the person meant.
GIVEN_NAME_READINGS: dict[str, tuple[str, ...]] = {
    "乐": ("le", "yue"),
    "行": ("xing", "hang"),
    "长": ("chang", "zhang"),
    "重": ("zhong", "chong"),
    "朝": ("zhao", "chao"),
    "传": ("chuan", "zhuan"),
    "都": ("du", "dou"),
    "调": ("tiao", "diao"),
    "觉": ("jue", "jiao"),
    "曾": ("zeng", "ceng"),
    "单": ("dan", "shan"),
    "藏": ("cang", "zang"),
    "茜": ("qian", "xi"),
    "柏": ("bai", "bo"),
    "蔚": ("wei", "yu"),
}
#: Two-character surnames (复姓) and their readings.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "尉迟": ("yu", "chi"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "长孙": ("zhang", "sun"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "夏侯": ("xia", "hou"),
    "令狐": ("ling", "hu"),
    "澹台": ("tan", "tai"),
    "单于": ("chan", "yu"),
    "万俟": ("mo", "qi"),
    "呼延": ("hu", "yan"),
    "端木": ("duan", "mu"),
    "西门": ("xi", "men"),
    "南宫": ("nan", "gong"),
    "闻人": ("wen", "ren"),
    "轩辕": ("xuan", "yuan"),
    "钟离": ("zhong", "li"),
    "申屠": ("shen", "tu"),
}

_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ee5f\U0002f800-\U0002fa1f\U00030000-\U000323af"
"""Han characters of every block, rare ones beyond the BMP (生僻字 such as 𠮷) included."""
_CJK = re.compile(f"[{_HAN}]")
_LATIN_QUERY = re.compile(r"[a-z]+")
_ID_TAIL = re.compile(r"\d{3}[\dX]")
_ID_FULL = re.compile(r"\d{17}[\dX]")
_SPACES = re.compile(r"\s+")
_RUNS = re.compile(f"[{_HAN}]+|[0-9A-Za-z]+")
_KEPT = re.compile(f"[{_HAN}0-9A-Za-z]")


def normalise_name(name: str) -> str:
    """Trimmed, inner runs of spaces collapsed to one."""
    return _SPACES.sub(" ", name.strip())


def term(kind: str, value: str) -> str:
    return f"{kind}:{value}"[:TERM_MAX]


# ---------------------------------------------------------------- terms of a resident


def resident_terms(name: str, phone_digits_text: str = "", id_number: str = "") -> list[str]:
    """Every search key of a resident (deduplicated, in a stable order).

    ``phone_digits_text`` is the phone without separators, ``id_number`` normalised.
    """
    terms: list[str] = []
    clean = normalise_name(name)
    if clean:
        terms.append(term(NAME, clean.replace(" ", "")))
        for spelling in _pinyin_variants_cached(clean):  # ``clean`` is normalised already
            terms.append(term(PINYIN, "".join(spelling)))
            terms.append(term(INITIALS, "".join(s[0] for s in spelling)))
    if len(phone_digits_text) >= 4:
        terms.append(term(PHONE_LAST4, phone_digits_text[-4:]))
    if len(id_number) >= 4:
        terms.append(term(ID_LAST4, id_number[-4:].upper()))
    return list(dict.fromkeys(terms))


def usual_keys(name: str) -> dict[str, str]:
    """The name's keys under its usual reading (pinyin, initials): what ranks a match on
    the common reading above one on a rarer reading."""
    variants = pinyin_variants(name)
    if not variants:
        return {}
    usual = variants[0]
    return {PINYIN: "".join(usual), INITIALS: "".join(s[0] for s in usual)}


def pinyin_variants(name: str) -> list[tuple[str, ...]]:
    """Likely spellings of a name, syllable by syllable; the usual reading first."""
    return list(_pinyin_variants_cached(normalise_name(name)))


@lru_cache(maxsize=65536)
def _pinyin_variants_cached(name: str) -> tuple[tuple[str, ...], ...]:
    options = _reading_options(name)
    if not options:
        return ()
    if all(len(o) == 1 for o in options):  # one reading each (most names): one spelling
        return (tuple(o[0] for o in options),)
    combos = itertools.product(*(range(len(o)) for o in options))
    # fewest departures from the usual reading first; stable within equal counts
    chosen = sorted(combos, key=lambda picks: sum(1 for p in picks if p))[:MAX_NAME_VARIANTS]
    return tuple(tuple(options[i][p] for i, p in enumerate(picks)) for picks in chosen)


def _reading_options(name: str) -> list[tuple[str, ...]]:
    """Per syllable, its possible readings (the usual one first)."""
    text = "".join(_KEPT.findall(name))  # Han characters, ASCII letters and digits
    if not text:
        return []
    options: list[tuple[str, ...]] = []
    start = 0
    compound = COMPOUND_SURNAMES.get(text[:2]) if len(text) > 2 else None
    if compound:
        options.extend((syllable,) for syllable in compound)
        start = 2
    elif len(text) > 1 and _CJK.match(text[0]):  # the surname is read on its own
        # a surname is read as the surname table says, else its usual reading only
        surname = SURNAME_READINGS.get(text[0]) or _usual_readings(text[0])
        options.append(_with_u(surname))
        start = 1
    for run in _RUNS.findall(text[start:]):
        if not _CJK.match(run):
            options.append((run.lower(),))
            continue
        for char, reading in zip(run, _usual_readings(run), strict=True):
            if char not in GIVEN_NAME_READINGS and "v" not in reading:
                options.append((reading,))  # what the general case below gives for it
                continue
            readings = (reading, *GIVEN_NAME_READINGS.get(char, ()))
            options.append(_with_u(tuple(dict.fromkeys(readings))[:MAX_READINGS_PER_CHAR]))
    return options


@lru_cache(maxsize=65536)
def _usual_readings(run: str) -> tuple[str, ...]:
    """The usual reading of each character of a run of Han characters (phrase aware)."""
    pypinyin: Any = _pypinyin()
    return tuple(str(r) for r in pypinyin.lazy_pinyin(run))


def _with_u(readings: Iterable[str]) -> tuple[str, ...]:
    """ü is written ``v`` by pypinyin; people also type ``u`` (吕 lv / lu)."""
    out: list[str] = []
    for reading in readings:
        out.append(reading)
        if "v" in reading:
            out.append(reading.replace("v", "u"))
    return tuple(dict.fromkeys(out))


def _pypinyin() -> Any:
    import pypinyin

    return pypinyin


# ---------------------------------------------------------------- what a query means


@dataclass(frozen=True)
class TermRange:
    """Terms ``low <= term < high``; ``low`` itself is the exact match."""

    low: str
    high: str

    @classmethod
    def prefix(cls, kind: str, value: str) -> TermRange:
        low = term(kind, value)
        return cls(low, _successor(low))


@dataclass(frozen=True)
class QueryPlan:
    """How to look up what was typed: term ranges and/or exact keyed-hash matches."""

    ranges: tuple[TermRange, ...] = ()
    phone_key: str | None = None  # phone digits to match through ``phone_hash``
    id_number: str | None = None  # normalised ID number to match through ``id_hash``
    kinds: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.ranges and self.phone_key is None and self.id_number is None


def plan_query(text: str) -> QueryPlan:
    """Turn what was typed into lookups. Nothing useful typed gives an empty plan."""
    compact = _SPACES.sub("", text.strip())
    if not compact:
        return QueryPlan()
    if _CJK.search(compact):
        return QueryPlan((TermRange.prefix(NAME, compact),), kinds=(NAME,))
    upper = compact.upper()
    if len(upper) == ID_NUMBER_LENGTH and _ID_FULL.fullmatch(upper):
        return QueryPlan(id_number=upper, kinds=("id_number",))
    lower = compact.lower().replace("'", "").replace("’", "")
    if _LATIN_QUERY.fullmatch(lower):
        ranges = (TermRange.prefix(INITIALS, lower), TermRange.prefix(PINYIN, lower))
        return QueryPlan(ranges, kinds=(INITIALS, PINYIN))
    if len(upper) == 4 and _ID_TAIL.fullmatch(upper):
        if upper.isdigit():
            ranges = (TermRange.prefix(PHONE_LAST4, upper), TermRange.prefix(ID_LAST4, upper))
            return QueryPlan(ranges, kinds=(PHONE_LAST4, ID_LAST4))
        return QueryPlan((TermRange.prefix(ID_LAST4, upper),), kinds=(ID_LAST4,))
    digits = phone_digits(compact)
    if digits.isdigit() and (is_mobile(digits) or is_landline(digits)):
        return QueryPlan(phone_key=digits, kinds=("phone",))
    return QueryPlan()


def _successor(text: str) -> str:
    """The smallest string greater than every string starting with ``text``."""
    last = ord(text[-1])
    if last < 0xD7FF or 0xE000 <= last < 0x10FFFF:
        return text[:-1] + chr(last + 1)
    return text + "\U0010ffff"
