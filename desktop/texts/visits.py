"""Texts of walk-in visits, their requests and outcomes, and the service catalog."""

TEXTS: dict[str, tuple[str, str]] = {
    "visit.no_requests": (
        "请至少登记一项诉求",
        "Record at least one request",
    ),
    "visit.category_unknown": (
        "请选择公事、家事或共事",
        "Choose public, household or shared matter",
    ),
    "visit.urgency_unknown": (
        "请选择紧急程度：一般、紧急或特急",
        "Choose the urgency: normal, urgent or critical",
    ),
    "visit.service_item_unavailable": (
        "这个服务事项已停用或不在本中心目录里，请重新选择",
        "This service item is switched off or not in this center's catalog; choose another",
    ),
    "visit.resident_missing": (
        "找不到这位居民，可能已被删除，请重新查找或新建",
        "This resident cannot be found (perhaps deleted); search again or add them",
    ),
    "visit.not_found": (
        "找不到这条来访登记，可能已被删除，请刷新列表",
        "This visit cannot be found (perhaps deleted); refresh the list",
    ),
    "visit.request_not_found": (
        "找不到这项诉求，可能已被删除，请刷新列表",
        "This request cannot be found (perhaps deleted); refresh the list",
    ),
    "visit.already_closed": (
        "{number} 号已办结，无需再接待",
        "Number {number} is already closed",
    ),
    "visit.outcome_unknown": (
        "请选择办理结果：当场办结、转办、预约星期六或待跟进",
        "Choose the outcome: done on the spot, referred, booked for Saturday or follow-up",
    ),
    "visit.referred_to_required": (
        "请填写转办给哪个部门或网格员",
        "Enter the department or grid worker it is referred to",
    ),
    "visit.due_date_required.referred": (
        "请填写转办的办结期限",
        "Enter the date the referral is due",
    ),
    "visit.due_date_required.follow_up": (
        "请填写跟进日期",
        "Enter the follow-up date",
    ),
    "visit.due_date_required.booked": (
        "请选择预约的星期六",
        "Choose the Saturday it is booked for",
    ),
    "visit.due_date_past": (
        "日期不能早于今天",
        "The date cannot be before today",
    ),
    "visit.booked_not_saturday": (
        "星期六社区只在星期六开放，请选一个星期六",
        "The Saturday Community is open on Saturdays only; choose a Saturday",
    ),
    "visit.satisfaction_range": (
        "请在 1（非常不满意）到 5（非常满意）之间选择",
        "Choose from 1 (very dissatisfied) to 5 (very satisfied)",
    ),
    "catalog.unknown_item": (
        "找不到这个服务事项，请刷新后重新选择",
        "This service item cannot be found; refresh and choose again",
    ),
    "catalog.invalid": (
        "服务事项目录文件有误（{entry}），请检查后重新导入；目录未改动",
        "The service catalog file has an error ({entry}); check it and import again. Nothing was changed",
    ),
}
