"""Texts of backups, the recovery key and restoring."""

TEXTS: dict[str, tuple[str, str]] = {
    "backup.admin_only": (
        "只有中心管理员可以恢复备份、设置第二备份位置或打印恢复密钥单",
        "Only a center admin can restore a backup, set the second backup folder or print the recovery sheet",
    ),
    "backup.same_disk": (
        "{path} 和服务台的数据在同一块硬盘上：这块硬盘坏了，两份一起丢。请选 U 盘或网络共享文件夹",
        "{path} is on the same disk as the desk's data: if that disk dies, both copies go. Choose a USB drive or a network share",
    ),
    "backup.policy_out_of_range": (
        "超出允许的范围",
        "Out of the allowed range",
    ),
    "backup.key_mistyped": (
        "恢复密钥没有输对：应为 {wanted} 个字母或数字（现在是 {typed} 个），请对照恢复密钥单逐组核对",
        "The recovery key is not typed right: it has {wanted} letters and digits (you typed {typed}). Check it group by group against the recovery sheet",
    ),
    "backup.key_needed": (
        "这个备份里的电话和身份证号是加密的，这台电脑上没有它的密钥。请输入恢复密钥单上的恢复密钥（或用扫码枪扫描单上的二维码）",
        "Phones and ID numbers in this backup are encrypted and this PC does not have their key. Type the recovery key from the recovery sheet (or scan the sheet's QR code)",
    ),
    "backup.key_needed_connected": (
        "这个备份里的电话和身份证号是加密的，这台电脑上没有它的密钥。请输入恢复密钥单上的恢复密钥（或扫描单上的二维码）。找不到恢复密钥单：这台服务台连接过区级服务器，可以改为新设服务台并用新的登记码重新连接，已上传到区里的记录会自动回到这台电脑",
        "Phones and ID numbers in this backup are encrypted and this PC does not have their key. Type the recovery key from the recovery sheet (or scan its QR code). Sheet lost? This desk was connected to the district: set the desk up anew and connect it with a new enrolment code; everything that reached the district comes back to this PC",
    ),
    "backup.key_wrong": (
        "这不是这个备份的恢复密钥（可能是别的中心或更早的密钥单）。什么都没有改动，请换一张恢复密钥单再试",
        "This is not the recovery key of this backup (another center's, or an older sheet). Nothing was changed; try another recovery sheet",
    ),
    "backup.other_center_here": (
        "这个数据文件夹里已经是另一个中心的数据和密钥，不能在这里恢复这个备份。请用新的数据文件夹（--data-dir）恢复",
        "This data folder already holds another center's data and key; this backup cannot be restored here. Restore into a new data folder (--data-dir)",
    ),
    "backup.folder_full": (
        "备份位置 {path} 空间不够，这次没有备份到那里；请清理空间或换一个 U 盘",
        "The backup folder {path} is full; this backup did not go there. Free some space or use another USB drive",
    ),
    "backup.folder_missing": (
        "找不到备份位置 {path}（U 盘没有插上，或网络共享断开了），这次只备份在本机",
        "The backup folder {path} is not there (USB drive not plugged in, or the network share is gone); this backup stayed on this PC only",
    ),
    "backup.folder_read_only": (
        "备份位置 {path} 是只读的（U 盘的写保护开关？），这次没有备份到那里",
        "The backup folder {path} is read-only (the USB drive's write-protect switch?); this backup did not go there",
    ),
    "backup.folder_denied": (
        "没有权限写入备份位置 {path}，这次没有备份到那里；请联系技术人员",
        "No permission to write to the backup folder {path}; this backup did not go there. Ask IT",
    ),
    "backup.folder_failed": (
        "写入备份位置 {path} 失败（{reason}），这次没有备份到那里",
        "Writing to the backup folder {path} failed ({reason}); this backup did not go there",
    ),
    "backup.too_new": (
        "这个备份来自较新版本的服务台（{version}），本机是 {current}。请先把本机的服务台升级到 {version} 或更新，再恢复",
        "This backup comes from a newer version of the desk ({version}); this PC runs {current}. Upgrade this desk to {version} or later first, then restore",
    ),
    "backup.not_a_backup": (
        "这个文件不是服务台的备份（{path}）",
        "This file is not a desk backup ({path})",
    ),
    "backup.damaged_backup": (
        "这个备份已损坏（没有通过完整性检查），不能恢复；请选择另一个备份",
        "This backup is damaged (it failed its integrity check) and cannot be restored; choose another backup",
    ),
    "backup.restore_failed": (
        "恢复没有完成（{reason}），原来的数据保持不变",
        "The restore did not finish ({reason}); the data as it was stays in place",
    ),
    "backup.restored": (
        "备份已恢复。原来的数据另存为一个“恢复前”的备份，需要时可以再恢复回来",
        "The backup is restored. The data as it was is kept as a “before restore” backup and can be restored again if needed",
    ),
    "backup.restored_new": (
        "备份已恢复，服务台已经换上这个中心的数据。请用原来的账号登录",
        "The backup is restored and the desk holds this center's data again. Sign in with the usual account",
    ),
    "backup.restore_interrupted": (
        "上次的恢复被中断了（电脑关机或程序退出），原来的数据保持不变；需要的话请重新恢复",
        "The last restore was interrupted (the PC shut down or the desk quit); the data as it was stays in place. Restore again if needed",
    ),
    "backup.export_nothing": (
        "数据文件夹 {path} 里还没有设置中心，没有可以导出的数据",
        "The data folder {path} holds no center yet: nothing to export",
    ),
    "backup.export_is_folder": (
        "{path} 是一个文件夹；请给出要写入的文件名，例如 {path}/服务台.zip",
        "{path} is a folder; give a file name to write, e.g. {path}/desk.zip",
    ),
    "backup.export_damaged": (
        "已写出 {path}，但数据库没有通过完整性检查：请先联系技术人员",
        "{path} was written, but the database failed its integrity check: contact IT first",
    ),
    "backup.exported": (
        "已导出到 {path}：{center}，{residents} 位居民，{visits} 次来访。文件里不含密钥：新电脑上导入时需要恢复密钥单",
        "Exported to {path}: {center}, {residents} residents, {visits} visits. The file holds no key: importing on the new PC needs the recovery sheet",
    ),
    "backup.imported": (
        "已导入到 {path}：{center}，{residents} 位居民，{visits} 次来访。现在可以启动服务台",
        "Imported into {path}: {center}, {residents} residents, {visits} visits. Start the desk now",
    ),
    "backup.import_into_set_up": (
        "数据文件夹 {path} 已经有一个中心了，导入会覆盖它。请导入到新的数据文件夹（--data-dir），或由中心管理员在“设置 → 备份与恢复”中恢复",
        "The data folder {path} already holds a center, which an import would replace. Import into a new data folder (--data-dir), or have a center admin restore from Settings → Backups",
    ),
    "backup.key_prompt": (
        "请输入恢复密钥单上的恢复密钥，然后按回车：",
        "Type the recovery key from the recovery sheet, then press Enter:",
    ),
}

TEXTS.update(
    {
        "sheet.title": ("恢复密钥单", "Recovery sheet"),
        "sheet.secret": (
            "机密：拿到这张单和备份的人就能看到居民的电话和身份证号，请锁好保管",
            "Confidential: whoever holds this sheet and a backup can read residents' phones and ID numbers. Keep it locked away",
        ),
        "sheet.center": ("中心", "Center"),
        "sheet.desk": ("服务台", "Desk"),
        "sheet.desk_number": ("第 {slot} 号服务台", "Desk {slot}"),
        "sheet.printed": ("打印时间", "Printed"),
        "sheet.number": ("密钥编号", "Key number"),
        "sheet.key": (
            "恢复密钥（14 组，每组 4 个字母或数字）",
            "Recovery key (14 groups of 4 letters or digits)",
        ),
        "sheet.qr_caption": (
            "用扫码枪扫描这个二维码，恢复密钥就会自动输入",
            "Scan this QR code with a barcode scanner to type the recovery key",
        ),
        "sheet.what.title": ("这是什么", "What this is"),
        "sheet.what.body": (
            "服务台把居民的电话和身份证号加密保存，密钥只存放在这台电脑里（系统密钥环），不在备份里。电脑坏了、被偷了或重装了系统，只有“备份 + 这张恢复密钥单”才能把这些数据恢复出来。",
            "The desk stores residents' phones and ID numbers encrypted. The key lives only on this PC (in the system keyring), never in the backups. If the PC breaks, is stolen or is reinstalled, only a backup together with this sheet brings that data back.",
        ),
        "sheet.when.title": ("什么时候用", "When to use it"),
        "sheet.when.body": (
            "在新电脑上“从备份恢复”或导入服务台（--import）时，服务台会要求输入恢复密钥：按组输入（字母不分大小写，横线和空格可输可不输），或用扫码枪扫描上面的二维码。输错了服务台会提示，不会改动任何数据。",
            "When restoring from a backup or importing the desk (--import) on a new PC, the desk asks for the recovery key: type it group by group (case, dashes and spaces do not matter) or scan the QR code above. A mistake is pointed out and nothing is changed.",
        ),
        "sheet.where.title": ("放在哪里", "Where to keep it"),
        "sheet.where.body": (
            "锁在中心的文件柜或保险柜里，和电脑、U 盘分开放；不要贴在电脑上，不要拍照发到微信群。可以复印一份，交中心负责人另外保管。",
            "Lock it in the center's filing cabinet or safe, apart from the PC and the USB drive. Never stick it on the PC or send a photo of it to a chat group. A copy may be kept by the center's head elsewhere.",
        ),
        "sheet.district.title": ("已连接区级服务器的服务台", "Desks connected to the district"),
        "sheet.district.body": (
            "已连接区级服务器的服务台也可以不用这张单找回密钥：在新电脑上设置服务台后，由中心管理员用新的登记码重新连接，区级服务器会把中心密钥和已经上传的记录一起发回来。还没有上传的记录，只能用备份和这张单恢复。",
            "A desk connected to the district can also get its key back without this sheet: set the desk up on the new PC and have the center admin connect it again with a new enrolment code; the district sends the center's key back with every record already uploaded. Records not yet uploaded come back only from a backup with this sheet.",
        ),
        "sheet.reprint_after_connect": (
            "注意：这台服务台以后连接区级服务器时，密钥会换成全中心共用的密钥，届时请重新打印一张恢复密钥单。",
            "Note: when this desk is connected to the district, its key becomes the center's shared key; print a new recovery sheet then.",
        ),
    }
)
