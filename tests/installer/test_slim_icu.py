"""The desk's reduced ICU data library (installer/slim_icu.py), without building a bundle.

Qt is run against the rebuilt library (``LD_LIBRARY_PATH`` comes before the wheel's own
``$ORIGIN``) and must answer exactly as with the full one for everything the desk and
Qt's widgets reach: pinyin collation, Chinese and English dates, time zone names in
Chinese, case mapping, the Chinese converters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import slim_icu  # noqa: E402

pytestmark = pytest.mark.slow

QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
ICU_DATA = sorted(QT_LIB.glob("libicudata.so.*"))

CHECK = """
import functools, json
from PySide6.QtCore import QCollator, QDate, QLocale, QStringEncoder, QTimeZone
zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
en = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
names = ["张三", "李四", "王五", "赵六", "阿明", "陈晨", "欧阳修", "Zoe", "bob"]
shanghai = QTimeZone(b"Asia/Shanghai")
new_york = QTimeZone(b"America/New_York")
long_name = QTimeZone.NameType.LongName
out = {
    "pinyin": sorted(names, key=functools.cmp_to_key(QCollator(zh).compare)),
    "english": sorted(["banana", "Apple", "cherry", "apple", "Éclair"],
                      key=functools.cmp_to_key(QCollator(en).compare)),
    "date_zh": zh.toString(QDate(2025, 3, 8), QLocale.FormatType.LongFormat),
    "date_en": en.toString(QDate(2025, 3, 8), QLocale.FormatType.LongFormat),
    "upper_tr": QLocale(QLocale.Language.Turkish).toUpper("istanbul"),
    "zone_zh": shanghai.displayName(QTimeZone.TimeType.StandardTime, long_name, zh),
    "zone_en": shanghai.displayName(QTimeZone.TimeType.StandardTime, long_name, en),
    "zone_ny_zh": new_york.displayName(QTimeZone.TimeType.DaylightTime, long_name, zh),
}
for codec in ["GB18030", "GBK", "GB2312", "Big5", "Big5-HKSCS", "windows-1252", "KOI8-R"]:
    out[codec] = QStringEncoder(codec).isValid()
print(json.dumps(out, ensure_ascii=False))
"""


def _qt_answers(library_dir: Path | None) -> dict[str, object]:
    env = dict(os.environ)
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)
    done = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert isinstance(answers, dict)
    return answers


@pytest.fixture(scope="module")
def original() -> bytes:
    if len(ICU_DATA) != 1:
        pytest.skip("this PySide6 wheel has no ICU data library of its own")
    return slim_icu._elf_symbol(ICU_DATA[0])[1]


def test_package_round_trips_and_keeps_what_a_chinese_english_desk_reaches(
    original: bytes,
) -> None:
    header, prefix, items = slim_icu.read_package(original)
    assert slim_icu.read_package(slim_icu.write_package(header, prefix, items))[2] == items
    slim, dropped = slim_icu.filter_package(original)
    _, _, kept = slim_icu.read_package(slim)
    for name in (
        "coll/zh.res",
        "coll/root.res",
        "coll/ucadata.icu",
        "zone/zh.res",
        "zone/en_GB.res",
        "zh_Hans_CN.res",
        "zoneinfo64.res",
        "metaZones.res",
        "gb18030.cnv",
        "windows-936-2000.cnv",
        "ibm-1386_P100-2001.cnv",
        "cnvalias.icu",
        "uts46.nrm",
    ):
        assert name in kept, name
    for name in (
        "coll/de.res",
        "coll/de__PHONEBOOK.res",
        "de.res",
        "brkitr/cjdict.dict",
        "translit/root.res",
        "rbnf/zh.res",
        "euc-jp-2007.cnv",
        "ibm-943_P130-1999.cnv",  # extends ibm-943_P15A-2003, which is left out
    ):
        assert name in dropped, name
    assert len(slim) < len(original) / 4


@pytest.mark.skipif(shutil.which("gcc") is None, reason="rebuilding the library needs gcc")
def test_qt_answers_the_same_with_the_rebuilt_library(original: bytes, tmp_path: Path) -> None:
    stats = slim_icu.build_library(ICU_DATA[0], tmp_path / ICU_DATA[0].name)
    assert stats["library_bytes_after"] < 8_000_000
    full = _qt_answers(None)
    assert full["pinyin"][:3] == ["阿明", "陈晨", "李四"]  # the check means something
    assert full["zone_zh"] == "中国标准时间"
    assert _qt_answers(tmp_path) == full
