"""Which key a restored database needs, and where it is kept afterwards.

The manifest names the key the backup's personal data is under (its fingerprint) and its
place: ``own`` (a desk never connected: its own key) or ``center`` (the key the district
shares with the center's desks). The key is found in this folder's keyring entries or key
files, or typed / scanned from the recovery sheet; a key that is not the backup's is
refused before anything is written.

The key is then kept where the restored desk will look for it. A place already holding
another key that a set-up database here still needs is never overwritten: the restored
data is re-encrypted under the key kept here instead (or, for a connected backup whose
center key differs, the restore is refused: that folder belongs to another center).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.backup.archive import Manifest
from desktop.backup.recovery_key import fingerprint, parse_key
from desktop.errors import UserError
from desktop.paths import DataPaths
from desktop.pii import find_own_key, load_center_key, store_center_key, store_own_key


@dataclass(frozen=True)
class KeyPlan:
    key: bytes | None  # the backup's key (None: the backup holds no key fingerprint)
    store_in: str | None = None  # "own" or "center": keep the key there
    rekey_to: bytes | None = None  # re-encrypt the restored data under this key


def available_key(paths: DataPaths, manifest: Manifest) -> bytes | None:
    """The backup's key if this folder already keeps it."""
    for key in (find_own_key(paths), load_center_key(paths)):
        if key is not None and fingerprint(key) == manifest.key_fingerprint:
            return key
    return None


def key_needed(paths: DataPaths, manifest: Manifest) -> bool:
    return bool(manifest.key_fingerprint) and available_key(paths, manifest) is None


def backup_key(paths: DataPaths, manifest: Manifest, typed: str | None) -> bytes | None:
    """The backup's key, from this folder or from what was typed; refused in words when
    missing, mistyped or not this backup's."""
    if not manifest.key_fingerprint:
        return None
    found = available_key(paths, manifest)
    if found is not None:
        return found
    if not typed or not typed.strip():
        code = "backup.key_needed_connected" if manifest.connected else "backup.key_needed"
        raise UserError(code)
    key = parse_key(typed)
    if fingerprint(key) != manifest.key_fingerprint:
        raise UserError("backup.key_wrong", center=manifest.center_name)
    return key


def plan_keys(paths: DataPaths, manifest: Manifest, key: bytes | None, set_up: bool) -> KeyPlan:
    """Where the backup's ``key`` goes (see the module text); ``set_up``: a center's
    database is in this folder now (its keys must stay)."""
    if key is None:
        return KeyPlan(None)
    own, center = find_own_key(paths), load_center_key(paths)
    if manifest.key_slot == "center":
        if center == key:
            return KeyPlan(key)
        if center is None or not set_up:
            return KeyPlan(key, store_in="center")
        raise UserError("backup.other_center_here")
    if center is not None and center != own:  # this folder's data is under a center key
        return KeyPlan(key) if center == key else KeyPlan(key, rekey_to=center)
    if own == key:
        return KeyPlan(key)
    if own is None or not set_up:
        return KeyPlan(key, store_in="own")
    return KeyPlan(key, rekey_to=own)


def keep_key(paths: DataPaths, plan: KeyPlan) -> None:
    if plan.key is None or plan.store_in is None:
        return
    if plan.store_in == "center":
        store_center_key(paths, plan.key)
    else:
        store_own_key(paths, plan.key)
