"""Words of same-named accounts across the center's desks (desktop/staff_clashes.py)."""

TEXTS: dict[str, tuple[str, str]] = {
    "staff.clash_gone": (
        "这两个同名账号已经处理过了，请刷新",
        "These same-named accounts were already dealt with; refresh",
    ),
    "staff.clash_keeps_admin": (
        "要让位的账号（后建的那个）是中心管理员，留下的那个不是：合并后会少一个管理员。请先把留下的账号设为管理员，或选“不是同一人”改名",
        "The account that would give way (the one made later) is a center admin and the one kept is not: merging would lose an admin. Make the kept one an admin first, or choose 'different people' and rename",
    ),
    "ui.clash.title": (
        "同名账号（需中心管理员决定）",
        "Same-named accounts (a center admin decides)",
    ),
    "ui.clash.line": (
        "用户名 {username}：本机的 {mine}（{mine_role}）与另一前台的 {theirs}（{theirs_role}）同名；另一前台的账号在本机暂时显示为 {held}",
        "User name {username}: this desk's {mine} ({mine_role}) and another desk's {theirs} ({theirs_role}); the other account shows here as {held} for now",
    ),
    "ui.clash.same": ("是同一个人：合用先建的账号", "Same person: keep the older account"),
    "ui.clash.different": (
        "不是同一个人：本机账号改名为",
        "Different people: rename this desk's account to",
    ),
    "ui.clash.rename": ("改名", "Rename"),
    "ui.clash.merged": (
        "已合并：以后在各前台都用 {username} 登录（用先建的那个账号的密码）",
        "Merged: sign in as {username} at every desk from now on (with the older account's password)",
    ),
    "ui.clash.renamed": (
        "已改名：本机账号现在是 {username}，另一前台的账号保留原名",
        "Renamed: this desk's account is now {username}; the other keeps its name",
    ),
}
