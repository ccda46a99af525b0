"""Qt's own dialog texts that ``qtbase_zh_CN`` leaves in English (the file dialog's "&Look
in:" and "Files of &type:"), so 另存为 PDF speaks one language."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

MISSING_ZH_CN: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
}


class MissingQtTexts(QTranslator):
    """Answers only for the texts above; every other lookup goes on to qtbase's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return MISSING_ZH_CN.get((context, source))  # type: ignore[return-value]  # None: not ours

    def isEmpty(self) -> bool:
        return False
