"""Texts of the sync panel (a click on the status bar's sync button)."""

TEXTS: dict[str, tuple[str, str]] = {
    "ui.syncpanel.title": ("同步情况", "Sync"),
    "ui.syncpanel.state.online": (
        "在线：与区级服务器同步正常",
        "Online: syncing with the district",
    ),
    "ui.syncpanel.state.offline": (
        "离线：连不上区级服务器，前台照常使用，恢复后自动上传",
        "Offline: the district cannot be reached; the desk works on and sends everything when it is back",
    ),
    "ui.syncpanel.state.attention": (
        "需处理：有区级退回的记录",
        "Needs attention: the district refused some records",
    ),
    "ui.syncpanel.state.not_connected": (
        "未连接区级服务器（中心管理员可在 设置 中连接）",
        "Not connected to a district (a center admin connects in Settings)",
    ),
    "ui.syncpanel.summary": (
        "待上传 {pending} 条 · 需处理 {issues} 条 · 上次成功同步 {when}",
        "{pending} to send · {issues} need attention · last synced {when}",
    ),
    "ui.syncpanel.never": ("从未", "never"),
    "ui.syncpanel.history": ("最近的同步", "Recent rounds"),
    "ui.syncpanel.col.when": ("时间", "When"),
    "ui.syncpanel.col.pushed": ("上传", "Sent"),
    "ui.syncpanel.col.refused": ("退回", "Refused"),
    "ui.syncpanel.col.pulled": ("收到", "Received"),
    "ui.syncpanel.col.result": ("结果", "Result"),
    "ui.syncpanel.result.online": ("成功", "done"),
    "ui.syncpanel.result.offline": ("离线", "offline"),
    "ui.syncpanel.result.attention": ("需处理", "needs attention"),
    "ui.syncpanel.result_with": ("{result}：{message}", "{result}: {message}"),
    "ui.syncpanel.sync_now": ("立即同步", "Sync now"),
    "ui.syncpanel.inbox": ("需处理（{issues}）", "Needs attention ({issues})"),
    "ui.syncpanel.close": ("关闭", "Close"),
}
