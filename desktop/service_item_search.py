"""Find a service item as the desk types: Chinese, pinyin initials, full pinyin or English.

The pinyin keys are computed on first use (pypinyin takes a noticeable time to import), so
building an index costs nothing at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.catalog import ServiceItemInfo

_NOT_KEY = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


def _clean(text: str) -> str:
    return _NOT_KEY.sub("", text.lower())


class ServiceItemIndex:
    """Ranks the catalog's items against what was typed."""

    def __init__(self, items: Sequence[ServiceItemInfo]) -> None:
        self.items = list(items)
        self._keys: list[tuple[str, str, str, str]] | None = None

    def _ensure_keys(self) -> list[tuple[str, str, str, str]]:
        if self._keys is None:
            from pypinyin import Style, lazy_pinyin

            keys: list[tuple[str, str, str, str]] = []
            for item in self.items:
                syllables = lazy_pinyin(item.name)
                initials = lazy_pinyin(item.name, style=Style.FIRST_LETTER)
                keys.append(
                    (
                        _clean(item.name),
                        _clean("".join(initials)),
                        _clean("".join(syllables)),
                        _clean(item.name_en),
                    )
                )
            self._keys = keys
        return self._keys

    def match(self, query: str, limit: int | None = None) -> list[ServiceItemInfo]:
        """Items whose keys start with the query first, then those that contain it."""
        wanted = _clean(query)
        if not wanted:
            return self.items[:limit] if limit else list(self.items)
        ranked: list[tuple[int, int, ServiceItemInfo]] = []
        for position, (item, keys) in enumerate(zip(self.items, self._ensure_keys(), strict=True)):
            if any(key.startswith(wanted) for key in keys):
                ranked.append((0, position, item))
            elif any(wanted in key for key in keys):
                ranked.append((1, position, item))
        ranked.sort(key=lambda entry: (entry[0], entry[1]))
        found = [item for _, _, item in ranked]
        return found[:limit] if limit else found

    def by_id(self, item_id: str) -> ServiceItemInfo | None:
        return next((item for item in self.items if item.id == item_id), None)
