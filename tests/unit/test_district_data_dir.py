"""The district's data lives where ``--data-dir`` says, for ``serve`` and ``admin`` alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from district import cli
from district.database import DATA_DIR_ENV, DATABASE_URL_ENV


def test_admin_commands_use_the_data_dir_they_are_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    here, there = tmp_path / "district", tmp_path / "elsewhere"
    assert cli.main(["--data-dir", str(here), "admin", "center", "create", "--name", "幸福里"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert (here / "district.sqlite").is_file()
    assert cli.main(["--data-dir", str(here), "admin", "center", "list"]) == 0
    assert created["center_id"] in capsys.readouterr().out
    monkeypatch.setenv(DATA_DIR_ENV, str(there))  # the environment variable does the same
    assert cli.main(["admin", "center", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert (there / "district.sqlite").is_file()


def test_serve_takes_the_data_dir_before_or_after_the_command(tmp_path: Path) -> None:
    parser = cli.build_parser()
    before = parser.parse_args(["--data-dir", str(tmp_path), "serve", "--port", "8800"])
    after = parser.parse_args(["serve", "--data-dir", str(tmp_path)])
    assert before.data_dir == str(tmp_path) and after.data_dir_serve == str(tmp_path)
