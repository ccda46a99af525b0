"""Looking at slip PDFs the way a person or a scanner would: poppler and zbar."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Rows of ``pdffonts``: name, type, encoding, emb, sub, uni, object, generation."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]


def pdf_page_sizes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True, check=True
    )
    sizes = []
    for line in done.stdout.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes


def qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """What a scanner reads from the slip's first page rendered at 200 dpi."""
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(path), str(tmp_path / "qr")],
        check=True,
    )
    image = next(tmp_path.glob("qr-*.png"))
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=False
    )
    return [line for line in done.stdout.splitlines() if line]
