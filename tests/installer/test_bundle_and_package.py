"""The installable desk: the PyInstaller bundle and the Debian package, built and run.

Built once per session (about half a minute). The bundle runs offscreen with its own data
folder, migrates, renders a slip and prints it through Qt; the package installs with dpkg,
starts from its launcher (also under Xvfb), keeps a registered walk-in across an upgrade
to a newer build, and removes cleanly without touching the data.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from db.migrate import head_revisions
from desktop import bootstrap, visits
from desktop.catalog import list_service_items
from desktop.paths import DataPaths
from desktop.residents import search_residents

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PACKAGE = "service-center-desk"


@dataclass(frozen=True)
class Build:
    bundle: Path
    executable: Path
    server: Path
    deb: Path
    newer_deb: Path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("installer")
    subprocess.run(
        [
            str(BIN / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "work"),
            str(ROOT / "installer" / f"{PACKAGE}.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = work / "dist" / PACKAGE
    server = work / "dist" / "district-server"
    debs = []
    for version in ("0.1.0", "0.1.1"):
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "installer" / "build_deb.py"),
                str(bundle),
                str(server),
                "--out",
                str(work / "debs"),
                "--version",
                version,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        debs.append(Path(done.stdout.strip()))
    return Build(bundle, bundle / PACKAGE, server / "district-server", debs[0], debs[1])


def _self_check(program: Path | str, data: Path) -> list[Path]:
    done = subprocess.run(
        [str(program), "--demo", "--data-dir", str(data), "--self-check"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [Path(line) for line in done.stdout.split()]


def _heads(database: Path) -> set[str]:
    with sqlite3.connect(database) as conn:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}


def test_bundled_desk_migrates_renders_a_slip_and_exits(build: Build, tmp_path: Path) -> None:
    slips = _self_check(build.executable, tmp_path / "desk")
    assert [p.name for p in slips] == ["self-check.pdf", "self-check-printed.pdf"]
    text = subprocess.run(
        ["pdftotext", str(slips[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "星光社区党群服务中心" in text and "A001" in text
    fonts = subprocess.run(["pdffonts", str(slips[0])], capture_output=True, text=True).stdout
    assert "WenQuanYi" in fonts and " no " not in fonts.split("\n", 2)[2]
    assert _heads(tmp_path / "desk" / "desk.sqlite") == set(head_revisions())
    assert (build.bundle / "_internal" / "resources" / "fonts" / "wqy-microhei.ttc").exists()


def _district_center(program: Path | str, database: Path) -> str:
    """The bundled district server creates a center in its own SQLite file."""
    done = subprocess.run(
        [
            str(program),
            "--database-url",
            f"sqlite:///{database}",
            "admin",
            "center",
            "create",
            "--name",
            "幸福里党群服务中心",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout)["center_id"])


def test_bundled_district_server_runs_without_the_desk(build: Build, tmp_path: Path) -> None:
    assert _district_center(build.server, tmp_path / "district.sqlite")
    server_files = {p.name for p in build.server.parent.rglob("*")}
    assert not any(name.startswith("libQt6") for name in server_files)  # no Qt in the server
    desk_files = {p.name for p in build.bundle.rglob("*")}
    assert "psycopg" not in desk_files and "uvicorn" not in desk_files  # no server in the desk


def _register_walk_in(data: Path) -> str:
    """A walk-in on the installed desk's data (the same database the app uses)."""
    startup = bootstrap.start(DataPaths(data))
    try:
        ctx = bootstrap.desk_context(startup)
        from desktop.auth import sign_in

        staff = sign_in(ctx, "qiantai", "demo1234")
        resident = search_residents(ctx, "zs")[0]
        item = list_service_items(ctx)[0]
        visit = visits.register_visit(ctx, staff, resident.id, [visits.RequestDraft(item.id)])
        return visit.verification_code
    finally:
        startup.db.dispose()


@pytest.fixture
def installed(build: Build) -> Iterator[None]:
    if os.geteuid() != 0 or shutil.which("dpkg") is None:
        pytest.skip("installing a package needs dpkg and root (as on the CI machine)")
    subprocess.run(["dpkg", "-i", str(build.deb)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["dpkg", "-r", PACKAGE], capture_output=True)


def test_package_installs_starts_upgrades_keeping_data_and_removes(
    build: Build, installed: None, tmp_path: Path
) -> None:
    data = tmp_path / "desk"
    assert Path("/usr/share/applications/service-center-desk.desktop").exists()
    assert Path("/lib/systemd/system/district-server.service").exists()
    _self_check("/usr/bin/service-center", data)
    assert _district_center("/usr/bin/district-server", tmp_path / "district.sqlite")
    if shutil.which("xvfb-run"):
        shown = subprocess.run(
            [
                "xvfb-run",
                "-a",
                "-s",
                "-screen 0 1280x800x24",
                "/usr/bin/service-center",
                "--data-dir",
                str(data),
                "--quit-after-start",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
        )
        assert shown.returncode == 0, shown.stderr
    code = _register_walk_in(data)

    subprocess.run(["dpkg", "-i", str(build.newer_deb)], check=True, capture_output=True)
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", PACKAGE], capture_output=True, text=True
    ).stdout
    assert status == "0.1.1"
    _self_check("/usr/bin/service-center", data)
    with sqlite3.connect(data / "desk.sqlite") as conn:
        assert conn.execute(
            "SELECT count(*) FROM visit WHERE verification_code = ?", (code,)
        ).fetchone() == (1,)

    subprocess.run(["dpkg", "-r", PACKAGE], check=True, capture_output=True)
    assert not Path("/opt/service-center-desk").exists()
    assert not Path("/usr/bin/service-center").exists()
    assert (data / "desk.sqlite").exists()  # people's data is never removed


def test_windows_setup_script_names_only_files_that_exist(build: Build) -> None:
    script = (ROOT / "installer" / "windows" / "service-center-desk.iss").read_text(
        encoding="utf-8"
    )
    sources = [
        line.split('Source: "', 1)[1].split('"', 1)[0]
        for line in script.splitlines()
        if line.strip().startswith("Source:")
    ]
    assert sources
    for source in sources:
        path = source.replace("{#BundleDir}", str(build.bundle)).replace("{#RepoDir}", str(ROOT))
        path = path.replace("\\", "/").rstrip("*").rstrip("/")
        assert Path(path).exists(), source
