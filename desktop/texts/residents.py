"""Texts of the residents area: checks of names, phones and ID numbers; finding residents."""

TEXTS: dict[str, tuple[str, str]] = {
    "resident.name.symbol": (
        "姓名里不能有“{char}”这样的表情或符号，请只填写居民的姓名（生僻字可以输入）",
        "A name cannot contain “{char}” (an emoji or symbol); type only the resident's name (rare characters are fine)",
    ),
    "resident.name.digits_only": (
        "姓名不能只有数字，请填写居民的姓名",
        "A name cannot be only digits; type the resident's name",
    ),
    "resident.id_number.length": (
        "身份证号应为 18 位，现在是 {length} 位",
        "An ID number has 18 characters ({length} now)",
    ),
    "resident.id_number.characters": (
        "身份证号前 17 位应是数字，最后一位是数字或 X",
        "The first 17 characters of an ID number are digits; the last is a digit or X",
    ),
    "resident.id_number.region": (
        "身份证号开头的地区码不对，请核对前两位",
        "The region code at the start of the ID number is wrong; check the first two digits",
    ),
    "resident.id_number.birth_date": (
        "身份证号第 7–14 位的出生日期不是有效日期，请核对",
        "The birth date in the ID number (characters 7–14) is not a real date; check it",
    ),
    "resident.id_number.check_digit": (
        "身份证号最后一位（校验码）对不上，可能有一位输错了，请逐位核对",
        "The last character (check digit) does not match; a character may be mistyped, check each one",
    ),
    "resident.id_number.taken": (
        "这个身份证号已登记在另一位居民名下，请先查询核对",
        "This ID number is already recorded for another resident; search for them first",
    ),
    "resident.phone.characters": (
        "电话号码只能是数字（可带 +86、空格或短横线）",
        "A phone number is digits only (+86, spaces and dashes are fine)",
    ),
    "resident.phone.mobile": (
        "手机号应为 11 位，以 13–19 开头，现在是 {length} 位",
        "A mobile number has 11 digits starting with 13–19 ({length} now)",
    ),
    "resident.phone.invalid": (
        "电话号码格式不对：手机号 11 位，座机如 023-12345678 或 12345678",
        "Not a phone number: mobiles have 11 digits, landlines look like 023-12345678 or 12345678",
    ),
    "resident.duplicate": (
        "已有身份证号相同、或姓名和电话都相同的居民，请先看看是不是同一个人",
        "A resident with the same ID number, or the same name and phone, already exists; check whether it is the same person",
    ),
    "resident.not_found": (
        "找不到这位居民，请重新查询",
        "This resident cannot be found; search again",
    ),
    "resident.deleted": (
        "这位居民的档案已删除，不能再修改",
        "This resident's record has been deleted and cannot be changed",
    ),
    "resident.data_unreadable": (
        "这条信息无法解密：本机的数据密钥与数据库不匹配，请联系中心管理员",
        "This detail cannot be decrypted: this desk's data key does not match the database; contact the center admin",
    ),
}
