"""The installable desk and district server: PyInstaller bundles and Debian packages.

Built once per session (about a minute). The desk's bundle runs offscreen with its own
data folder, checks Qt's locale support, migrates, renders a slip and prints it through
Qt; the district server's bundle serves HTTP with worker processes and is administered
from the command line. Both packages install with dpkg, start from their launchers (the
desk also under Xvfb), keep their data across an upgrade to a newer build, and remove
cleanly, each on its own, without touching the data.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from packaging.utils import canonicalize_name

from db.migrate import head_revisions
from desktop import bootstrap, visits
from desktop.catalog import list_service_items
from desktop.library_versions import DISTRIBUTIONS
from desktop.paths import DataPaths
from desktop.resident_search import search_residents
from tests.lock_files import DESK_LOCK, read_lock

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PACKAGE = "service-center-desk"
DISTRICT_PACKAGE = "service-center-district"

# Building both bundles and packages takes minutes; on a machine shared with other work it
# takes several times longer, which is not a failure of the installer.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


@dataclass(frozen=True)
class Build:
    bundle: Path
    executable: Path
    server: Path
    debs: list[Path]  # the desk's and the district server's packages, version 0.1.0
    newer_debs: list[Path]  # the same, 0.1.1


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
        debs.append([Path(line) for line in done.stdout.split()])
    assert [[p.name.split("_")[0] for p in pair] for pair in debs] == [
        [PACKAGE, DISTRICT_PACKAGE]
    ] * 2
    return Build(bundle, bundle / PACKAGE, server / "district-server", debs[0], debs[1])


@dataclass(frozen=True)
class SelfCheck:
    files: list[Path]
    versions: dict[str, str]  # library (or Python, Qt) -> version, as the program says
    keyring: str  # the keyring backend it found, "none" without one


def _self_check(program: Path | str, data: Path) -> SelfCheck:
    done = subprocess.run(
        [str(program), "--demo", "--data-dir", str(data), "--self-check"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    versions = dict(line.split()[1:] for line in lines if line.startswith("version: "))
    (keyring,) = [line.split(": ", 1)[1] for line in lines if line.startswith("keyring: ")]
    files = [Path(line) for line in lines if not line.startswith(("version: ", "keyring: "))]
    return SelfCheck(files, versions, keyring)


def _heads(database: Path) -> set[str]:
    with sqlite3.connect(database) as conn:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}


def test_bundled_desk_migrates_renders_a_slip_and_exits(build: Build, tmp_path: Path) -> None:
    checked = _self_check(build.executable, tmp_path / "desk")
    # The bundle says it was built from the lock's versions (its libraries' metadata ships).
    pins = read_lock(DESK_LOCK)
    for name in DISTRIBUTIONS:
        assert checked.versions[name] == str(pins[canonicalize_name(name)].version), name
    qt, pyside = checked.versions["Qt"], checked.versions["PySide6-Essentials"]
    assert qt.split(".")[:2] == pyside.split(".")[:2]
    # No D-Bus session here: the bundle says it found no keyring (or names the one it found).
    assert checked.keyring == "none" or "SecretService" in checked.keyring
    slips = checked.files
    assert [p.name for p in slips] == [
        "self-check.pdf",
        "self-check-printed.pdf",
        "self-check.xlsx",  # the ledgers' spreadsheet writer is in the bundle
    ]
    assert openpyxl.load_workbook(slips[2]).active["B3"].value == "A001"
    text = subprocess.run(
        ["pdftotext", str(slips[0]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "星光社区党群服务中心" in text and "A001" in text
    fonts = subprocess.run(["pdffonts", str(slips[0])], capture_output=True, text=True).stdout
    assert "WenQuanYi" in fonts and " no " not in fonts.split("\n", 2)[2]
    assert _heads(tmp_path / "desk" / "desk.sqlite") == set(head_revisions())
    assert (build.bundle / "_internal" / "resources" / "fonts" / "wqy-microhei.ttc").exists()


def _district_admin(program: Path | str, url: str, *args: str) -> object:
    """Run ``district-server --database-url URL admin ARGS``; its JSON answer."""
    done = subprocess.run(
        [str(program), "--database-url", url, "admin", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _district_center(program: Path | str, url: str) -> str:
    """The district server creates a center in the database at ``url``."""
    answer = _district_admin(program, url, "center", "create", "--name", "幸福里党群服务中心")
    assert isinstance(answer, dict)
    return str(answer["center_id"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_bundled_district_server_serves_with_workers_and_holds_no_desk(
    build: Build, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'district.sqlite'}"
    assert _district_center(build.server, url)
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [
                str(build.server),
                "serve",
                "--database-url",
                url,
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 60
            answer = None
            while answer is None and time.monotonic() < deadline and server.poll() is None:
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/v1/health", timeout=5
                    ) as response:
                        answer = json.load(response)
                except OSError:
                    time.sleep(0.5)
            pages = {}
            for path in ("/signin", "/static/console.css") if answer is not None else ():
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as got:
                    pages[path] = got.read().decode("utf-8")
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert answer is not None and answer["status"] == "ok", log.read_text()
    # The console ships its pages and assets inside the bundle.
    assert "区级工作台" in pages["/signin"] and "font-family" in pages["/static/console.css"]
    server_files = {p.name for p in build.server.parent.rglob("*")}
    assert not any(name.startswith("libQt6") for name in server_files)  # no Qt in the server
    desk_files = {p.name for p in build.bundle.rglob("*")}
    assert "psycopg" not in desk_files and "uvicorn" not in desk_files  # no server in the desk


def _unresolved_links(bundle: Path) -> set[str]:
    """Libraries some ELF file of the bundle links that neither the bundle nor the system
    has (what leaving files out must never cause)."""
    missing: set[str] = set()
    env = {**os.environ, "LD_LIBRARY_PATH": str(bundle / "_internal")}
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        missing |= {
            f"{path.relative_to(bundle)}: {line.split()[0]}"
            for line in done.stdout.splitlines()
            if "not found" in line
        }
    return missing


def test_every_bundled_library_finds_what_it_links(build: Build) -> None:
    assert _unresolved_links(build.bundle) == set()
    assert _unresolved_links(build.server.parent) == set()


def _register_walk_in(data: Path) -> str:
    """A walk-in on the installed desk's data (the same database the app uses)."""
    startup = bootstrap.start(DataPaths(data))
    try:
        ctx = bootstrap.desk_context(startup)
        from desktop.auth import sign_in

        staff = sign_in(ctx, "qiantai", "demo1234")
        resident = search_residents(ctx, staff, "zs")[0]
        item = list_service_items(ctx)[0]
        visit = visits.register_visit(ctx, staff, resident.id, [visits.RequestDraft(item.id)])
        return visit.verification_code
    finally:
        startup.db.dispose()


def _installed_version(package: str) -> str:
    return subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
    ).stdout


@pytest.fixture
def installed(build: Build) -> Iterator[Path]:
    """Both packages installed; yields the district server's state folder (the service's
    database lives there), made for the test if the machine had none."""
    if os.geteuid() != 0 or shutil.which("dpkg") is None:
        pytest.skip("installing a package needs dpkg and root (as on the CI machine)")
    state = Path("/var/lib/district-server")
    made_state = not state.exists()
    subprocess.run(["dpkg", "-i", *map(str, build.debs)], check=True, capture_output=True)
    try:
        state.mkdir(exist_ok=True)
        yield state
    finally:
        subprocess.run(["dpkg", "--purge", PACKAGE, DISTRICT_PACKAGE], capture_output=True)
        if made_state:
            shutil.rmtree(state, ignore_errors=True)


def _service_database_url() -> str:
    """The database URL the installed service is configured with."""
    settings = Path("/etc/default/district-server").read_text(encoding="utf-8")
    for line in settings.splitlines():
        if line.startswith("DISTRICT_DATABASE_URL="):
            return line.split("=", 1)[1]
    raise AssertionError("no DISTRICT_DATABASE_URL in /etc/default/district-server")


def test_packages_install_start_upgrade_keeping_data_and_remove_each_alone(
    build: Build, installed: Path, tmp_path: Path
) -> None:
    data = tmp_path / "desk"
    assert Path("/usr/share/applications/service-center-desk.desktop").exists()
    unit = Path("/lib/systemd/system/district-server.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/service-center-district/district-server serve" in unit
    assert not Path("/opt/service-center-desk/district-server").exists()
    _self_check("/usr/bin/service-center", data)
    url = _service_database_url()
    assert url == f"sqlite:///{installed / 'district.sqlite'}"
    center = _district_center("/usr/bin/district-server", url)
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
            timeout=600,
            env={k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
        )
        assert shown.returncode == 0, shown.stderr
    code = _register_walk_in(data)

    subprocess.run(["dpkg", "-i", *map(str, build.newer_debs)], check=True, capture_output=True)
    assert _installed_version(PACKAGE) == _installed_version(DISTRICT_PACKAGE) == "0.1.1"
    _self_check("/usr/bin/service-center", data)
    with sqlite3.connect(data / "desk.sqlite") as conn:
        assert conn.execute(
            "SELECT count(*) FROM visit WHERE verification_code = ?", (code,)
        ).fetchone() == (1,)
    centers = _district_admin("/usr/bin/district-server", url, "center", "list")
    assert isinstance(centers, list) and center in {str(c["id"]) for c in centers}

    # The desk goes; the district server stays and works.
    subprocess.run(["dpkg", "-r", PACKAGE], check=True, capture_output=True)
    assert not Path("/opt/service-center-desk").exists()
    assert not Path("/usr/bin/service-center").exists()
    assert (data / "desk.sqlite").exists()  # people's data is never removed
    assert _district_admin("/usr/bin/district-server", url, "center", "list")

    # Then the district server: its settings file stays until purged, its data always.
    subprocess.run(["dpkg", "-r", DISTRICT_PACKAGE], check=True, capture_output=True)
    assert not Path("/opt/service-center-district").exists()
    assert not Path("/usr/bin/district-server").exists()
    assert not Path("/lib/systemd/system/district-server.service").exists()
    assert Path("/etc/default/district-server").exists()
    subprocess.run(["dpkg", "--purge", DISTRICT_PACKAGE], check=True, capture_output=True)
    assert not Path("/etc/default/district-server").exists()
    assert (installed / "district.sqlite").exists()


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
