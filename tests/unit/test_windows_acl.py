"""On Windows the data folder is its user's alone: the icacls call, built and checked here.

The call itself runs only on Windows (``file_privacy.make_private``); these tests check the
command line it is given, on any system.
"""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest

from desktop.file_privacy import icacls_command, windows_account

FOLDER = PureWindowsPath(r"C:\Users\zhang\AppData\Local\ServiceCenterDesk")


def test_the_folder_keeps_only_the_signed_in_account() -> None:
    account = windows_account({"USERNAME": "zhang", "USERDOMAIN": "JIEDAO"})
    assert account == "JIEDAO\\zhang"
    command = icacls_command(FOLDER, account, r"C:\Windows")
    assert command == [
        r"C:\Windows\System32\icacls.exe",
        r"C:\Users\zhang\AppData\Local\ServiceCenterDesk",
        "/inheritance:r",  # nothing inherited from the profile above
        "/grant:r",  # the account's own grant replaced, not added to
        "JIEDAO\\zhang:(OI)(CI)F",  # full control, inherited by every file and folder inside
    ]


def test_the_tool_comes_from_the_system_folder_not_the_path() -> None:
    command = icacls_command(FOLDER, "zhang", r"D:\WINNT")
    assert command[0] == r"D:\WINNT\System32\icacls.exe"
    assert command[-1] == "zhang:(OI)(CI)F"


def test_an_account_without_a_domain_is_named_alone() -> None:
    assert windows_account({"USERNAME": " 前台电脑 "}) == "前台电脑"
    assert windows_account({"USERDOMAIN": "JIEDAO"}) == ""
    assert windows_account({}) == ""


@pytest.mark.parametrize("account", ["", "zhang:(OI)F", 'zh"ang', "a\nb"])
def test_a_name_that_would_change_the_grant_is_refused(account: str) -> None:
    with pytest.raises(ValueError):
        icacls_command(FOLDER, account)
