"""Where the desk keeps its files: everything under one data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ServiceCenterDesk"


@dataclass(frozen=True)
class DataPaths:
    """All of the desk's files live under ``root`` (``--data-dir``)."""

    root: Path

    @classmethod
    def default(cls) -> DataPaths:
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def database(self) -> Path:
        return self.root / "desk.sqlite"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def slips(self) -> Path:
        return self.root / "slips"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def key_file(self) -> Path:
        """Fallback store of the data key where the OS has no usable keyring."""
        return self.root / "desk.key"

    @property
    def center_key_file(self) -> Path:
        """Fallback store of the center's shared key (see :mod:`desktop.pii`)."""
        return self.root / "center.key"

    def ensure(self) -> None:
        """Create the data folder and its subfolders, owner-only (0700 on POSIX)."""
        for folder in (self.root, self.backups, self.slips, self.logs):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
