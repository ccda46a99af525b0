"""Running the district server as a real process on loopback, for the integration tests."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from db.ids import uuid7
from district import admin
from district.database import DistrictDatabase

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=2):
            return True
    except Exception:
        return False


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database with a random name, dropped afterwards."""
    import psycopg

    name = f"district_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server(
    url: str, *extra: str, env: dict[str, str] | None = None, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``python -m district serve`` on ``port`` (a free one by default) and wait
    until it answers; the caller stops it with :func:`stop_server` (or kills it)."""
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "district",
        "--database-url",
        url,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        *extra,
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"district server exited: {output[-2000:]}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            stop_server(process)
            raise RuntimeError("district server did not become ready in 120 s")
        time.sleep(0.1)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout:
        process.stdout.close()


@contextmanager
def running_server(url: str, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``python -m district serve`` on a free port; yield its base URL."""
    process, base = start_server(url, *extra, env=env)
    try:
        yield base
    finally:
        stop_server(process)


@dataclass
class Desk:
    """An enrolled desk speaking the protocol with a plain HTTP client."""

    client: httpx.Client
    device_id: str
    center_id: str
    token: str
    seq: int = 0
    cursor: int = 0
    cursor_change_id: str | None = None
    seen: list[dict[str, Any]] = field(default_factory=list)

    def change(
        self, entity: str, payload: dict[str, Any], op: str = "insert", version: int = 1
    ) -> dict[str, Any]:
        self.seq += 1
        return {
            "change_id": uuid7(),
            "seq": self.seq,
            "entity": entity,
            "entity_id": payload["id"],
            "op": op,
            "version": version,
            "payload": payload,
        }

    def push(self, changes: list[dict[str, Any]]) -> httpx.Response:
        return self.client.post("/api/v1/push", json={"changes": changes})

    def pull_all(self, limit: int = 500) -> list[dict[str, Any]]:
        got: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"after": self.cursor, "limit": limit}
            if self.cursor_change_id:
                params["after_change_id"] = self.cursor_change_id
            response = self.client.get("/api/v1/pull", params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            got.extend(page["changes"])
            self.cursor, self.cursor_change_id = page["cursor"], page["cursor_change_id"]
            if not page["has_more"]:
                return got


@dataclass
class District:
    base_url: str
    database: DistrictDatabase
    clients: list[httpx.Client] = field(default_factory=list)

    def http(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=self.base_url, headers=headers, timeout=30)
        self.clients.append(client)
        return client

    def new_center(self, name: str = "测试中心") -> str:
        return admin.create_center(self.database, f"{name}-{secrets.token_hex(3)}")

    def enrol(self, center_id: str, name: str = "前台 1") -> Desk:
        code = admin.issue_enrolment_code(self.database, center_id)
        response = self.http().post("/api/v1/enrol", json={"code": code, "device_name": name})
        assert response.status_code == 200, response.text
        body = response.json()
        return Desk(self.http(body["token"]), body["device_id"], body["center_id"], body["token"])

    def operator(self) -> httpx.Client:
        return self.http(admin.create_client(self.database, "district office", "operator"))

    def channel(self) -> httpx.Client:
        return self.http(admin.create_client(self.database, "mini-program", "channel"))

    def close(self) -> None:
        for client in self.clients:
            client.close()
