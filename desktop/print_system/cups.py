"""CUPS through its own command-line clients (``lpstat``, ``lp``), each under a time limit.

Qt's CUPS engine ignores what the scheduler answers: a queue that refuses jobs or a stopped
printer looks like a success to it. Asking CUPS itself gives the printer's real state before
sending and the job's id after, so a print is counted only when a job exists. The clients
are run with a time limit, so a frozen scheduler costs seconds, never the desk. CUPS prints
PDF natively: the slip's own PDF is handed over with its page size (vector, a few KB).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.print_system.states import (
    PrinterCondition,
    PrinterList,
    PrinterStatus,
    SubmittedJob,
)

ASK_SECONDS = 5.0
"""Longest wait for the scheduler to say which printers exist and their state."""
SUBMIT_SECONDS = 15.0
"""Longest wait for the scheduler to take a job (a slip is a few KB, a day sheet ~100 KB)."""

_REQUEST_ID = re.compile(r"request id is (\S+)")
_PRINTER_LINE = re.compile(r"^printer (\S+) (.*)$")
_ACCEPT_LINE = re.compile(r"^(\S+) (not )?accepting requests")
_DEFAULT_LINE = re.compile(r"^system default destination: (\S+)")


def available() -> bool:
    """CUPS clients on this computer (Linux, 统信UOS, macOS); Windows has none."""
    return sys.platform != "win32" and bool(shutil.which("lpstat")) and bool(shutil.which("lp"))


@dataclass(frozen=True)
class _Answer:
    returncode: int
    stdout: str
    stderr: str


def _run(arguments: list[str], seconds: float, data: bytes | None = None) -> _Answer:
    environment = {**os.environ, "LANG": "C", "LC_ALL": "C"}  # parseable, whatever the desk
    try:
        done = subprocess.run(
            arguments,
            input=data,
            capture_output=True,
            timeout=seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UserError("print.service_frozen", seconds=round(seconds)) from None
    except OSError:
        raise UserError("print.service_down") from None
    return _Answer(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def _not_running(answer: _Answer) -> bool:
    said = answer.stderr.lower()
    return "scheduler is not running" in said or "unable to connect" in said


def parse_status(text: str) -> PrinterList:
    """Read ``lpstat -d -p -a`` (C locale): each printer's state, refusal and reason."""
    conditions: dict[str, PrinterCondition] = {}
    accepting: dict[str, bool] = {}
    reasons: dict[tuple[str, str], str] = {}  # (printer, "stop" | "refuse"): what CUPS said
    default = ""
    last: tuple[str, str] | None = None
    for line in text.splitlines():
        if line[:1] in {"\t", " "}:
            if last is not None and line.strip():
                reasons[last] = (reasons.get(last, "") + " " + line.strip()).strip()
            continue
        last = None
        if found := _DEFAULT_LINE.match(line):
            default = found.group(1)
        elif found := _PRINTER_LINE.match(line):
            name, rest = found.groups()
            if rest.startswith("disabled"):
                conditions[name] = PrinterCondition.STOPPED
                last = (name, "stop")
            elif rest.startswith("now printing"):
                conditions[name] = PrinterCondition.PRINTING
            else:
                conditions[name] = PrinterCondition.IDLE
        elif found := _ACCEPT_LINE.match(line):
            name, refused = found.groups()
            accepting[name] = refused is None
            if refused:
                last = (name, "refuse")

    def reason(name: str) -> str:
        if not accepting.get(name, True):
            return reasons.get((name, "refuse"), "")
        return reasons.get((name, "stop"), "")

    printers = tuple(
        PrinterStatus(
            name=name,
            condition=condition,
            accepting=accepting.get(name, True),
            reason=reason(name),
        )
        for name, condition in sorted(conditions.items(), key=lambda item: item[0].lower())
    )
    return PrinterList(printers, default if default in conditions else "")


def printers(seconds: float | None = None) -> PrinterList:
    """Every CUPS printer with its state; raises :class:`UserError` when CUPS cannot answer."""
    answer = _run(["lpstat", "-d", "-p", "-a"], seconds or ASK_SECONDS)
    if _not_running(answer):
        raise UserError("print.service_down")
    if answer.returncode != 0 and "no destinations" in answer.stderr.lower():
        return PrinterList((), "")
    return parse_status(answer.stdout)


def printer_status(name: str, seconds: float | None = None) -> PrinterStatus | None:
    """One printer's state, or None when CUPS has no printer of that name."""
    return printers(seconds).named(name)


def check_ready(name: str, seconds: float | None = None) -> PrinterStatus:
    """The printer, if it would print now; else a :class:`UserError` saying why not."""
    status = printer_status(name, seconds)
    if status is None:
        raise UserError("print.printer_missing", printer=name)
    if not status.accepting:
        raise UserError("print.printer_refusing", printer=name, reason=status.reason or "—")
    if status.condition is PrinterCondition.STOPPED:
        raise UserError("print.printer_stopped", printer=name, reason=status.reason or "—")
    return status


def media_option(paper: str, page_points: tuple[float, float]) -> str:
    """CUPS media for a slip: the sheet's name, or a roll page exactly as tall as the slip."""
    if paper in {"A4", "A5"}:
        return paper
    width, height = page_points
    return f"Custom.{width:.2f}x{height:.2f}"  # CUPS reads a bare custom size in points


def submit(
    name: str,
    pdf: bytes,
    job_name: str,
    media: str,
    seconds: float | None = None,
) -> SubmittedJob:
    """Hand the PDF to the queue ``name`` as it is; returns the job CUPS created.

    The PDF goes through ``lp``'s standard input, so nothing is written to disk for it (the
    recovery sheet must leave no copy of the key behind).

    Raises :class:`UserError` when the queue refuses it, has gone, or CUPS does not answer.
    """
    answer = _run(
        ["lp", "-d", name, "-t", job_name, "-o", f"media={media}"], seconds or SUBMIT_SECONDS, pdf
    )
    said = answer.stderr.lower()
    if _not_running(answer):
        raise UserError("print.service_down")
    if answer.returncode != 0:
        if "not accepting" in said:
            raise UserError("print.printer_refusing", printer=name, reason="—")
        if "does not exist" in said or "not found" in said:
            raise UserError("print.printer_missing", printer=name)
        raise UserError("print.failed")
    found = _REQUEST_ID.search(answer.stdout)
    if found is None:
        raise UserError("print.failed")
    return SubmittedJob(printer=name, job_id=found.group(1))
