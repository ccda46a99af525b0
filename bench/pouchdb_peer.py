"""The peer the sync benchmarks measure against, run beside ours in the same run.

PouchDB replicating to express-pouchdb over HTTP on loopback (both on the memory adapter,
the server in its own Node process, as the district server is in its own Python process):
what a team would otherwise pick for an offline-first desk. The Node packages (versions
pinned in ``bench/peer/package.json``) are installed once into a folder outside the
repository; without Node.js the benchmarks say so and print their own figures alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PEER_SOURCE = Path(__file__).with_name("peer")
INSTALL_ROOT = Path(
    os.environ.get("BENCH_PEER_DIR", Path.home() / ".cache" / "service-center-bench" / "peer")
)


@dataclass(frozen=True)
class PeerFigures:
    """One replication of ``docs`` documents of ``doc_bytes`` each, pushed then pulled."""

    docs: int
    doc_bytes: int
    batch: int
    push_s: float
    pull_s: float
    version: str

    @property
    def push_per_s(self) -> float:
        return self.docs / self.push_s

    @property
    def pull_per_s(self) -> float:
        return self.docs / self.pull_s


class PeerUnavailable(RuntimeError):
    """Node.js or the peer's packages cannot be had on this machine; the text says why."""


def _installed() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise PeerUnavailable("Node.js (node and npm) is not installed: the peer is left out")
    manifest = (PEER_SOURCE / "package.json").read_bytes()
    stamp = INSTALL_ROOT / f".installed-{hashlib.sha256(manifest).hexdigest()[:16]}"
    if not stamp.exists():
        INSTALL_ROOT.mkdir(parents=True, exist_ok=True)
        (INSTALL_ROOT / "package.json").write_bytes(manifest)
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=INSTALL_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise PeerUnavailable(f"npm install failed: {done.stderr.strip()[-500:]}")
        for old in INSTALL_ROOT.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    shutil.copy2(PEER_SOURCE / "pouchdb_peer.js", INSTALL_ROOT / "pouchdb_peer.js")
    return INSTALL_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PeerUnavailable("the PouchDB server exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise PeerUnavailable("the PouchDB server did not listen within 60 s")


def replicate(docs: int, doc_bytes: int = 316, batch: int = 100) -> PeerFigures:
    """Push ``docs`` visit-shaped documents to a fresh express-pouchdb, then pull them into
    a fresh local database (PouchDB's default batch is 100)."""
    root = _installed()
    port = _free_port()
    server = subprocess.Popen(
        ["node", "pouchdb_peer.js", "serve", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, server)
        done = subprocess.run(
            [
                "node",
                "pouchdb_peer.js",
                "replicate",
                f"http://127.0.0.1:{port}",
                str(docs),
                str(doc_bytes),
                str(batch),
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    if done.returncode != 0:
        raise PeerUnavailable(f"the PouchDB replication failed: {done.stderr.strip()[-500:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["pushed"] != docs or figures["pulled"] != docs:
        raise PeerUnavailable(f"the PouchDB replication moved {figures} of {docs} documents")
    return PeerFigures(
        docs=docs,
        doc_bytes=int(figures["doc_bytes"]),
        batch=batch,
        push_s=float(figures["push_s"]),
        pull_s=float(figures["pull_s"]),
        version=str(figures["pouchdb"]),
    )
