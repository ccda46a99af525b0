"""Console accounts and sessions over real HTTP, on SQLite and PostgreSQL: Argon2id
passwords, lockout after five failures, HttpOnly SameSite=Strict cookies, the CSRF
token, idle sign-out, every attempt audited; the public progress page's rate limit; the
first admin made from the command line."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import update

from district import audit, operators, organisation
from district.console_tables import operator_session
from district.progress import RateLimit
from tests.integration.district_server import ROOT, District

CHEAP = operators.PasswordParams(time_cost=1, memory_kib=64, parallelism=1)
ORIGIN = audit.Origin(None, "test", "127.0.0.1")


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operators, "PASSWORD_PARAMS", CHEAP)


def _account(district: District, role: str = "district_admin") -> str:
    username = f"op.{secrets.token_hex(4)}"
    operators.create_operator(district.database, username, "测试", role, "good-password")
    return username


def _sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    form = client.get("/signin")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    return client.post(
        "/signin", data={"csrf": token.group(1), "username": username, "password": password}
    )


def test_sign_in_sets_a_strict_http_only_cookie_and_forms_need_the_csrf_token(
    district: District,
) -> None:
    username = _account(district)
    with httpx.Client(base_url=district.base_url) as client:
        assert client.get("/").status_code == 303
        answer = _sign_in(client, username, "good-password")
        assert answer.status_code == 303
        cookie = answer.headers["set-cookie"]
        assert "scd_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert "Secure" not in cookie  # plain HTTP on loopback; behind HTTPS it is Secure
        home = client.get("/")
        assert (
            home.status_code == 200
            and "default-src 'self'" in home.headers["content-security-policy"]
        )
        refused = client.post("/admin/streets", data={"name": "无令牌街道"})
        assert refused.status_code == 403 and "页面已过期" in refused.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', home.text)
        assert csrf is not None
        made = client.post(
            "/admin/streets", data={"name": f"街道{secrets.token_hex(2)}", "csrf": csrf.group(1)}
        )
        assert made.status_code == 303
        out = client.post("/signout", data={"csrf": csrf.group(1)})
        assert out.status_code == 303 and client.get("/").status_code == 303
    # A sign-in form sent without its own token is refused too.
    with httpx.Client(base_url=district.base_url) as client:
        bare = client.post("/signin", data={"username": username, "password": "good-password"})
        assert bare.status_code == 403


def test_five_wrong_passwords_lock_the_account_and_every_attempt_is_audited(
    district: District,
) -> None:
    username = _account(district)
    with httpx.Client(base_url=district.base_url) as client:
        for _ in range(operators.MAX_FAILURES):
            wrong = _sign_in(client, username, "wrong-password")
            assert wrong.status_code == 401 and "用户名或密码不对" in wrong.text
        locked = _sign_in(client, username, "good-password")
        assert locked.status_code == 401 and "已锁定" in locked.text
        unknown = _sign_in(client, "nobody.here", "whatever1")
        assert unknown.status_code == 401 and "用户名或密码不对" in unknown.text
    events = [e for e in audit.recent(district.database, 50) if e["operator_name"] == username]
    actions = [e["action"] for e in events]
    assert actions.count("sign_in.failed") == operators.MAX_FAILURES
    assert "sign_in.locked" in actions and all(e["address"] == "127.0.0.1" for e in events)


def test_an_idle_session_ends(district: District) -> None:
    username = _account(district)
    with httpx.Client(base_url=district.base_url) as client:
        assert _sign_in(client, username, "good-password").status_code == 303
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=operators.IDLE_MINUTES + 1)
        with district.database.write() as conn:
            conn.execute(
                update(operator_session)
                .values(last_seen_at=long_ago)
                .where(operator_session.c.ended_at.is_(None))
            )
        answer = client.get("/work-orders")
        assert answer.status_code == 303 and "idle=1" in answer.headers["location"]


def test_the_last_admin_cannot_be_switched_off(district: District) -> None:
    only = operators.create_operator(
        district.database, f"solo.{secrets.token_hex(3)}", "唯一", "district_admin", "good-password"
    )
    admins = [
        o
        for o in operators.list_operators(district.database)
        if o["role"] == "district_admin" and o["active"]
    ]
    for other in admins:
        if other["id"] != only:
            operators.set_active(district.database, other["id"], False, ORIGIN)
    with pytest.raises(operators.OperatorError) as refused:
        operators.set_active(district.database, only, False, ORIGIN)
    assert refused.value.code == "operator.last_admin"
    for other in admins:
        operators.set_active(district.database, other["id"], True, ORIGIN)


def test_the_progress_page_is_rate_limited_per_address() -> None:
    limit = RateLimit(limit=3, window=60)
    assert [limit.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("10.0.0.2")


def test_the_first_admin_is_made_from_the_command_line(
    district: District, backend_url: str
) -> None:
    username = f"first.{secrets.token_hex(3)}"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "district",
            "--database-url",
            backend_url,
            "admin",
            "operator",
            "create",
            "--username",
            username,
            "--display-name",
            "区管理员",
            "--password-stdin",
        ],
        input="short\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert made.returncode == 2 and "密码至少 8 位" in made.stderr
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "district",
            "--database-url",
            backend_url,
            "admin",
            "operator",
            "create",
            "--username",
            username,
            "--display-name",
            "区管理员",
            "--password-stdin",
        ],
        input="first-admin-pass\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    with httpx.Client(base_url=district.base_url) as client:
        assert _sign_in(client, username, "first-admin-pass").status_code == 303
    assert organisation.list_streets(district.database) is not None
