"""A real CUPS scheduler for tests: its own configuration, spool and socket under a folder.

Queues print to ``/dev/null`` through CUPS' file device, so every job is a real job of a
real scheduler (accepted, refused, held) and what was sent stays in the spool folder to
check (``PreserveJobFiles``). Tests point the CUPS clients at it with ``CUPS_SERVER``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path


def cups_installed() -> bool:
    return all(shutil.which(tool) for tool in ("cupsd", "lpadmin", "lpstat", "lp"))


class CupsServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "cups.sock"
        self.spool = folder / "spool"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": str(self.socket), "LANG": "C", "LC_ALL": "C"}

    def start(self) -> None:
        root = self.folder / "root"
        for part in ("root/ppd", "spool", "cache", "state", "log", "tmp"):
            (self.folder / part).mkdir(parents=True, exist_ok=True)
        (self.folder / "tmp").chmod(0o1777)
        (self.folder / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
            "PreserveJobFiles Yes\nPreserveJobHistory Yes\nDirtyCleanInterval 0\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        (self.folder / "cups-files.conf").write_text(
            f"ServerRoot {root}\nRequestRoot {self.spool}\nCacheDir {self.folder / 'cache'}\n"
            f"StateDir {self.folder / 'state'}\nTempDir {self.folder / 'tmp'}\n"
            f"ErrorLog {self.folder / 'log/error_log'}\n"
            f"AccessLog {self.folder / 'log/access_log'}\n"
            f"PageLog {self.folder / 'log/page_log'}\nFileDevice Yes\n"
            "DataDir /usr/share/cups\nServerBin /usr/lib/cups\n"
        )
        self.process = subprocess.Popen(
            [
                "cupsd",
                "-f",
                "-c",
                str(self.folder / "cupsd.conf"),
                "-s",
                str(self.folder / "cups-files.conf"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            answer = self.run("lpstat", "-r")
            if "is running" in answer.stdout and "not" not in answer.stdout:
                return
            time.sleep(0.1)
        raise RuntimeError("cupsd did not start: " + self.log())

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(arguments), capture_output=True, text=True, env=self.env, timeout=30, check=False
        )

    def admin(self, *arguments: str) -> None:
        answer = self.run(*arguments)
        if answer.returncode != 0:
            raise RuntimeError(f"{arguments}: {answer.stderr}")

    def add_queue(self, name: str, default: bool = False) -> None:
        self.admin("lpadmin", "-p", name, "-E", "-v", "file:///dev/null", "-m", "raw")
        if default:
            self.admin("lpadmin", "-d", name)

    def jobs(self) -> list[str]:
        """Ids of every job the scheduler holds or has done (``Thermal80-3``)."""
        answer = self.run("lpstat", "-W", "all", "-o")
        return [line.split()[0] for line in answer.stdout.splitlines() if line.strip()]

    def job_control(self, job_id: str) -> bytes:
        """The job's attributes as the scheduler keeps them (job name, media …)."""
        number = int(job_id.rsplit("-", 1)[1])
        path = self.spool / f"c{number:05d}"
        deadline = time.monotonic() + 10
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the scheduler writes job attributes a moment after taking it
        return path.read_bytes()

    def job_document(self, job_id: str) -> bytes:
        number = int(job_id.rsplit("-", 1)[1])
        return (self.spool / f"d{number:05d}-001").read_bytes()

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def log(self) -> str:
        path = self.folder / "log/error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
