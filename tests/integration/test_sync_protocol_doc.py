"""docs/sync-protocol.md and the server's OpenAPI schema describe the same endpoints."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.integration.district_server import District

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md"
ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^` ]+)` \|", re.MULTILINE)


def documented_endpoints() -> set[tuple[str, str]]:
    return {(method, path) for method, path in ROW.findall(DOC.read_text(encoding="utf-8"))}


def test_documented_endpoints_are_exactly_the_served_ones(district: District) -> None:
    schema = httpx.get(f"{district.base_url}/openapi.json", timeout=10).json()
    served = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    documented = documented_endpoints()
    assert len(documented) >= 10
    assert documented == served


def test_the_schema_names_the_token_each_endpoint_takes(district: District) -> None:
    schema = httpx.get(f"{district.base_url}/openapi.json", timeout=10).json()
    schemes = schema["components"]["securitySchemes"]
    assert set(schemes) == {"deviceToken", "channelToken", "operatorToken"}
    assert all(s == {**s, "type": "http", "scheme": "bearer"} for s in schemes.values())
    security = {
        path: operation.get("security")
        for path, operations in schema["paths"].items()
        for operation in operations.values()
    }
    assert security["/api/v1/health"] is None and security["/api/v1/enrol"] is None
    assert security["/api/v1/push"] == [{"deviceToken": []}]
    assert security["/api/v1/channels/bookings"] == [{"channelToken": []}]
    assert security["/api/v1/district/statistics"] == [{"operatorToken": []}]
