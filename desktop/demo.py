"""The demo center (``service-center --demo``): clearly fake, but realistic enough to try
every screen at once.

* Center 星光社区党群服务中心（演示） with a made-up address and the hotline 000-00000000.
* The shipped service catalog.
* Accounts, all with the password ``demo1234`` (:data:`desktop.demo_names.DEMO_PASSWORD`):
  ``admin`` (中心管理员), ``qiantai`` (前台社工), ``zhiban`` (值班社工).
* 200 fake residents: common Chinese names (the first three are 张三, 李四, 王五 so pinyin
  search can be tried with ``zs`` or ``zhangsan``), mobiles in the unassigned-looking range
  170-0000-xxxx, and for most of them an ID number that passes GB 11643 (Beijing region
  codes such as 110101, plausible birth years, correct check digit) but belongs to nobody.
* Today's visits in every state: waiting, serving, and closed with each kind of outcome and
  a satisfaction grade.

Opening the demo again adds nothing: residents are only created up to 200 (an interrupted
run resumes) and today's visits only when the day has none yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select

from db.models import Center, Resident, SaturdaySession, Visit
from desktop import auth
from desktop.bootstrap import Startup, desk_context, is_set_up
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.demo_names import DEMO_CENTER_NAME, DEMO_PASSWORD
from desktop.errors import UserError
from desktop.residents import ResidentDraft, create_resident
from desktop.setup import StaffSeed, create_center
from desktop.validation import id_check_char
from desktop.visits import (
    OutcomeDraft,
    RequestDraft,
    record_outcome,
    record_satisfaction,
    register_visit,
    start_serving,
)

DEMO_ADDRESS = "演示市星光区星光路 1 号（虚构地址，仅供演示）"
DEMO_HOTLINE = "000-00000000"
DEMO_STAFF = (
    ("admin", "演示管理员", "center_admin"),
    ("qiantai", "前台小李（演示）", "front_desk"),
    ("zhiban", "值班老王（演示）", "on_duty"),
)
DEMO_RESIDENTS = 200
SEED = 20260301

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严"
)
_GIVEN = """
    伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 玉兰 国强
    志明 淑珍 德华 文 华 红 建国 秀珍 海燕 晓东 春梅 丽萍 小红 家豪 子涵 雨欣 浩然 梓萱 宇航
    欣怡 俊杰 思远 佳怡 建军 玉梅 凤英 素芬 国华 卫东 金凤 永福 淑英 振华
"""
GIVEN_NAMES = tuple(_GIVEN.split())
FIRST_RESIDENTS = ("张三", "李四", "王五")
REGIONS = ("110101", "110102", "110105", "110106", "110108")
ESTATES = ("星光花园", "幸福里小区", "锦绣家园", "和平新村", "滨江苑")
GRIDS = ("第一网格", "第二网格", "第三网格", "第四网格")


def resident_drafts(count: int = DEMO_RESIDENTS) -> list[ResidentDraft]:
    """The demo residents, the same on every run."""
    rng = random.Random(SEED)
    phones = rng.sample(range(10000), count)
    drafts = []
    for index in range(count):
        if index < len(FIRST_RESIDENTS):
            name = FIRST_RESIDENTS[index]
        else:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        id_number = ""
        if rng.random() < 0.8:
            birth = dt.date(1938, 1, 1) + dt.timedelta(days=rng.randrange(365 * 66))
            first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{index:03d}"
            id_number = first17 + id_check_char(first17)
        drafts.append(
            ResidentDraft(
                name=name,
                phone=f"1700000{phones[index]:04d}",
                id_number=id_number,
                estate=rng.choice(ESTATES),
                building=str(rng.randint(1, 18)),
                unit=str(rng.randint(1, 3)),
                room=f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}",
                grid=rng.choice(GRIDS),
            )
        )
    return drafts


def open_demo_center(startup: Startup) -> DeskContext:
    """Set up the demo center (or reopen it), then fill in what is still missing."""
    if is_set_up(startup):
        with startup.db.read() as session:
            name = session.get_one(Center, startup.settings.get("center_id")).name
        if name != DEMO_CENTER_NAME:
            raise UserError("setup.already_done", center=name)
    else:
        password_hash = auth.hash_password(DEMO_PASSWORD)
        create_center(
            startup,
            name=DEMO_CENTER_NAME,
            address=DEMO_ADDRESS,
            hotline=DEMO_HOTLINE,
            desk_slot=1,
            staff=[StaffSeed(u, n, role, password_hash) for u, n, role in DEMO_STAFF],
        )
    ctx = desk_context(startup)
    if _is_filled(ctx):
        return ctx
    staff = _demo_staff(ctx)
    try:
        _ensure_residents(ctx, staff["qiantai"])
        _ensure_demo_morning(ctx, staff)
        _ensure_saturdays(ctx, staff["admin"])
    finally:
        for identity in staff.values():
            auth.sign_out(ctx, identity)
    return ctx


def _is_filled(ctx: DeskContext) -> bool:
    """Residents, today's visits and Saturdays are all there: nobody needs to sign in."""
    with ctx.db.read() as session:
        residents = session.scalar(
            select(func.count()).select_from(Resident).where(Resident.center_id == ctx.center_id)
        )
        visits = session.scalar(
            select(func.count())
            .select_from(Visit)
            .where(Visit.center_id == ctx.center_id, Visit.visit_date == _demo_day(ctx))
        )
        saturdays = session.scalar(
            select(func.count())
            .select_from(SaturdaySession)
            .where(SaturdaySession.center_id == ctx.center_id)
        )
    return (residents or 0) >= DEMO_RESIDENTS and bool(visits) and bool(saturdays)


def _ensure_saturdays(ctx: DeskContext, admin: StaffIdentity) -> None:
    from desktop.saturday.demo import ensure_saturdays

    with ctx.db.read() as session:
        residents = list(
            session.scalars(
                select(Resident.id)
                .where(Resident.center_id == ctx.center_id)
                .order_by(Resident.created_at)
                .limit(20)
            )
        )
    ensure_saturdays(ctx, admin, residents[3:])


def _demo_staff(ctx: DeskContext) -> dict[str, StaffIdentity]:
    """The demo accounts, signed in with the demo password to fill in the demo data (as
    anyone trying the demo would: every change is checked and audited as theirs)."""
    return {username: auth.sign_in(ctx, username, DEMO_PASSWORD) for username, _, _ in DEMO_STAFF}


def _ensure_residents(ctx: DeskContext, staff: StaffIdentity) -> None:
    with ctx.db.read() as session:
        existing = session.scalar(
            select(func.count()).select_from(Resident).where(Resident.center_id == ctx.center_id)
        )
    for draft in resident_drafts()[existing or 0 :]:
        create_resident(ctx, staff, draft, allow_duplicate=True)


DEMO_OPENS = dt.time(8, 30)
DEMO_CLOSES = dt.time(17, 30)
"""The demo center's opening hours on a working day: its visits arrive within them."""


def demo_moments(local_now: dt.datetime, count: int) -> list[dt.datetime]:
    """When the demo morning's ``count`` visits arrived, in the center's time: between
    opening and now (or closing) today, or on the day before while today's desk has not been
    open half an hour yet — never at night, never after now."""
    day = local_now
    opens = day.replace(hour=DEMO_OPENS.hour, minute=DEMO_OPENS.minute, second=0, microsecond=0)
    if local_now < opens + dt.timedelta(minutes=30):
        day = local_now - dt.timedelta(days=1)
        opens -= dt.timedelta(days=1)
    closes = day.replace(hour=DEMO_CLOSES.hour, minute=DEMO_CLOSES.minute, second=0, microsecond=0)
    end = min(local_now, closes)
    step = min(dt.timedelta(minutes=12), (end - opens) / (count + 1))
    return [end - step * (count - index) for index in range(count)]


def _demo_day(ctx: DeskContext) -> dt.date:
    """The day the demo morning's visits fall on."""
    return demo_moments(ctx.local_now(), len(_morning_plan(ctx.today())))[0].date()


def _ensure_demo_morning(ctx: DeskContext, staff: dict[str, StaffIdentity]) -> None:
    plan = _morning_plan(ctx.today())
    moments = demo_moments(ctx.local_now(), len(plan))
    day = moments[0].date()
    with ctx.db.read() as session:
        if session.scalar(
            select(func.count())
            .select_from(Visit)
            .where(Visit.center_id == ctx.center_id, Visit.visit_date == day)
        ):
            return
        residents = list(
            session.scalars(
                select(Resident.id)
                .where(Resident.center_id == ctx.center_id)
                .order_by(Resident.created_at, Resident.id)
                .limit(12)
            )
        )
    items = {(i.line_code, i.name): i.id for i in list_service_items(ctx)}
    for index, (requests, outcomes, grade) in enumerate(plan):
        at = replace(ctx, clock=_fixed(moments[index].astimezone(dt.UTC)))
        drafts = [
            RequestDraft(items[(line, name)], category, urgency, text)
            for line, name, category, urgency, text in requests
        ]
        clerk = staff["qiantai"] if index % 2 else staff["admin"]
        handler = staff["zhiban"] if index % 3 else staff["qiantai"]
        visit = register_visit(at, clerk, residents[index % len(residents)], drafts)
        if outcomes is None:
            continue
        start_serving(at, handler, visit.id)
        for request, outcome in zip(visit.requests, outcomes, strict=False):
            record_outcome(at, handler, request.id, outcome)
        if grade is not None:
            record_satisfaction(at, handler, visit.id, grade)


def _fixed(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


_Request = tuple[str, str, str, str, str]
_Plan = list[tuple[list[_Request], list[OutcomeDraft] | None, int | None]]


def _morning_plan(today: dt.date) -> _Plan:
    """A morning at the desk: closed visits first, then some being served, then waiting."""
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    week = today + dt.timedelta(days=7)
    return [
        (
            [("A", "居住证明开具", "", "normal", "开具居住证明用于孩子入学")],
            [OutcomeDraft("done", note="当场开具")],
            5,
        ),
        (
            [
                ("B", "城乡居民医保缴费咨询", "", "normal", "询问今年医保缴费标准"),
                ("C", "高龄津贴申领", "", "normal", "父亲满 80 岁，咨询高龄津贴"),
            ],
            [
                OutcomeDraft("done", note="已告知缴费标准和渠道"),
                OutcomeDraft("booked", note="带齐材料星期六来办", due_date=saturday),
            ],
            4,
        ),
        (
            [("F", "公共设施报修", "", "urgent", "3 栋楼道灯坏了一周")],
            [OutcomeDraft("referred", referred_to="物业服务中心", due_date=week)],
            4,
        ),
        (
            [("E", "邻里纠纷调解", "", "normal", "楼上漏水，与邻居协商未果")],
            [OutcomeDraft("follow_up", note="约双方下周面谈", due_date=week)],
            3,
        ),
        (
            [("C", "低保申请受理", "", "urgent", "家庭收入骤降，申请低保")],
            [OutcomeDraft("referred", referred_to="街道民政办", due_date=week)],
            None,
        ),
        (
            [("D", "志愿服务报名", "", "normal", "报名周末社区清洁志愿活动")],
            [OutcomeDraft("done")],
            5,
        ),
        (
            [
                ("F", "加装电梯协调", "", "normal", "5 栋住户想加装电梯，咨询流程"),
                ("F", "停车位增设协调", "", "normal", ""),
            ],
            [OutcomeDraft("follow_up", due_date=week)],
            None,
        ),
        ([("B", "就业指导", "", "normal", "应届毕业生求职指导")], [], None),
        ([("A", "退役军人服务", "", "normal", "")], None, None),
        ([("C", "居家养老服务预约", "household", "critical", "独居老人行动不便")], None, None),
        ([("E", "法律咨询", "", "normal", "租房押金纠纷")], None, None),
        ([("F", "物业服务投诉", "", "normal", "电梯经常故障")], None, None),
    ]
