"""Texts of the Saturday community: rules, set-up, roster, booking and the day's list."""

TEXTS: dict[str, tuple[str, str]] = {
    # rules at booking time
    "saturday.not_saturday": ("{day} 不是星期六", "{day} is not a Saturday"),
    "saturday.closed": (
        "{day} 星期六社区不开放{note}，请选择其他星期六",
        "The Saturday community is closed on {day}{note}; choose another Saturday",
    ),
    "saturday.workday": (
        "{day} 是调休工作日，按平日正常办公，不需要预约，请直接来访",
        "{day} is a make-up working day with normal weekday service; no appointment is needed",
    ),
    "saturday.past": (
        "这个时段已经过去了，请选择以后的时段",
        "This slot is over; choose a later one",
    ),
    "saturday.too_soon": (
        "预约至少要提前 {hours} 小时，这个时段来不及了，请选择更晚的时段",
        "Book at least {hours} hours ahead; choose a later slot",
    ),
    "saturday.too_far": (
        "只能预约 {weeks} 周以内的星期六，请选择更近的日期",
        "Saturdays can be booked at most {weeks} weeks ahead; choose an earlier date",
    ),
    "saturday.already_booked": (
        "这位居民已经约了同一项服务（{day} {time}），请先取消或改约那一个",
        "This resident already has a booking for this service ({day} {time}); cancel or move that one first",
    ),
    "saturday.slot_full": (
        "这个时段刚刚约满了（已约 {booked}/{capacity}）。可以改约下面有空位的时段，或登记候补",
        "This slot has just filled up ({booked}/{capacity}); book one of the free slots below or join the waitlist",
    ),
    "saturday.slot_unknown": (
        "找不到这个时段，请刷新后再试",
        "This slot cannot be found; refresh and try again",
    ),
    "saturday.not_offered": (
        "这项服务星期六不提供，请选择星期六开放的服务",
        "This service is not offered on Saturdays; choose one that is",
    ),
    "saturday.booking_unknown": (
        "找不到这个预约，请刷新后再试",
        "This booking cannot be found; refresh and try again",
    ),
    "saturday.not_active": (
        "这个预约已经{status}，不能再改",
        "This booking is already {status}; it cannot be changed",
    ),
    "saturday.check_in_not_today": (
        "只能在预约当天（{day}）签到",
        "Check-in is only possible on the day of the booking ({day})",
    ),
    "saturday.not_no_show": ("这个预约没有被标为爽约", "This booking is not marked as a no-show"),
    "saturday.already_waiting": (
        "这位居民已经在候补名单上了",
        "This resident is already on the waitlist",
    ),
    "saturday.waitlist_unknown": (
        "找不到这条候补登记，请刷新",
        "This waitlist entry cannot be found; refresh",
    ),
    "saturday.admin_only": (
        "只有中心管理员可以修改星期六设置和值班表",
        "Only a center admin can change Saturday set-up and the roster",
    ),
    "saturday.resident_missing": ("请先查找并选择居民", "Find and pick the resident first"),
    # set-up checks
    "saturday.time_invalid": (
        "时间格式应为 09:00 这样的“时:分”",
        "Times look like 09:00 (hours:minutes)",
    ),
    "saturday.time_order": ("结束时间要晚于开始时间", "The end must be after the start"),
    "saturday.slot_minutes": ("每个时段 10 到 240 分钟", "A slot lasts 10 to 240 minutes"),
    "saturday.sessions_overlap": ("两个开放时段重叠了", "Two sessions overlap"),
    "saturday.cases_range": (
        "每人每时段可接待 1 到 20 件",
        "One worker takes 1 to 20 cases per slot",
    ),
    "saturday.exception_kind": (
        "请选择：闭馆、缩短时间或调休工作日",
        "Choose: closed, shorter hours or make-up working day",
    ),
    "saturday.override_range": ("名额在 0 到 200 之间", "Places between 0 and 200"),
    # words
    "saturday.status.confirmed": ("已确认", "confirmed"),
    "saturday.status.pending_confirmation": ("待确认", "to be confirmed"),
    "saturday.status.cancelled": ("已取消", "cancelled"),
    "saturday.status.checked_in": ("已签到", "checked in"),
    "saturday.status.no_show": ("爽约", "no-show"),
    "saturday.needs_reschedule": ("需改约", "to reschedule"),
    "saturday.channel.desk": ("前台", "at the desk"),
    "saturday.channel.phone": ("电话", "by phone"),
    "saturday.channel.family": ("家属代约", "for a family member"),
    "saturday.exception.closed": ("闭馆", "closed"),
    "saturday.exception.short_hours": ("缩短时间", "shorter hours"),
    "saturday.exception.workday": ("调休工作日", "make-up working day"),
    "saturday.rescheduled": ("改约", "rescheduled"),
    "saturday.check_in_request": ("星期六社区预约 {number}", "Saturday community booking {number}"),
}
