# ruff: noqa: E501
"""The reason codes the server can answer with, in Chinese first and English.

Both sides use this one catalog: the server sends the words, the desk may show them or
look the code up here again.
"""

from __future__ import annotations

from typing import Any

from protocol.common import Reason

REASONS: dict[str, tuple[str, str]] = {
    # authentication and enrolment
    "token_missing": (
        "没有带上设备凭证，请先完成前台登记（注册设备）",
        "No device token was sent; enrol this desk first",
    ),
    "token_invalid": (
        "设备凭证无效或已被收回，请联系区级管理员重新登记本前台",
        "The device token is not valid or was revoked; ask the district administrator to enrol this desk again",
    ),
    "not_allowed": (
        "此凭证无权做这项操作",
        "This token is not allowed to do that",
    ),
    "enrolment_code_invalid": (
        "登记码不对、已用过或已过期，请向区级管理员要一个新的登记码",
        "The enrolment code is wrong, used or expired; ask the district administrator for a new one",
    ),
    "desk_numbers_used_up": (
        "这个服务中心已有 {count} 台在用的前台，请区级管理员先收回不再使用的前台，再用这个登记码登记",
        "This service center already has {count} active desks; ask the district administrator to revoke one no longer used, then enrol with this code again",
    ),
    # handshake
    "protocol_too_old": (
        "本前台软件版本太旧，请先升级到最新版本再同步",
        "This desk's software is too old; upgrade it, then sync again",
    ),
    "protocol_too_new": (
        "区级服务器版本比前台旧，请联系区级管理员升级服务器",
        "The district server is older than this desk; ask the district administrator to upgrade it",
    ),
    # push, per change
    "entity_unknown": (
        "服务器不认识这类数据（{entity}），请升级前台软件",
        "The server does not know this kind of data ({entity}); upgrade the desk software",
    ),
    "payload_invalid": (
        "数据内容不完整或格式不对：{detail}",
        "The data is incomplete or malformed: {detail}",
    ),
    "other_center": (
        "这条数据属于别的服务中心，本前台不能修改",
        "This record belongs to another service center; this desk cannot change it",
    ),
    "derived_id_other_center": (
        "这一行服务目录或星期六时段的编号不是按本中心推算的（连接区级时还没改完编号就发出了），已拒收，以免本中心的目录出现两份；按本中心编号的同一行不受影响",
        "This service catalog or Saturday slot row's id is not derived from this center (it was sent before the desk finished joining the center), so it was refused to keep one catalog; the same row under the center's ids is unaffected",
    ),
    "reference_other_center": (
        "引用了别的服务中心的数据（{field}），请检查后重新登记",
        "It refers to another service center's record ({field}); check it and register again",
    ),
    "read_only_entity": (
        "这类数据由区级统一维护，前台不能修改",
        "The district maintains this data; a desk cannot change it",
    ),
    "version_conflict": (
        "别的前台已改过这条记录（服务器版本 {server_version}），请看最新内容后再改",
        "Another desk changed this record first (server version {server_version}); look at the latest and edit again",
    ),
    "already_exists": (
        "服务器上已有同一编号的记录",
        "The server already holds a record with this id",
    ),
    "not_found": (
        "服务器上没有这条记录，不能修改",
        "The server does not hold this record, so it cannot be changed",
    ),
    "duplicate_change_id": (
        "这条变更编号已被别的前台用过",
        "This change id was already used by another desk",
    ),
    "change_id_reused": (
        "这条变更的编号已用于另一条内容不同的变更，服务器保留先收到的那条；请核对这条记录后重新登记",
        "This change id was already used for a change with other content; the server keeps the one it received first. Check this record and enter it again",
    ),
    "request_id_reused": (
        "这个请求编号已用于另一项请求（别的时段、名额、操作或预约人），服务器保留先收到的那个；请用新的请求编号重新提交",
        "This request id was already used for another request (another slot, number of places, action or resident); the server keeps the first. Send the request again with a new request id",
    ),
    "booking_not_deletable": (
        "预约只能取消（改为已取消），不能删除；名额在取消时退回",
        "A booking is cancelled (its status), never deleted; its place comes back when it is cancelled",
    ),
    "capacity_below_taken": (
        "这个时段已约 {booked} 人、各前台还留着 {held} 个名额，容量不能减到 {capacity}；请先取消或改约 {over} 个预约，或等前台退回名额后再改",
        "This slot has {booked} bookings and desks hold {held} places, so its capacity cannot go down to {capacity}; cancel or reschedule {over} bookings, or wait for desks to return places, then change it",
    ),
    "slot_unknown": (
        "服务器上没有这个星期六时段，请先同步再预约",
        "The server does not know this Saturday slot; sync first, then book",
    ),
    "slot_full": (
        "这个时段已经约满，请改约到其他有空位的时段",
        "This slot is fully booked; book one of the slots that still has places",
    ),
    # push, whole batch
    "sequence_gap": (
        "服务器少了本前台的一部分数据（可能刚从备份恢复），前台会从第 {resend_from} 条起重新上传",
        "The server is missing some of this desk's changes (perhaps restored from a backup); the desk re-sends from number {resend_from}",
    ),
    "sequence_reused": (
        "本前台的数据比服务器上的旧（可能刚从备份恢复），请先下载本前台丢失的记录，新记录从第 {continue_after} 条之后编号",
        "This desk is behind the server (perhaps restored from a backup); download its lost records first and number new changes after {continue_after}",
    ),
    "sequence_order": (
        "同一批里的变更序号必须从小到大",
        "Changes in one batch must be in increasing sequence order",
    ),
    "cursor_mismatch": (
        "本前台记录的同步位置与服务器对不上（可能服务器从备份恢复），将从头重新下载",
        "This desk's sync position does not match the server (perhaps the server was restored); downloading again from the start",
    ),
    # limits and overload
    "body_too_large": (
        "一次上传的数据太大（上限 {limit} 字节），请分成几批上传",
        "The upload is too large (limit {limit} bytes); send it in smaller batches",
    ),
    "body_too_large_inflated": (
        "上传的数据解压后太大（上限 {limit} 字节），请分成几批上传",
        "The upload is too large once decompressed (limit {limit} bytes); send it in smaller batches",
    ),
    "body_encoding_unsupported": (
        "服务器不认识上传数据的压缩方式（{encoding}），请不压缩或用 gzip 上传",
        "The server does not know the upload's compression ({encoding}); send it plain or as gzip",
    ),
    "body_encoding_invalid": (
        "上传的数据声明为 {encoding} 压缩，但内容不是，请重新上传",
        "The upload says it is {encoding}-compressed but is not; send it again",
    ),
    "batch_too_large": (
        "一批最多 {limit} 条变更，这批有 {count} 条，请分批上传",
        "A batch holds at most {limit} changes, this one has {count}; split it",
    ),
    "body_timeout": (
        "请求内容 {seconds} 秒内没有传完，连接已断开；请检查网络后重试（前台会自动重试）",
        "The request body did not arrive (nothing for {seconds} seconds); the connection was closed. Check the network and try again (the desk retries on its own)",
    ),
    "overloaded": (
        "服务器正忙，请 {retry_after} 秒后再试（前台会自动重试）",
        "The server is busy; try again in {retry_after} seconds (the desk retries on its own)",
    ),
    "request_invalid": (
        "请求格式不对：{detail}",
        "The request is malformed: {detail}",
    ),
    "not_found_resource": (
        "没有找到：{what}",
        "Not found: {what}",
    ),
    "internal_error": (
        "服务器出错了，数据没有保存，请稍后再试",
        "The server hit an error and saved nothing; try again later",
    ),
    # Saturday places
    "share_unknown_slot": (
        "没有这个星期六时段",
        "There is no such Saturday slot",
    ),
    # work orders
    "work_order_transition": (
        "工单现在是“{current}”，不能改为“{target}”",
        "The work order is {current}; it cannot become {target}",
    ),
    "center_unknown": (
        "没有这个服务中心",
        "There is no such service center",
    ),
}


PLACE_REFUSALS = frozenset({"slot_full", "slot_unknown"})
"""Reasons the district gives for holding no place at all for a booking: such a booking
never counts as booked, at the desk or in any figure."""


def reason(code: str, **params: Any) -> Reason:
    """The reason for ``code`` with its parameters filled in (unknown codes are an error)."""
    zh, en = REASONS[code]
    return Reason(code=code, zh_CN=zh.format(**params), en=en.format(**params))


PER_CHANGE = "200, in a push result"
REASON_STATUS: dict[str, str] = {
    "token_missing": "401",
    "token_invalid": "401",
    "not_allowed": "403",
    "enrolment_code_invalid": "403",
    "desk_numbers_used_up": "409",
    "protocol_too_old": "426",
    "protocol_too_new": "426",
    "entity_unknown": PER_CHANGE,
    "payload_invalid": PER_CHANGE,
    "other_center": PER_CHANGE,
    "derived_id_other_center": PER_CHANGE,
    "reference_other_center": PER_CHANGE,
    "read_only_entity": PER_CHANGE,
    "version_conflict": PER_CHANGE + " (conflict)",
    "already_exists": PER_CHANGE,
    "not_found": PER_CHANGE,
    "duplicate_change_id": PER_CHANGE + "; 409 for a share request of another desk",
    "change_id_reused": PER_CHANGE,
    "request_id_reused": "409",
    "booking_not_deletable": PER_CHANGE,
    "capacity_below_taken": PER_CHANGE,
    "slot_unknown": PER_CHANGE,
    "slot_full": PER_CHANGE + " (conflict); 409 for a channel booking",
    "sequence_gap": "409",
    "sequence_reused": "409",
    "sequence_order": "409",
    "cursor_mismatch": "409",
    "body_too_large": "413",
    "body_too_large_inflated": "413",
    "body_encoding_unsupported": "415",
    "body_encoding_invalid": "400",
    "batch_too_large": "413",
    "body_timeout": "408",
    "overloaded": "503",
    "request_invalid": "422; 400 for a malformed body or address; 405 for a wrong method",
    "not_found_resource": "404",
    "internal_error": "500 (never expected: a bug)",
    "share_unknown_slot": "404",
    "work_order_transition": "409",
    "center_unknown": "404",
}
"""The HTTP status each reason comes with (``docs/sync-protocol.md`` lists them)."""
