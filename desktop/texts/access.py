"""Texts of who may do what (desktop.access)."""

TEXTS: dict[str, tuple[str, str]] = {
    "access.unknown_staff": (
        "找不到当前登录的账号，请重新登录",
        "The signed-in account cannot be found; please sign in again",
    ),
    "access.switched_off": (
        "此账号已被停用，已退出登录；如有疑问请联系中心管理员",
        "This account has been switched off and is signed out; ask the center admin if in doubt",
    ),
    "access.not_signed_in": (
        "请先登录再办理",
        "Please sign in first",
    ),
    "access.signed_out": (
        "您已退出登录，请重新登录",
        "You have been signed out; please sign in again",
    ),
    "access.password_reset": (
        "您的密码已被中心管理员重设，请用新密码重新登录",
        "The center admin has reset your password; please sign in again with the new one",
    ),
    "access.not_allowed": (
        "{role}不能{action}；请找中心管理员",
        "A {role} account cannot {action}; ask the center admin",
    ),
    "access.action.staff.manage": ("管理员工账号", "manage staff accounts"),
    "access.action.resident.read": ("查看居民信息", "see residents"),
    "access.action.resident.write": ("登记或修改居民信息", "add or change residents"),
    "access.action.resident.reveal": ("查看完整的电话或身份证号", "see a full phone or ID number"),
    "access.action.visit.read": ("查看来访记录", "see visits"),
    "access.action.visit.register": ("登记来访", "register visits"),
    "access.action.visit.serve": ("办理来访", "serve visits"),
    "access.action.saturday.read": ("查看星期六预约", "see Saturday bookings"),
    "access.action.saturday.book": ("办理星期六预约", "book Saturdays"),
    "access.action.saturday.arrival": ("办理签到和爽约", "check residents in or mark no-shows"),
    "access.action.saturday.setup": ("设置星期六社区", "set up the Saturday community"),
    "access.action.slip.print": ("打印单据", "print slips"),
    "access.action.statistics.read": ("查看统计与台账", "see figures and ledgers"),
    "access.action.ledger.unmasked": (
        "导出不打码的台账",
        "export ledgers with personal data unmasked",
    ),
    "access.action.settings.desk": ("修改本机设置", "change this desk's settings"),
    "access.action.settings.admin": ("修改管理员设置", "change the admin's settings"),
    "access.action.backup.manage": ("管理备份和恢复", "manage backups and restores"),
    "access.action.sync.inbox": ("处理同步问题", "handle sync issues"),
    "access.action.sync.connect": ("连接区级服务器", "connect to the district server"),
}
