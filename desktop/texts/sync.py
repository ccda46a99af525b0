"""Texts of connecting the desk to the district server and of sync failures."""

TEXTS: dict[str, tuple[str, str]] = {
    "sync.offline": (
        "连不上区级服务器（{server}），请检查网络或服务器地址；前台可以照常离线使用",
        "Cannot reach the district server ({server}); check the network or the address. The desk keeps working offline",
    ),
    "sync.timeout": (
        "区级服务器很久没有回应，稍后会自动重试；前台可以照常使用",
        "The district server did not answer in time; the desk will retry by itself and keeps working",
    ),
    "sync.busy": (
        "区级服务器正忙，稍后会自动重试",
        "The district server is busy; the desk will retry by itself",
    ),
    "sync.server_error": (
        "区级服务器出错（{status}），稍后会自动重试；如一直如此请联系区级管理员",
        "The district server had an error ({status}); the desk will retry. If it persists, contact the district administrator",
    ),
    "sync.garbage": (
        "区级服务器的回应看不懂（地址可能不对，或中间有网关拦截），请核对服务器地址",
        "The district server's answer makes no sense (wrong address, or a gateway in between); check the server address",
    ),
    "sync.refused": ("{reason_zh}", "{reason_en}"),
    "sync.token_revoked": (
        "区级服务器不再认可这台前台的连接（设备可能已被注销）。请中心管理员在“设置 → 区级连接”中用新的登记码重新连接；还没上传的记录都保留在本机，连接后自动上传",
        "The district server no longer accepts this desk's connection (the device may have been revoked). The center admin can reconnect in Settings → District connection with a new enrolment code; every record not yet sent stays on this desk and goes up after that",
    ),
    "sync.no_keyring": (
        "这台电脑没有可用的系统密钥环，无法安全保存设备凭证，所以不能连接区级服务器。请联系技术人员启用系统密钥环（如 GNOME 密钥环）后再连接；前台可以照常离线使用",
        "This computer has no usable system keyring to keep the device token safely, so the desk cannot connect. Ask IT to enable one (e.g. GNOME Keyring), then connect again; the desk keeps working offline",
    ),
    "sync.url_invalid": (
        "服务器地址应以 https:// 或 http:// 开头，例如 https://qu.example.cn",
        "The address starts with https:// or http://, e.g. https://district.example.cn",
    ),
    "sync.not_connected": (
        "本前台还没有连接区级服务器",
        "This desk is not connected to a district server",
    ),
    "sync.no_token": (
        "系统密钥环里找不到本前台的设备凭证（可能被清除），请中心管理员在设置中重新连接；待上传的数据都会保留",
        "The device token is missing from the keyring (it may have been cleared); a center admin connects the desk again in settings. Nothing waiting to be sent is lost",
    ),
    "sync.admin_only": (
        "只有中心管理员可以连接区级服务器",
        "Only a center admin can connect the desk",
    ),
    "sync.incompatible": (
        "区级服务器与本前台版本不兼容：{reason}",
        "The district server and this desk are not compatible: {reason}",
    ),
    "sync.step.code": ("用登记码换取设备凭证", "Trading the code for the device token"),
    "sync.step.handshake": ("核对前台与区级的版本", "Checking the desk and district versions"),
    "sync.step.settings": ("保存中心密钥和连接信息", "Keeping the center's key and the connection"),
    "sync.step.rename": (
        "改用本中心在区级的编号（服务目录、星期六时段等）",
        "Taking the center's ids (catalog, Saturday slots …)",
    ),
    "sync.step.encrypt": (
        "用中心密钥重新加密电话和身份证号",
        "Encrypting phones and ID numbers with the center's key",
    ),
    "sync.step.unsent": ("整理待上传的记录", "Preparing the changes waiting to be sent"),
    "ui.sync.step": ("第 {n}/{total} 步：{step}……", "Step {n} of {total}: {step}…"),
    "sync.held_joining": (
        "正在连接区级服务器，同步暂停到连接完成",
        "Connecting to the district: sync waits until the connection is complete",
    ),
    "sync.join_unfinished": (
        "连接区级服务器尚未完成，暂不同步：请关闭前台再打开，连接会自动完成",
        "Connecting to the district did not finish, so nothing is sent: close and reopen the desk to complete it",
    ),
    # referred requests as the district carries them (派单交办)
    "referral.submitted": ("待街道派单", "waiting to be assigned"),
    "referral.assigned": ("已派单至部门", "assigned to a department"),
    "referral.accepted": ("部门已受理", "accepted by the department"),
    "referral.in_progress": ("处置中", "being handled"),
    "referral.closed": ("已办结", "closed"),
    "referral.returned": ("已退回", "returned"),
    # status bar
    "ui.syncbar.syncing": ("正在同步…", "Syncing…"),
    "ui.syncbar.not_connected": ("离线使用（未连接区级）", "Offline (not connected)"),
    "ui.syncbar.online": (
        "在线 · 待上传 {pending} · {when} 已同步",
        "Online · {pending} to send · synced {when}",
    ),
    "ui.syncbar.offline": ("离线 · 待上传 {pending}", "Offline · {pending} to send"),
    "ui.syncbar.attention": (
        "需处理 {issues} 条 · 待上传 {pending}",
        "{issues} need attention · {pending} to send",
    ),
    "sync.issue_unknown": (
        "这条待处理事项已处理过或不存在，请刷新",
        "This item was already dealt with; refresh",
    ),
    # inbox
    "ui.inbox.title": ("需处理：区级退回的记录", "Needs attention: records the district refused"),
    "ui.inbox.empty": ("没有需要处理的记录", "Nothing needs attention"),
    "ui.inbox.line": ("{kind} {record}：{reason}", "{kind} {record}: {reason}"),
    "ui.inbox.booking": (
        "预约 {number} {name} {day} {time}（电话 {phone}）",
        "booking {number} {name} {day} {time} (phone {phone})",
    ),
    "ui.inbox.kind.rejected": ("【被退回】", "[refused]"),
    "ui.inbox.kind.conflict": ("【有冲突】", "[conflict]"),
    "ui.inbox.rebook": (
        "改约到所选时段并打印回执（Enter）",
        "Rebook into the chosen slot and print (Enter)",
    ),
    "ui.inbox.choices": (
        "同一服务最近的空余时段（先同一天，再往后的星期六）",
        "Nearest free slots of the same service (that day first, then the next Saturdays)",
    ),
    "ui.inbox.choice": (
        "{day} 周六 {time}　{service}　余 {free} 个",
        "{day} Sat {time}  {service}  {free} free",
    ),
    "ui.inbox.no_choices": (
        "往后四个星期六都没有这项服务的空位：请致电居民另约，或标记已处理",
        "No free place for this service on the next four Saturdays: call the resident, or mark it dealt with",
    ),
    "ui.inbox.done": ("已处理", "Dealt with"),
    "ui.inbox.phone": ("显示电话", "Show phone"),
    "ui.inbox.call": ("请致电 {name}：{phone}", "Call {name}: {phone}"),
    "ui.inbox.sync_now": ("立即同步", "Sync now"),
    "ui.inbox.choose": ("请先在下方选一个空余时段", "Choose a free slot below first"),
    "ui.inbox.rebooked": ("已改约：{number}，{day} {time}", "Rebooked: {number}, {day} {time}"),
    "ui.inbox.pick": ("请先在列表中选中一条", "Select an item first"),
    # per-record marks
    "ui.today.col.sync": ("上报", "District"),
    "ui.sync.mark.sent": ("已上报", "sent"),
    "ui.sync.mark.waiting": ("待上报", "waiting"),
    "ui.sync.mark.refused": ("被退回", "refused"),
    # settings screen
    "ui.sync.title": ("区级服务器", "District server"),
    "ui.sync.server_url": ("服务器地址", "Server address"),
    "ui.sync.code": (
        "登记码（区级管理员提供）",
        "Enrolment code (from the district administrator)",
    ),
    "ui.sync.device_name": ("本前台名称", "This desk's name"),
    "ui.sync.connect": ("连接", "Connect"),
    "ui.sync.connecting": ("正在连接…（前台可以照常使用）", "Connecting… (the desk keeps working)"),
    "ui.sync.default_device": ("前台 {slot}（{host}）", "Desk {slot} ({host})"),
    "ui.sync.connected": (
        "已连接：{center}（{server}），本机为第 {desk} 号服务台",
        "Connected: {center} ({server}), this is desk {desk}",
    ),
    "ui.sync.not_connected": ("尚未连接，前台离线使用", "Not connected: the desk works offline"),
    "ui.sync.other_center": (
        "本前台的数据还没有全部转为区级的中心编号；重新启动前台即可自动完成",
        "This desk's data has not all moved to the district's center id yet; restart the desk to finish it",
    ),
}
