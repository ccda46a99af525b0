"""Masked forms of personal data, as screens, slips and the district console show them.

Shared by the desk and the district (stdlib only).
"""

from __future__ import annotations


def mask_name(name: str) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``; a one-character name stays as it is."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; landlines keep area code and last four."""
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    head = digits.split("-", 1)[0] + "-" if "-" in digits else digits[:3]
    return head + "*" * max(len(digits) - len(head) - 4, 1) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    """``110101199003071234`` → ``110***********1234`` (first 3 and last 4 kept)."""
    value = id_number.strip().upper()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
