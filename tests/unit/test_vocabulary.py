"""Each closed set of words is defined once in protocol.vocabulary, and every value has its
zh_CN and English label in the text catalog."""

from __future__ import annotations

import pytest

from db.models.catalog import CATEGORIES as CATALOG_CATEGORIES
from db.models.center import STAFF_ROLES
from db.models.saturday import BOOKING_STATUSES as STORED_BOOKING_STATUSES
from db.models.visit import OUTCOMES as STORED_OUTCOMES
from db.models.visit import URGENCIES as STORED_URGENCIES
from desktop.context import ROLES as DESK_ROLES
from desktop.i18n import CATALOG
from protocol import vocabulary as words

LABELS: list[tuple[str, tuple[str, ...]]] = [
    ("ui.role.{}", words.ROLES),
    ("ui.category.{}", words.CATEGORIES),
    ("ui.urgency.{}", words.URGENCIES),
    ("ui.outcome.{}", words.OUTCOMES),
    ("ui.status.{}", words.VISIT_STATUSES),
    ("saturday.channel.{}", words.CHANNELS),
    ("saturday.status.{}", words.BOOKING_STATUSES),
    ("referral.{}", words.WORK_ORDER_STATUSES),
]


@pytest.mark.parametrize(("pattern", "values"), LABELS)
def test_every_value_has_its_chinese_and_english_label(
    pattern: str, values: tuple[str, ...]
) -> None:
    for value in values:
        code = pattern.format(value)
        assert code in CATALOG, code
        chinese, english = CATALOG[code]
        assert chinese and english and chinese != english, code


def test_the_desk_and_its_database_take_their_words_from_the_protocol() -> None:
    assert STAFF_ROLES == DESK_ROLES == words.ROLES
    assert CATALOG_CATEGORIES == words.CATEGORIES
    assert STORED_URGENCIES == words.URGENCIES and STORED_OUTCOMES == words.OUTCOMES
    assert STORED_BOOKING_STATUSES == words.BOOKING_STATUSES
