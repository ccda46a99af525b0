"""Schemathesis against the server's own OpenAPI schema: no input gets a 500."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.integration.district_server import District

MAX_EXAMPLES = 12


@pytest.fixture(scope="session")
def tokens(district: District) -> dict[str, str]:
    desk = district.enrol(district.new_center())
    operator = district.operator().headers["authorization"]
    channel = district.channel().headers["authorization"]
    return {"desk": f"Bearer {desk.token}", "operator": operator, "channel": channel}


def _token(path: str, tokens: dict[str, str]) -> str:
    if path.startswith("/api/v1/district"):
        return tokens["operator"]
    if path.startswith("/api/v1/channels"):
        return tokens["channel"]
    return tokens["desk"]


def _fuzz(operation: Any, token: str) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: Any) -> None:
        response = case.call(headers={"Authorization": token}, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])

    call()


def test_no_request_gets_a_server_error(district: District, tokens: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_url(f"{district.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        _fuzz(operation, _token(operation.path, tokens))
