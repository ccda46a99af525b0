"""What a database can hold: text without NUL or lone surrogates, finite numbers, plain
dates and integers within 32 or 64 bits.

Every request model the server reads (:class:`Inbound`) walks its raw input once before
its fields are checked, so a string no database column or JSON text can store is refused
with the field that holds it (422), whichever endpoint it reaches.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from protocol.common import Message

INT32_MAX = 2**31 - 1
"""The largest value of an ``INTEGER`` column (versions, places, positions)."""

INT64_MAX = 2**63 - 1
"""The largest value of a ``BIGINT`` column (sequences)."""

EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)
"""The dates a payload may name (visits, due dates, Saturday slots): room for date
arithmetic (working days, weeks ahead) without leaving what a date can hold."""

UNSTORABLE_ERROR = "unstorable_value"
"""The pydantic error type of a refused value; its context names the field (``field``)."""

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _field(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)


def _storable(value: Any) -> bool:
    """Whether every value in ``value`` can be stored: the walk of every request, without
    the bookkeeping of where a refused value sits (:func:`find_unstorable` finds that).
    Its text is searched at once (a lone surrogate stays one when strings are joined)."""
    texts: list[str] = []
    return _walk(value, texts) and _BAD_TEXT.search("".join(texts)) is None


def _walk(value: Any, texts: list[str]) -> bool:
    """Collect the text of ``value`` (keys too); False at a number that cannot be stored."""
    kind = type(value)
    if kind is str:
        texts.append(value)
    elif kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                return False
            texts.append(key)
            if type(item) is str:
                texts.append(item)
            elif type(item) not in (int, bool) and item is not None and not _walk(item, texts):
                return False
    elif kind is list:
        return all(_walk(item, texts) for item in value)
    elif kind is float:
        return math.isfinite(value)
    else:
        return kind in (int, bool) or value is None
    return True


def find_unstorable(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str, str] | None:
    """The first field (dotted path) holding a value no database can store, and why."""
    if not path and _storable(value):
        return None
    if isinstance(value, str):
        return (_field(path), "text") if _BAD_TEXT.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _BAD_TEXT.search(key):
                return _field(path), "key"
            found = find_unstorable(item, (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = find_unstorable(item, (*path, index))
            if found is not None:
                return found
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return _field(path), "number"
    return None


_WHY = {
    "text": "text with a NUL character or a lone surrogate (U+D800-U+DFFF) cannot be stored",
    "key": "a field name with a NUL character or a lone surrogate cannot be stored",
    "number": "NaN and infinite numbers cannot be stored",
}


class Inbound(Message):
    """A request the server reads: unstorable values anywhere in it are refused first."""

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        found = find_unstorable(data)
        if found is not None:
            field, why = found
            raise PydanticCustomError(UNSTORABLE_ERROR, _WHY[why], {"field": field})
        return data


def _plain_day(value: Any) -> Any:
    """A date as ``YYYY-MM-DD`` only (no time part), within the dates a payload may name."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _DAY.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise PydanticCustomError("day_invalid", "not a calendar date") from exc
    else:
        raise PydanticCustomError("day_invalid", "a date is written YYYY-MM-DD, without a time")
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PydanticCustomError(
            "day_out_of_range",
            "a date between {earliest} and {latest}",
            {"earliest": EARLIEST_DAY.isoformat(), "latest": LATEST_DAY.isoformat()},
        )
    return day


Day = Annotated[dt.date, BeforeValidator(_plain_day)]
"""A calendar date in a payload: ``YYYY-MM-DD``, from 2000-01-01 to 2199-12-31."""

Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
"""An integer an ``INTEGER`` column holds."""
