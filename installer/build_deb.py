"""Wrap the two one-folder bundles into a Debian package (统信UOS and 麒麟 are Debian-based).

Layout installed:

* ``/opt/service-center-desk/``: the desk's bundle (``service-center-desk``), with the
  district server's own bundle in ``district-server/`` (no Qt in it, no desk);
* ``/usr/bin/service-center`` and ``/usr/bin/district-server``: launchers;
* ``/usr/share/applications/service-center-desk.desktop`` and the icon: the menu entry;
* ``/lib/systemd/system/district-server.service`` with ``/etc/default/district-server``
  (the database URL): the district server as a service, not enabled by default.

Removing the package never touches people's data: the desk keeps it in each user's data
folder, the district server in ``/var/lib/district-server`` or its PostgreSQL database.
"""

from __future__ import annotations

import argparse
import shutil
import stat
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

PACKAGE = "service-center-desk"
ROOT = Path(__file__).resolve().parent.parent
DEPENDS = (
    "libc6, libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0,"
    " libxkbcommon-x11-0, libx11-xcb1, libxcb1, libcups2, libglib2.0-0"
)

CONTROL = """Package: {package}
Version: {version}
Architecture: amd64
Maintainer: Service Center Desk team <desk@example.invalid>
Depends: {depends}
Section: misc
Priority: optional
Installed-Size: {size_kb}
Description: Front desk of Party-mass service centers (党群服务中心前台)
 Walk-in registration, Saturday community appointments, printed service slips,
 and sync with the district server. Also contains the district server
 (service district-server, not enabled by default).
"""

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=Service Center Desk
Name[zh_CN]=党群服务中心前台
Comment=Walk-in registration, Saturday appointments and service slips
Comment[zh_CN]=来访登记、星期六社区预约、打印服务单据
Exec=/usr/bin/service-center
Icon=service-center-desk
Terminal=false
Categories=Office;
"""

LAUNCHER = """#!/bin/sh
exec /opt/{package}/{program} "$@"
"""

SERVER_DIR = "district-server"
"""The district server's bundle, inside the package's folder under /opt."""

SERVICE = """[Unit]
Description=District server of Service Center Desk (区级服务器)
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
EnvironmentFile=/etc/default/district-server
ExecStart=/opt/{package}/district-server/district-server serve --host ${{DISTRICT_HOST}} \\
    --port ${{DISTRICT_PORT}} --workers ${{DISTRICT_WORKERS}}
DynamicUser=yes
StateDirectory=district-server
Environment=HOME=/var/lib/district-server
Restart=on-failure
RestartSec=3

[Install]
WantedBy=multi-user.target
"""

ENVIRONMENT = """# District server settings, read by district-server.service.
# PostgreSQL in production, e.g.:
#   DISTRICT_DATABASE_URL=postgresql+psycopg://district:secret@127.0.0.1:5432/district
# The default below keeps an embedded SQLite file in the service's state folder.
DISTRICT_DATABASE_URL=sqlite:////var/lib/district-server/district.sqlite
DISTRICT_HOST=127.0.0.1
DISTRICT_PORT=8600
DISTRICT_WORKERS=2
"""

POSTINST = """#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
fi
exit 0
"""

POSTRM = """#!/bin/sh
# Only the program is removed. People's data stays: the desk's data folders in each
# user's home, the district server's /var/lib/district-server and its database.
set -e
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
fi
exit 0
"""


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _size_kb(folder: Path) -> int:
    return (
        sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
        // 1024
    )


def build(bundle: Path, server_bundle: Path, out_dir: Path, package_version: str) -> Path:
    """Build ``{PACKAGE}_{version}_amd64.deb`` in ``out_dir`` from the desk's bundle folder
    and the district server's."""
    with tempfile.TemporaryDirectory(prefix="deb-") as tmp:
        stage = Path(tmp) / PACKAGE
        opt = stage / "opt" / PACKAGE
        shutil.copytree(bundle, opt, symlinks=True)
        shutil.copytree(server_bundle, opt / SERVER_DIR, symlinks=True)
        for program, target in (
            ("service-center", PACKAGE),
            ("district-server", f"{SERVER_DIR}/district-server"),
        ):
            _write(
                stage / "usr" / "bin" / program,
                LAUNCHER.format(package=PACKAGE, program=target),
                0o755,
            )
        _write(stage / "usr/share/applications" / f"{PACKAGE}.desktop", DESKTOP_ENTRY)
        icon = stage / "usr/share/icons/hicolor/scalable/apps" / f"{PACKAGE}.svg"
        icon.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "resources" / "icons" / "desk.svg", icon)
        _write(
            stage / "lib/systemd/system/district-server.service", SERVICE.format(package=PACKAGE)
        )
        _write(stage / "etc/default/district-server", ENVIRONMENT)
        debian = stage / "DEBIAN"
        _write(
            debian / "control",
            CONTROL.format(
                package=PACKAGE,
                version=package_version,
                depends=DEPENDS,
                size_kb=_size_kb(stage),
            ),
        )
        _write(debian / "conffiles", "/etc/default/district-server\n")
        _write(debian / "postinst", POSTINST, 0o755)
        _write(debian / "postrm", POSTRM, 0o755)
        for folder in stage.rglob("*"):
            if folder.is_dir():
                folder.chmod(
                    folder.stat().st_mode
                    | stat.S_IRGRP
                    | stat.S_IXGRP
                    | stat.S_IROTH
                    | stat.S_IXOTH
                )
        out_dir.mkdir(parents=True, exist_ok=True)
        deb = out_dir / f"{PACKAGE}_{package_version}_amd64.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(stage), str(deb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return deb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path, help="the desk's PyInstaller one-folder output")
    parser.add_argument("server_bundle", type=Path, help="the district server's")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", default=version(PACKAGE))
    args = parser.parse_args()
    print(build(args.bundle, args.server_bundle, args.out, args.version))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
