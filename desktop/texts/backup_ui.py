"""Texts of the backup screens: status bar, F9 section, restore and recovery sheet dialogs."""

TEXTS: dict[str, tuple[str, str]] = {
    "ui.backupbar.text": ("备份 {here} · 本机以外 {outside}", "Backup {here} · outside {outside}"),
    "ui.backupbar.none": ("无", "none"),
    "ui.backupbar.yesterday": ("昨天 {time}", "yesterday {time}"),
    "ui.backupbar.days_ago": ("{days} 天前", "{days} days ago"),
    "ui.backupbar.running": ("正在备份…", "Backing up…"),
    "ui.backupbar.damaged": ("⚠ 备份检查未通过", "⚠ Backup check failed"),
    "ui.backupbar.damaged_tip": (
        "最近一次备份没有通过完整性检查，说明数据库可能已经损坏。请不要关机，立即联系技术人员；之前的正常备份都保留着",
        "The latest backup failed its integrity check: the database may be damaged. Do not switch off; contact IT now. The earlier good backups are all kept",
    ),
    "ui.backupbar.failed": ("⚠ 备份失败", "⚠ Backup failed"),
    "ui.backupbar.tip_here": ("本机最近一次备份：{when}", "Last backup on this PC: {when}"),
    "ui.backupbar.tip_outside": (
        "本机以外（第二备份位置）最近一次备份：{when}",
        "Last backup outside this PC (second folder): {when}",
    ),
    "ui.backupbar.tip_no_second": (
        "还没有设置第二备份位置：电脑坏了，本机上的备份也会一起丢失。请中心管理员在“设置 → 备份与恢复”中选择 U 盘或网络共享文件夹",
        "No second backup folder is set: if this PC dies its backups go with it. A center admin can choose a USB drive or a network share in Settings → Backups",
    ),
    "ui.backupbar.overdue_tip": (
        "本机以外的备份已经超过一天没有更新了",
        "The backup outside this PC is more than a day old",
    ),
    "ui.backupbar.exit_title": ("正在备份", "Backing up"),
    "ui.backupbar.exit_text": (
        "退出前正在备份今天的数据，请稍候（通常几秒钟）…",
        "Backing up today's work before closing; this usually takes a few seconds…",
    ),
    "ui.backupbar.exit_skip": ("不等了，直接退出", "Close without waiting"),
}

TEXTS.update(
    {
        "ui.backup.title": ("备份与恢复", "Backups"),
        "ui.backup.now": ("立即备份", "Back up now"),
        "ui.backup.folder": ("第二备份位置", "Second backup folder"),
        "ui.backup.folder_none": (
            "未设置（请选 U 盘或网络共享文件夹）",
            "Not set (choose a USB drive or a network share)",
        ),
        "ui.backup.folder_choose": ("选择文件夹…", "Choose folder…"),
        "ui.backup.folder_forget": ("不再使用", "Stop using"),
        "ui.backup.minutes": (
            "分钟（按使用时间计；没有改动就不备份；退出登录和关闭程序时也备份）",
            "minutes of use (only when something changed; also at sign-out and closing)",
        ),
        "ui.backup.keep_recent": ("份最近的，", "most recent,"),
        "ui.backup.keep_daily": ("天每天一份，", "days one a day,"),
        "ui.backup.keep_weekly": ("周每周一份，", "weeks one a week,"),
        "ui.backup.keep_monthly": ("个月每月一份", "months one a month"),
        "ui.backup.save_policy": ("保存备份设置", "Save backup settings"),
        "ui.backup.sheet": ("打印恢复密钥单…", "Print the recovery sheet…"),
        "ui.backup.restore": ("从备份恢复…", "Restore from a backup…"),
        "ui.backup.sheet_missing": (
            "还没有为现在使用的密钥打印恢复密钥单。电脑坏了时，没有它就无法在新电脑上恢复居民的电话和身份证号。",
            "No recovery sheet has been printed for the key in use. If this PC dies, residents' phones and ID numbers cannot be restored on a new PC without it.",
        ),
        "ui.sheet.intro": (
            "请打印这张恢复密钥单，锁在柜子里，和电脑、U 盘分开放。它不会保存在这台电脑上。",
            "Print this recovery sheet and lock it away, apart from the PC and the USB drive. It is not kept on this PC.",
        ),
        "ui.sheet.intro_setup": (
            "中心已设置好。最后一步：请打印恢复密钥单并锁好保管——电脑坏了、被偷或重装时，只有它加上备份才能把居民的电话和身份证号恢复出来。",
            "The center is set up. One last step: print the recovery sheet and lock it away. If this PC breaks, is stolen or is reinstalled, only this sheet together with a backup brings residents' phones and ID numbers back.",
        ),
        "ui.sheet.no_printer": (
            "这台电脑没有可用的打印机：可以先“另存为 PDF”到 U 盘，再到别的电脑上打印（打印后请删除这个文件）",
            "No printer on this PC: save it as PDF to a USB drive and print it elsewhere (delete the file afterwards)",
        ),
        "ui.sheet.printed": ("已送到打印机 {printer}", "Sent to the printer {printer}"),
        "ui.sheet.saved": (
            "已保存到 {path}。这个文件里有恢复密钥：打印后请删除，或放在安全的地方",
            "Saved to {path}. This file holds the recovery key: delete it once printed, or keep it somewhere safe",
        ),
        "ui.sheet.not_saved": ("没有保存（{reason}）", "Not saved ({reason})"),
        "ui.restore.title": ("从备份恢复", "Restore from a backup"),
        "ui.restore.intro": (
            "选择一个备份。本机的备份和第二备份位置里的备份已列出；U 盘上的备份请点“打开文件夹”。",
            "Choose a backup. This PC's backups and those in the second backup folder are listed; for a USB drive, use “Open folder”.",
        ),
        "ui.restore.open_folder": ("打开文件夹…", "Open folder…"),
        "ui.restore.open_file": ("打开备份文件…", "Open a backup file…"),
        "ui.restore.col.time": ("备份时间", "Made"),
        "ui.restore.col.center": ("中心", "Center"),
        "ui.restore.col.size": ("大小", "Size"),
        "ui.restore.col.residents": ("居民", "Residents"),
        "ui.restore.col.visits": ("来访", "Visits"),
        "ui.restore.col.where": ("位置", "Where"),
        "ui.restore.col.state": ("状态", "State"),
        "ui.restore.where.local": ("本机", "This PC"),
        "ui.restore.where.second": ("第二备份位置", "Second folder"),
        "ui.restore.where.other": ("其他位置", "Elsewhere"),
        "ui.restore.state.ok": ("正常", "Good"),
        "ui.restore.state.damaged": ("已损坏", "Damaged"),
        "ui.restore.state.aside": ("恢复前的数据", "Before a restore"),
        "ui.restore.none_found": (
            "这里没有找到备份。请点“打开文件夹”选择 U 盘或网络共享上的备份文件夹。",
            "No backup found here. Use “Open folder” to choose the backup folder on a USB drive or a network share.",
        ),
        "ui.restore.preview.center": ("中心：{center}", "Center: {center}"),
        "ui.restore.preview.time": (
            "备份时间：{time}（服务台 {version}）",
            "Made: {time} (desk {version})",
        ),
        "ui.restore.preview.counts": (
            "里面有：{residents} 位居民，{visits} 次来访，{bookings} 个预约；最近一次来访 {last}",
            "Holds: {residents} residents, {visits} visits, {bookings} bookings; last visit {last}",
        ),
        "ui.restore.preview.connected": (
            "这台服务台连接过区级服务器：恢复后会自动和区里对齐，不会重复上传",
            "This desk was connected to the district: after the restore it catches up with the district by itself, sending nothing twice",
        ),
        "ui.restore.preview.alone": (
            "这台服务台没有连接区级服务器",
            "This desk was not connected to the district",
        ),
        "ui.restore.preview.key": (
            "需要的恢复密钥编号：{number}",
            "Recovery key number needed: {number}",
        ),
        "ui.restore.preview.file": ("文件：{path}", "File: {path}"),
        "ui.restore.key": ("恢复密钥", "Recovery key"),
        "ui.restore.key_hint": (
            "这台电脑上没有这个备份的密钥。请输入恢复密钥单上的 14 组字母和数字（不分大小写，横线可不输），或用扫码枪扫描单上的二维码。",
            "This PC does not have this backup's key. Type the 14 groups of letters and digits from the recovery sheet (case and dashes do not matter), or scan the sheet's QR code.",
        ),
        "ui.restore.restore": ("恢复这个备份", "Restore this backup"),
        "ui.restore.confirm": (
            "用 {time} 的备份替换现在的数据吗？现在的数据会先另存为“恢复前的数据”备份，需要时还能恢复回来。",
            "Replace the current data with the backup of {time}? The current data is first kept as a “before a restore” backup, so it can be restored again.",
        ),
        "ui.restore.confirm_new": (
            "在这台电脑上用 {time} 的备份恢复服务台吗？",
            "Restore the desk on this PC from the backup of {time}?",
        ),
        "ui.backup.every": ("自动备份：每", "Back up every"),
        "ui.backup.keep": ("保留", "Keep"),
        "ui.restore.busy.listing": ("正在查找备份…", "Looking for backups…"),
        "ui.restore.busy.preparing": ("正在检查和解压备份…", "Checking and unpacking the backup…"),
        "ui.first_run.restore": ("从备份恢复…", "Restore from a backup…"),
    }
)
