"""A work order's steps as one cell of the 诉求办理台账: ``12-01 10:02 转办；12-02 09:15 派单
（民政科）；12-05 16:40 办结：加装方案已公示``.

The steps come down from the district with each work order (:mod:`desktop.sync.pull`
keeps them as JSON beside its status); times are shown in the center's time zone.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from desktop.i18n import Translator

WORDS_SHOWN = ("progress", "return", "close", "status")
"""Steps whose words are shown after them (处置 notes, the return reason, the reply)."""


def steps_text(steps_json: str | None, timezone: str, translate: Translator) -> str:
    """The steps in order, one after the other; empty when the district sent none."""
    try:
        steps = json.loads(steps_json or "[]")
    except ValueError:
        return ""
    zone = ZoneInfo(timezone)
    parts = []
    for step in steps if isinstance(steps, list) else []:
        try:
            at = dt.datetime.fromisoformat(str(step["at"])).astimezone(zone)
            action = str(step["action"])
        except (KeyError, TypeError, ValueError):
            continue
        what = (
            translate(f"referral.{step.get('status')}")
            if action == "status"  # moved from the API: the status it was moved to says more
            else translate(f"ledger.step.{action}")
        )
        part = f"{at:%m-%d %H:%M} {what}"
        department = str(step.get("department") or "")
        if action == "assign" and department:
            part += translate("ledger.step.to", department=department)
        note = str(step.get("note") or "")
        if action in WORDS_SHOWN and note:
            part += translate("ledger.step.words", note=note)
        parts.append(part)
    return translate("ledger.step.separator").join(parts)
