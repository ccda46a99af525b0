"""Translation of every string the desk shows: one catalog, Chinese first, English second.

The catalog is the union of the ``TEXTS`` dictionaries in :mod:`desktop.texts`' modules;
each maps a code to ``(zh_CN, en)``. Parameters use ``str.format`` names.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from desktop.errors import Message

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"


def _load_catalog() -> dict[str, tuple[str, str]]:
    import desktop.texts as package

    catalog: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        texts: dict[str, tuple[str, str]] = module.TEXTS
        clash = catalog.keys() & texts.keys()
        if clash:
            raise RuntimeError(f"text codes defined twice: {sorted(clash)}")
        catalog.update(texts)
    return catalog


CATALOG = _load_catalog()


class Translator:
    """Turns codes and :class:`Message` objects into text in one language."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        self.language = language
        self._index = LANGUAGES.index(language)

    def __call__(self, code: str, **params: Any) -> str:
        entry = CATALOG.get(code)
        if entry is None:
            return code
        text = entry[self._index]
        if not params:
            return text
        shown = {
            name: self.message(value) if isinstance(value, Message) else value
            for name, value in params.items()
        }
        return text.format(**shown)

    def message(self, message: Message) -> str:
        return self(message.code, **message.params)
