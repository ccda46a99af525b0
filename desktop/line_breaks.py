"""Where a line of Chinese (or mixed) text may end, for slips (``slips/blocks.wrap``) and
for labels on screens (the Saturday grid's service names).

Chinese may break between any two characters, but some breaks read better: after
punctuation or a space, before an opening bracket, where Chinese meets a Latin word, and
before the two-character action a service name ends in (居住证明 / 开具, 社保参保 / 登记);
a line never starts with closing punctuation, and a Latin word stays whole.
"""

from __future__ import annotations

import re

BREAK_AFTER = frozenset("，、。；：！？）」』》 ,;:!?)")
BREAK_BEFORE = frozenset("（「『《(")
NO_LINE_START = frozenset("，、。；：！？）」』》…")
CJK_WORD_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
LATIN_WORD_CHAR = re.compile(r"[A-Za-z0-9_.,:;!?@#%&+=*'\"/\\()\[\]-]")
"""What a Latin word (kept whole) is made of, as ``slips/blocks.py`` reads it."""


def is_cjk(char: str) -> bool:
    return CJK_WORD_CHAR.fullmatch(char) is not None


def _latin(char: str) -> bool:
    return LATIN_WORD_CHAR.fullmatch(char) is not None


def sensible_breaks(text: str) -> list[int]:
    """The offsets ``i`` (0 < i < len(text)) where ``text[:i]`` / ``text[i:]`` is a break
    that reads well (see the module's note), in order. Spaces at a break belong to neither
    line: the caller strips them."""
    found: set[int] = set()
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if after in NO_LINE_START or after == " ":
            continue
        script_changes = (is_cjk(before) and _latin(after)) or (_latin(before) and is_cjk(after))
        if before in BREAK_AFTER or after in BREAK_BEFORE or script_changes:
            found.add(i)
    # Before the last two characters of a run of four or more Chinese ones (the action).
    for run in re.finditer(CJK_WORD_CHAR.pattern + "{4,}", text):
        found.add(run.end() - 2)
    return sorted(found)


def allowed_breaks(text: str) -> list[int]:
    """Every offset where a line may end at all, as slips break Chinese: between any two
    characters, but not inside a Latin word, before a space or before closing punctuation."""
    return [
        i
        for i in range(1, len(text))
        if text[i] not in NO_LINE_START
        and text[i] != " "
        and not (_latin(text[i - 1]) and _latin(text[i]))
    ]
