"""How the demo center is recognised and signed into, without loading the demo's builder
(the sign-in screen shows the demo password before anything heavy is loaded)."""

from __future__ import annotations

DEMO_CENTER_NAME = "星光社区党群服务中心（演示）"
DEMO_PASSWORD = "demo1234"


def is_demo_center(center_name: str) -> bool:
    """Whether a desk is the demo center (its sign-in shows the demo accounts)."""
    return center_name == DEMO_CENTER_NAME
