"""Wrap the two one-folder bundles into Debian packages (统信UOS and 麒麟 are Debian-based).

``service-center-desk`` (desk PCs):

* ``/opt/service-center-desk/``: the desk's bundle (``service-center-desk``);
* ``/usr/bin/service-center``: the launcher;
* ``/usr/share/applications/service-center-desk.desktop`` and the icon: the menu entry.

``service-center-district`` (the district's server):

* ``/opt/service-center-district/``: the district server's bundle (``district-server``;
  no Qt in it, no desk);
* ``/usr/bin/district-server``: the launcher;
* ``/lib/systemd/system/district-server.service`` with ``/etc/default/district-server``
  (the database URL): the server as a service, not enabled by default.

Removing a package never touches people's data: the desk keeps it in each user's data
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

DESK = "service-center-desk"
DISTRICT = "service-center-district"
SERVER = "district-server"
"""The district server's executable, launcher and service name."""
ROOT = Path(__file__).resolve().parent.parent
DESK_DEPENDS = (
    "libc6, libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0,"
    " libxkbcommon-x11-0, libx11-xcb1, libxcb1, libcups2, libglib2.0-0"
)
DISTRICT_DEPENDS = "libc6"
# Syncing keeps the device token in the system keyring (the freedesktop Secret Service):
# apt installs GNOME Keyring with the desk unless told not to; a desktop that has its own
# (KWallet's Secret Service) does without it.
DESK_RECOMMENDS = "Recommends: gnome-keyring\n"

CONTROL = """Package: {package}
Version: {version}
Architecture: amd64
Maintainer: Service Center Desk team <desk@example.invalid>
Depends: {depends}
{extra}Section: {section}
Priority: optional
Installed-Size: {size_kb}
Description: {description}
"""

DESK_DESCRIPTION = """Front desk of Party-mass service centers (党群服务中心前台)
 Walk-in registration, Saturday community appointments, printed service slips,
 and sync with the district server (package service-center-district)."""

DISTRICT_DESCRIPTION = """District server of Service Center Desk (区级服务器)
 The server the desks of a district's service centers sync with: residents, visits,
 Saturday bookings, work orders and statistics, on PostgreSQL or SQLite. Runs as
 the service district-server (not enabled by default); administered with the
 district-server command."""

# Before the district server had a package of its own, the desk's package held its
# launcher, unit and settings file: this package may take them over from such an
# installation (the desk's package no longer ships them, so both stay installed).
DISTRICT_REPLACES = f"Replaces: {DESK}\n"

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

SERVICE = """[Unit]
Description=District server of Service Center Desk (区级服务器)
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
EnvironmentFile=/etc/default/district-server
ExecStart=/opt/{package}/{program} serve --host ${{DISTRICT_HOST}} \\
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
# The master key that wraps every center's data key, kept outside the database (32 random
# bytes, base64, owner-only); made on the first start where it is missing. Keep a copy
# apart from the database backups. For a systemd credential instead, remove this line and
# add LoadCredential=district-master-key:/path/to/key to the unit (a drop-in).
DISTRICT_MASTER_KEY_FILE=/var/lib/district-server/master.key
"""

DESK_POSTINST = """#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
"""

DESK_POSTRM = """#!/bin/sh
# Only the program is removed. People's data stays in each user's data folder.
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
exit 0
"""

# An upgrade restarts a running server on the new program; removal stops it first.
DISTRICT_POSTINST = """#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
    if [ "$1" = configure ] && [ -n "$2" ]; then
        systemctl try-restart district-server.service || true
    fi
fi
exit 0
"""

DISTRICT_PRERM = """#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
    systemctl stop district-server.service || true
fi
exit 0
"""

DISTRICT_POSTRM = """#!/bin/sh
# Only the program is removed. The data stays: /var/lib/district-server and the
# PostgreSQL database. Purging also forgets that the service was enabled.
set -e
if [ "$1" = purge ]; then
    rm -f /etc/systemd/system/multi-user.target.wants/district-server.service
fi
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


def _pack(stage: Path, package: str, package_version: str, out_dir: Path) -> Path:
    """Make every folder readable and run dpkg-deb on the staged tree."""
    for folder in stage.rglob("*"):
        if folder.is_dir():
            folder.chmod(
                folder.stat().st_mode | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{package}_{package_version}_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(stage), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return deb


def _control(stage: Path, package: str, package_version: str, **fields: str) -> None:
    _write(
        stage / "DEBIAN" / "control",
        CONTROL.format(package=package, version=package_version, size_kb=_size_kb(stage), **fields),
    )


def build_desk(bundle: Path, out_dir: Path, package_version: str) -> Path:
    """Build ``service-center-desk_{version}_amd64.deb`` from the desk's bundle folder."""
    with tempfile.TemporaryDirectory(prefix="deb-") as tmp:
        stage = Path(tmp) / DESK
        shutil.copytree(bundle, stage / "opt" / DESK, symlinks=True)
        _write(stage / "usr/bin/service-center", LAUNCHER.format(package=DESK, program=DESK), 0o755)
        _write(stage / "usr/share/applications" / f"{DESK}.desktop", DESKTOP_ENTRY)
        icon = stage / "usr/share/icons/hicolor/scalable/apps" / f"{DESK}.svg"
        icon.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "resources" / "icons" / "desk.svg", icon)
        _control(
            stage,
            DESK,
            package_version,
            depends=DESK_DEPENDS,
            extra=DESK_RECOMMENDS,
            section="misc",
            description=DESK_DESCRIPTION,
        )
        _write(stage / "DEBIAN" / "postinst", DESK_POSTINST, 0o755)
        _write(stage / "DEBIAN" / "postrm", DESK_POSTRM, 0o755)
        return _pack(stage, DESK, package_version, out_dir)


def build_district(bundle: Path, out_dir: Path, package_version: str) -> Path:
    """Build ``service-center-district_{version}_amd64.deb`` from the server's bundle."""
    with tempfile.TemporaryDirectory(prefix="deb-") as tmp:
        stage = Path(tmp) / DISTRICT
        shutil.copytree(bundle, stage / "opt" / DISTRICT, symlinks=True)
        _write(stage / "usr/bin" / SERVER, LAUNCHER.format(package=DISTRICT, program=SERVER), 0o755)
        _write(
            stage / "lib/systemd/system" / f"{SERVER}.service",
            SERVICE.format(package=DISTRICT, program=SERVER),
        )
        _write(stage / "etc/default" / SERVER, ENVIRONMENT)
        _control(
            stage,
            DISTRICT,
            package_version,
            depends=DISTRICT_DEPENDS,
            extra=DISTRICT_REPLACES,
            section="net",
            description=DISTRICT_DESCRIPTION,
        )
        _write(stage / "DEBIAN" / "conffiles", f"/etc/default/{SERVER}\n")
        _write(stage / "DEBIAN" / "postinst", DISTRICT_POSTINST, 0o755)
        _write(stage / "DEBIAN" / "prerm", DISTRICT_PRERM, 0o755)
        _write(stage / "DEBIAN" / "postrm", DISTRICT_POSTRM, 0o755)
        return _pack(stage, DISTRICT, package_version, out_dir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path, help="the desk's PyInstaller one-folder output")
    parser.add_argument("server_bundle", type=Path, help="the district server's")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", default=version(DESK))
    args = parser.parse_args()
    print(build_desk(args.bundle, args.out, args.version))
    print(build_district(args.server_bundle, args.out, args.version))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
