"""A work order's steps as the 诉求办理台账 shows them, in the center's time zone."""

from __future__ import annotations

import json

from desktop.i18n import Translator
from desktop.statistics.referral_steps import steps_text

STEPS = [
    {"at": "2026-12-01T02:02:00Z", "action": "referred", "status": "submitted", "note": "城建科"},
    {
        "at": "2026-12-01T03:15:00Z",
        "action": "assign",
        "status": "assigned",
        "department": "城建科",
    },
    {"at": "not a time", "action": "accept", "status": "accepted"},
    {"at": "2026-12-02T01:00:00Z", "action": "accept", "status": "accepted"},
    {"at": "2026-12-03T06:30:00Z", "action": "progress", "status": "in_progress", "note": "已勘察"},
    {"at": "2026-12-05T08:40:00Z", "action": "close", "status": "closed", "note": "已公示"},
]


def test_steps_in_order_with_department_and_words() -> None:
    text = steps_text(json.dumps(STEPS), "Asia/Shanghai", Translator("zh_CN"))
    assert text == (
        "12-01 10:02 转办；12-01 11:15 派单（城建科）；12-02 09:00 受理；"
        "12-03 14:30 处置：已勘察；12-05 16:40 办结：已公示"
    )


def test_steps_in_english_and_nothing_sent() -> None:
    text = steps_text(json.dumps(STEPS[:2]), "Asia/Shanghai", Translator("en"))
    assert text == "12-01 10:02 referred; 12-01 11:15 assigned (城建科)"
    assert steps_text("[]", "Asia/Shanghai", Translator("zh_CN")) == ""
    assert steps_text("not json", "Asia/Shanghai", Translator("zh_CN")) == ""
    assert steps_text(None, "Asia/Shanghai", Translator("zh_CN")) == ""
