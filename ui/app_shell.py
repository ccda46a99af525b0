"""The QApplication of the desk: fonts, Qt's own Chinese texts, the stylesheet."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused if it already exists, as in tests)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ServiceCenterDesk")
    return app


def configure_application(app: QApplication, language: str) -> None:
    """Fonts, qtbase translations for Chinese, and the stylesheet."""
    families = _load_bundled_fonts()
    font = QFont(app.font())
    if families:
        font.setFamilies([*families, *font.families()])
    font.setPointSize(11)
    app.setFont(font)
    if language == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _install_qt_translation(app, "qtbase_zh_CN")
        from ui.qt_texts import MissingQtTexts

        app.installTranslator(MissingQtTexts(app))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    app.setWindowIcon(QIcon(icon_path("desk")))
    style = RESOURCES / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def _load_bundled_fonts() -> list[str]:
    folder = RESOURCES / "fonts"
    families: list[str] = []
    if not folder.is_dir():
        return families
    # The main font first; the cut of BabelStone Han only fills in rare characters (生僻字).
    for path in sorted(folder.iterdir(), key=lambda p: p.name.startswith("babelstone")):
        if path.suffix.lower() in FONT_SUFFIXES:
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def _install_qt_translation(app: QApplication, name: str) -> None:
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(name, folder):
        app.installTranslator(translator)


def icon_path(name: str) -> str:
    return str(RESOURCES / "icons" / f"{name}.svg")
