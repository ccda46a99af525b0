"""Texts of start-up, the database file, first-run set-up and the demo center."""

TEXTS: dict[str, tuple[str, str]] = {
    "db.too_new": (
        "此数据由较新版本的程序创建，请安装最新版本后再打开；数据未被改动",
        "This data was written by a newer version of the app. Install the latest version and open it again; nothing was changed",
    ),
    "db.locked": (
        "数据库正被另一个窗口或程序占用。请关闭其他打开的前台窗口，稍等片刻再试",
        "The database is in use by another window or program. Close other desk windows, wait a moment and try again",
    ),
    "db.full": (
        "磁盘已满，数据无法保存。请清理磁盘空间（例如删除旧文件）后再试；已保存的数据不受影响",
        "The disk is full, so nothing can be saved. Free some disk space and try again; data already saved is safe",
    ),
    "db.unreadable": (
        "数据文件已损坏或不是本程序的数据库，无法打开。请联系技术支持，用备份文件夹中的副本恢复",
        "The data file is damaged or is not this app's database. Contact support to restore it from a copy in the backups folder",
    ),
    "db.no_access": (
        "没有权限读写数据文件夹，请联系技术支持检查文件夹权限",
        "The app may not read or write its data folder; ask support to check the folder's permissions",
    ),
    "setup.not_done": (
        "本机还没有设置服务中心，请先完成首次设置",
        "This desk is not set up for a service center yet; complete the first-run set-up",
    ),
    "setup.already_done": (
        "本机已设置为“{center}”，不能再设置另一个中心。如需试用演示中心，请用新的数据文件夹（--data-dir）打开",
        "This desk is already set up for “{center}”. To try the demo center, open the app with a new data folder (--data-dir)",
    ),
    "setup.key_damaged": (
        "个人信息加密密钥无法读取（{path}），居民的电话和身份证号暂时无法显示。请联系技术支持",
        "The key that protects personal data cannot be read ({path}); phones and ID numbers cannot be shown. Contact support",
    ),
    "setup.hotline_format": (
        "请填写服务热线，如 023-12345678 或 13812345678",
        "Enter the service hotline, e.g. 023-12345678 or 13812345678",
    ),
    "setup.desk_slot_range": (
        "前台编号填 1 到 9，同一中心的每台前台电脑各用一个不同的编号",
        "The desk number is 1 to 9; each desk PC of a center uses a different one",
    ),
}
