"""Texts of staff sign-in and accounts."""

TEXTS: dict[str, tuple[str, str]] = {
    "auth.missing": (
        "请输入用户名和密码",
        "Enter your user name and password",
    ),
    "auth.failed": (
        "用户名或密码不对，请重新输入",
        "The user name or password is wrong; please try again",
    ),
    "auth.failed_attempts_left": (
        "用户名或密码不对。再错 {left} 次，账号将锁定 1 分钟",
        "The user name or password is wrong. {left} more wrong attempt(s) will lock the account for 1 minute",
    ),
    "auth.locked": (
        "密码连续输错 5 次，账号已锁定，请 {seconds} 秒后再试；忘记密码请找中心管理员重设",
        "Five wrong passwords in a row: the account is locked. Try again in {seconds} s, or ask the center admin to reset the password",
    ),
    "auth.inactive": (
        "此账号已停用，请联系中心管理员",
        "This account has been switched off; please contact the center admin",
    ),
    "auth.admin_only": (
        "只有中心管理员可以添加账号",
        "Only a center admin can add accounts",
    ),
    "settings.not_allowed": (
        "您的角色不能修改这项设置，请联系中心管理员",
        "Your role may not change this setting; please ask the center admin",
    ),
    "auth.account_unknown": (
        "找不到这个账号，请刷新后再试",
        "This account cannot be found; refresh and try again",
    ),
    "auth.last_admin": (
        "这是最后一个在用的中心管理员账号，不能停用；请先给另一位同事设为中心管理员",
        "This is the last active center admin account and cannot be switched off; make a colleague center admin first",
    ),
    "auth.username_format": (
        "用户名用 2–40 个小写字母、数字或 . _ -，以字母或数字开头，例如 zhangsan",
        "Use 2–40 lowercase letters, digits or . _ -, starting with a letter or digit, e.g. zhangsan",
    ),
    "auth.username_taken": (
        "用户名 {username} 已有人使用，请换一个",
        "The user name {username} is already taken; choose another",
    ),
    "auth.role_unknown": (
        "请选择角色：前台社工、值班社工或中心管理员",
        "Choose a role: front desk, on duty or center admin",
    ),
    "auth.password_too_short": (
        "密码至少 {min} 位",
        "The password needs at least {min} characters",
    ),
}
