"""What the desk needs from Qt's locale support (ICU underneath), checked by ``--self-check``.

The bundle ships a reduced ICU data library (``installer/slim_icu.py``); these are the
calls that reach it: Chinese collation (pinyin order for sorted name lists), the time
zone's name, and GB18030 text conversion (files and printers of government offices).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCollator, QLocale, QStringEncoder, QTimeZone


def locale_problems() -> list[str]:
    """Empty when all is well; otherwise what does not work, in words for support staff."""
    problems: list[str] = []
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    names = ["张三", "安娜", "李四"]
    if sorted(names, key=collator.sortKey) != ["安娜", "李四", "张三"]:
        problems.append("Chinese names do not sort by pinyin (ICU collation data missing)")
    zone = QTimeZone(QByteArray(b"Asia/Shanghai"))
    if not zone.isValid() or not zone.displayName(QTimeZone.TimeType.StandardTime):
        problems.append("the Asia/Shanghai time zone is unknown (ICU zone data missing)")
    if not QStringEncoder("GB18030").isValid():  # ICU opens the converter here
        problems.append("text cannot be converted to GB18030 (ICU converter missing)")
    return problems
