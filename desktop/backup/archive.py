"""The backup file: one zip holding ``manifest.json`` and the database copy, compressed.

A zip opens anywhere (a technician can look inside with any tool), lists its manifest
without reading the database, and checks every byte it unpacks against a CRC. The file is
written under a ``.partial`` name, flushed to disk and only then renamed, so a crash never
leaves a half-written file that looks like a backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from desktop.backup.snapshot import CopyFacts, new_private_file

FORMAT = 1
"""Version of the file layout; a reader refuses files of a newer layout."""
MANIFEST = "manifest.json"
DATABASE = "desk.sqlite"
SUFFIX = ".zip"
PARTIAL = ".partial"
COMPRESS_LEVEL = 1
"""zlib level: 1 packs a desk's database nearly as small as 6 at a fraction of the time."""
CHUNK = 4 * 1024 * 1024
_NAME = re.compile(r"^desk-(\d{8}T\d{9}Z)(?:-(\w+))?\.zip$")

KINDS = ("automatic", "manual", "sign_out", "exit", "before_restore", "export")
"""Why a backup was made; ``before_restore`` and ``export`` files are never pruned."""


class ArchiveError(Exception):
    """Not a backup file, or a damaged one."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, readable without unpacking the database. Every field has a
    default, so a manifest from another version always reads (and is then judged)."""

    kind: str = ""
    created_at: str = ""  # ISO, UTC
    app_version: str = ""
    schema: tuple[str, ...] = ()
    center_id: str = ""
    center_name: str = ""
    desk_slot: int = 1
    connected: bool = False
    key_fingerprint: str = ""
    key_slot: str = "own"  # "own" (the desk's key) or "center" (the key the district shares)
    residents: int = 0
    visits: int = 0
    bookings: int = 0
    last_visit_day: str = ""
    database_bytes: int = 0
    integrity: str = ""  # "ok" or the first problem found on the copy
    format: int = FORMAT

    @property
    def good(self) -> bool:
        return self.integrity == "ok"

    @property
    def newer_format(self) -> bool:
        return self.format > FORMAT

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)

    def to_json(self) -> str:
        data = asdict(self)
        data["schema"] = list(self.schema)
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("manifest is not an object")
            defaults = {f.name: f.default for f in fields(cls)}
            values: dict[str, object] = {}
            for name, value in data.items():
                if name == "schema" and isinstance(value, list):
                    values[name] = tuple(str(s) for s in value)
                elif name in defaults and type(value) is type(defaults[name]):
                    values[name] = value  # a value of another type reads as the default
            manifest = cls(**values)  # type: ignore[arg-type]
            manifest.created  # noqa: B018 - a manifest without a readable time is not one
            return manifest
        except (ValueError, TypeError) as exc:
            raise ArchiveError("the manifest cannot be read") from exc


def manifest_for(
    facts: CopyFacts,
    *,
    kind: str,
    created: dt.datetime,
    app_version: str,
    desk_slot: int,
    key_fingerprint: str,
    key_slot: str,
) -> Manifest:
    return Manifest(
        kind=kind,
        created_at=created.astimezone(dt.UTC).isoformat(),
        app_version=app_version,
        schema=facts.schema,
        center_id=facts.center_id,
        center_name=facts.center_name,
        desk_slot=desk_slot,
        connected=facts.connected,
        key_fingerprint=key_fingerprint,
        key_slot=key_slot,
        residents=facts.residents,
        visits=facts.visits,
        bookings=facts.bookings,
        last_visit_day=facts.last_visit_day,
        database_bytes=facts.database_bytes,
        integrity=facts.integrity,
    )


def archive_name(created: dt.datetime, *, damaged: bool = False, kind: str = "") -> str:
    """``desk-20261201T093000123Z.zip`` (UTC to the millisecond); a failed check or a
    kept-aside copy is named so."""
    moment = created.astimezone(dt.UTC)
    stamp = f"{moment:%Y%m%dT%H%M%S}{moment.microsecond // 1000:03d}Z"
    mark = "-damaged" if damaged else (f"-{kind}" if kind in ("before_restore",) else "")
    return f"desk-{stamp}{mark}{SUFFIX}"


def is_archive_name(name: str) -> bool:
    return _NAME.match(name) is not None


def sync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (where the system allows it)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_archive(copy: Path, manifest: Manifest, target: Path) -> int:
    """Pack ``copy`` with ``manifest`` into ``target``; returns the file's size."""
    partial = target.with_name(target.name + PARTIAL)
    new_private_file(partial)
    try:
        with open(partial, "wb") as raw:
            with zipfile.ZipFile(
                raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
            ) as archive:
                archive.writestr(MANIFEST, manifest.to_json())
                with (
                    open(copy, "rb") as source,
                    archive.open(DATABASE, "w", force_zip64=True) as packed,
                ):
                    while chunk := source.read(CHUNK):
                        packed.write(chunk)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)
    return target.stat().st_size


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup at ``path`` (cheap: the database is not read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names or DATABASE not in names:
                raise ArchiveError("not a desk backup")
            return Manifest.from_json(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, UnicodeDecodeError, KeyError) as exc:
        raise ArchiveError("not a desk backup") from exc


def extract_database(path: Path, target: Path) -> None:
    """Unpack the database of the backup at ``path`` into a new private file ``target``;
    every byte is checked against the zip's CRC (a damaged file raises ArchiveError)."""
    new_private_file(target)
    try:
        with (
            zipfile.ZipFile(path) as archive,
            archive.open(DATABASE) as packed,
            open(target, "wb") as out,
        ):
            while chunk := packed.read(CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError) as exc:
        target.unlink(missing_ok=True)
        raise ArchiveError("the backup file is damaged") from exc
    except BaseException:
        target.unlink(missing_ok=True)
        raise
