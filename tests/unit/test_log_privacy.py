"""The desk's log never holds ID numbers or phone numbers."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.log_privacy import REDACTED, configure_logging, scrub
from desktop.validation import PROVINCE_CODES, id_check_char


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


# --- every written form: full-width digits, gaps inside, letters attached, +86 -------------

FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
GAPS = (" ", "-", "\u3000", "\uff0d", "\u2013", " - ", "\u00a0")
NORMAL = str.maketrans({**{v: k for k, v in FULL_WIDTH.items()}, "Ｘ": "X", "ｘ": "X", "x": "X"})
AROUND = st.text(
    alphabet=st.sampled_from(
        list("abcxyzXABC身份证号码电话手机：，。（）()[]/_=:;'\" \n") + list("+＋-－")
    ),
    max_size=12,
)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(sorted(PROVINCE_CODES))) + draw(st.from_regex(r"\A[0-9]{4}\Z"))
    born = draw(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + id_check_char(first17)


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@st.composite
def written(draw: st.DrawFn, number: str, *, phone: bool) -> str:
    """``number`` as a person might type it: widths mixed, gaps anywhere, +86, x or X."""
    out = []
    for position, char in enumerate(number):
        if position and draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(GAPS)))
        if char == "X":
            char = draw(st.sampled_from("XxＸｘ"))
        elif draw(st.booleans()):
            char = FULL_WIDTH[char]
        out.append(char)
    prefix = draw(st.sampled_from(("", "+86", "+86 ", "86", "＋８６", "+86-"))) if phone else ""
    return prefix + "".join(out)


def _normalised(text: str) -> str:
    cleaned = text.translate(NORMAL)
    for gap in GAPS:
        cleaned = cleaned.replace(gap.strip() or gap, "")
    return cleaned


@settings(max_examples=400, deadline=None)
@given(st.data(), AROUND, AROUND)
def test_ids_and_phones_in_any_written_form_are_scrubbed(
    data: st.DataObject, before: str, after: str
) -> None:
    number = data.draw(st.one_of(id_numbers(), mobiles))
    phone = len(number) == 11
    shown = data.draw(written(number, phone=phone))
    text = before + shown + after
    cleaned = scrub(text)
    assert number not in _normalised(cleaned), (text, cleaned)
    assert number[-8:] not in _normalised(cleaned), (text, cleaned)


@given(AROUND)
def test_text_without_numbers_is_left_alone(text: str) -> None:
    assert scrub(text) == text


def test_other_numbers_stay_readable() -> None:
    text = "2026-12-02 10:00 visit 0190aaaa-0000-7000-8000-000000000000 took 12345 µs v1.2.3"
    assert scrub(text) == text
