"""Texts shared by every area."""

TEXTS: dict[str, tuple[str, str]] = {
    "validation.failed": (
        "有 {count} 处需要修改，请看标红的栏目",
        "{count} field(s) need attention",
    ),
    "field.required": ("此项必填", "This field is required"),
    "field.too_long": (
        "最多 {max} 个字，现在 {length} 个",
        "At most {max} characters ({length} now)",
    ),
}
