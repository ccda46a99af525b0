"""``district-server``: run the server, or administer it from the command line.

district-server [--data-dir PATH | --database-url URL] serve [--host H] [--port P] [--workers N]
district-server admin center create --name NAME [--address A] [--hotline H]
district-server admin center list
district-server admin enrol CENTER_ID [--valid-hours 72]
district-server admin device list [--center ID] | revoke DEVICE_ID
district-server admin client create --name NAME --role operator|channel
district-server admin catalog import FILE.json
district-server admin staff create --center ID --username U --display-name N --role R
district-server admin slot create --center ID --day D --starts HH:MM --ends HH:MM --capacity N
district-server admin operator create --username U --display-name N [--role R] [--password-stdin]
district-server admin operator list
district-server admin work-order list [--center ID] [--status S]
district-server admin work-order status WORK_ORDER_ID STATUS [--note TEXT]
district-server admin rotate-master-key [--new-key-file PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from district import admin, center_keys, migrate, operators, work_orders
from district.console.texts import translate
from district.database import (
    DATA_DIR_ENV,
    DATABASE_URL_ENV,
    DistrictDatabase,
    default_database_url,
)
from district.errors import ApiError
from district.master_key import MasterKeyError


def _url(args: argparse.Namespace) -> str:
    """``--database-url``, else ``DISTRICT_DATABASE_URL``, else the SQLite file in
    ``--data-dir`` (or ``DISTRICT_DATA_DIR``, or the user's data folder)."""
    return str(
        args.database_url
        or os.environ.get(DATABASE_URL_ENV)
        or default_database_url(getattr(args, "data_dir", None))
    )


def _open(args: argparse.Namespace) -> DistrictDatabase:
    database = DistrictDatabase.open(_url(args), pool_size=2)
    migrate.upgrade(database.engine)
    return database


def _shown(url: str) -> str:
    """The database as a person can find it: the file, or the URL without its password."""
    if url.startswith("sqlite"):
        return url.split("///", 1)[-1]
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _print(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from district import http_protocol
    from district.app import CONCURRENCY_ENV

    url = _url(args)
    print(f"区级数据 / district data: {_shown(url)}", file=sys.stderr)
    database = DistrictDatabase.open(url, pool_size=1)
    migrate.upgrade(database.engine)
    try:
        center_keys.check_master_key(database)
    except MasterKeyError as exc:
        print(f"主密钥不对或已丢失，服务器没有启动 / {exc}", file=sys.stderr)
        return 2
    center_keys.wrap_plain_keys(database)  # keys stored before the master key, wrapped now
    center_keys.encrypt_channel_phones(database)
    database.dispose()
    os.environ[DATABASE_URL_ENV] = url
    os.environ[CONCURRENCY_ENV] = str(args.max_concurrent)
    uvicorn.run(
        "district.app:create_app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=False,
        http=http_protocol.protocol_path(),
        loop=http_protocol.event_loop(),
    )
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass("password: ")


COMMANDS: dict[tuple[str, ...], Callable[[DistrictDatabase, argparse.Namespace], Any]] = {
    ("center", "create"): lambda db, a: {
        "center_id": admin.create_center(db, a.name, a.address, a.hotline)
    },
    ("center", "list"): lambda db, a: admin.list_centers(db),
    ("enrol",): lambda db, a: {"code": admin.issue_enrolment_code(db, a.center_id, a.valid_hours)},
    ("device", "list"): lambda db, a: admin.list_devices(db, a.center),
    ("device", "revoke"): lambda db, a: {"revoked": admin.revoke_device(db, a.device_id)},
    ("client", "create"): lambda db, a: {"token": admin.create_client(db, a.name, a.role)},
    ("catalog", "import"): lambda db, a: {
        "rows": admin.import_catalog(db, json.loads(Path(a.file).read_text(encoding="utf-8")))
    },
    ("staff", "create"): lambda db, a: {
        "staff_id": admin.create_staff(
            db, a.center, a.username, a.display_name, a.role, _password(a)
        )
    },
    ("slot", "create"): lambda db, a: {
        "slot_id": admin.create_slot(
            db, a.center, dt.date.fromisoformat(a.day), a.starts, a.ends, a.capacity, a.service_item
        )
    },
    ("operator", "create"): lambda db, a: {
        "operator_id": operators.create_operator(
            db, a.username, a.display_name, a.role, _password(a), a.street, a.department
        )
    },
    ("operator", "list"): lambda db, a: operators.list_operators(db),
    ("rotate-master-key",): lambda db, a: center_keys.rotate_master_key(
        db, Path(a.new_key_file) if a.new_key_file else None
    ),
    ("work-order", "list"): lambda db, a: [
        o.model_dump(mode="json") for o in work_orders.list_work_orders(db, a.center, a.status)
    ],
    ("work-order", "status"): lambda db, a: work_orders.change_status(
        db, a.work_order_id, a.status, a.note
    ).model_dump(mode="json"),
}


def _admin_parser(sub: Any) -> None:
    admin_parser = sub.add_parser("admin", help="administer centers, desks, catalog, staff")
    groups = admin_parser.add_subparsers(dest="group", required=True)

    center = groups.add_parser("center").add_subparsers(dest="action", required=True)
    create = center.add_parser("create")
    create.add_argument("--name", required=True)
    create.add_argument("--address", default="")
    create.add_argument("--hotline", default="")
    center.add_parser("list")

    enrol = groups.add_parser("enrol", help="issue a one-time enrolment code for a desk")
    enrol.add_argument("center_id")
    enrol.add_argument("--valid-hours", type=int, default=72)

    device = groups.add_parser("device").add_subparsers(dest="action", required=True)
    device.add_parser("list").add_argument("--center")
    device.add_parser("revoke").add_argument("device_id")

    client = groups.add_parser("client").add_subparsers(dest="action", required=True)
    create = client.add_parser("create")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=admin.CLIENT_ROLES)

    catalog = groups.add_parser("catalog").add_subparsers(dest="action", required=True)
    catalog.add_parser("import").add_argument("file")

    staff = groups.add_parser("staff").add_subparsers(dest="action", required=True)
    create = staff.add_parser("create")
    create.add_argument("--center", required=True)
    create.add_argument("--username", required=True)
    create.add_argument("--display-name", required=True)
    create.add_argument("--role", required=True, choices=admin.STAFF_ROLES)
    create.add_argument("--password-stdin", action="store_true")

    slot = groups.add_parser("slot").add_subparsers(dest="action", required=True)
    create = slot.add_parser("create")
    create.add_argument("--center", required=True)
    create.add_argument("--day", required=True, help="YYYY-MM-DD")
    create.add_argument("--starts", required=True)
    create.add_argument("--ends", required=True)
    create.add_argument("--capacity", type=int, required=True)
    create.add_argument("--service-item")

    operator = groups.add_parser(
        "operator", help="console accounts (the first district admin is made here)"
    ).add_subparsers(dest="action", required=True)
    create = operator.add_parser("create")
    create.add_argument("--username", required=True)
    create.add_argument("--display-name", required=True)
    create.add_argument("--role", default="district_admin", choices=operators.ROLES)
    create.add_argument("--street", help="a dispatcher's street id")
    create.add_argument("--department", help="a handler's department id")
    create.add_argument("--password-stdin", action="store_true")
    operator.add_parser("list")

    rotate = groups.add_parser(
        "rotate-master-key", help="a new master key; every center's data key rewrapped"
    )
    rotate.add_argument("--new-key-file", help="where to write it (a systemd credential's key)")

    orders = groups.add_parser("work-order").add_subparsers(dest="action", required=True)
    listing = orders.add_parser("list")
    listing.add_argument("--center")
    listing.add_argument("--status")
    status = orders.add_parser("status")
    status.add_argument("work_order_id")
    status.add_argument(
        "status", choices=("assigned", "accepted", "in_progress", "closed", "returned")
    )
    status.add_argument("--note", default="")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="district-server", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help=f"SQLAlchemy URL (or env {DATABASE_URL_ENV})")
    parser.add_argument(
        "--data-dir",
        help=f"folder of the embedded SQLite database (or env {DATA_DIR_ENV}; default: "
        "the user's data folder, ~/.local/share/ServiceCenterDistrict on Linux)",
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("serve", help="run the HTTP server (the default)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8600)
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--max-concurrent", type=int, default=64, help="per worker, then 503")
    run.add_argument("--log-level", default="info")
    run.add_argument("--database-url", dest="database_url_serve")
    run.add_argument("--data-dir", dest="data_dir_serve")
    _admin_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in (None, "serve"):
        if args.command is None:
            args = build_parser().parse_args([*(argv or sys.argv[1:]), "serve"])
        args.database_url = args.database_url_serve or args.database_url
        args.data_dir = args.data_dir_serve or args.data_dir
        return serve(args)
    key = (args.group, args.action) if getattr(args, "action", None) else (args.group,)
    database = _open(args)
    try:
        _print(COMMANDS[key](database, args))
    except ApiError as exc:
        print(f"{exc.body.error.zh_CN}\n{exc.body.error.en}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except operators.OperatorError as exc:
        print(translate("zh_CN", exc.code, **exc.params), file=sys.stderr)
        print(translate("en", exc.code, **exc.params), file=sys.stderr)
        return 2
    finally:
        database.dispose()
    return 0
