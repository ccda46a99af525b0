"""A smaller ICU data library for the desk bundle (Linux).

Qt Core links ICU, and the ICU data library of the PySide6 wheel (``libicudata.so.NN``,
one symbol ``icudtNN_dat`` holding ICU's common data package) is 32 MB: every locale's
collation, time zone, currency, language, region and unit names, number spell-out rules,
transliterators, word-break dictionaries and about 190 character-set converters.

Qt Core uses ICU for five things only (its undefined ``*_NN`` symbols): case mapping
(``u_strToUpper``/``u_strToLower``), collation (``ucol_*``, ``QCollator``), time zone
display names and canonical ids (``ucal_*``, ``QTimeZone``), and character-set converters
beyond UTF and Latin-1 (``ucnv_*``, ``QStringConverter``). Dates, numbers and month names
come from Qt's own locale tables, text boundaries from Qt's own code.

So the package is rebuilt keeping:

* everything that is not locale data (the collation root table ``ucadata.icu``,
  converter aliases, the time zone database, supplemental data, likely subtags, the
  shared string pools, normalisation variants, character names, ...; the core Unicode
  properties and case mapping are compiled into ``libicuuc`` itself);
* locale data of ``root``, ``en*`` and ``zh*`` in the trees Qt reaches: the locale
  bundles themselves, ``coll`` (pinyin and stroke order), ``zone`` (time zone names),
  ``region``, ``lang`` and ``curr``;
* the converters for Chinese text (GB18030, GBK/CP936, GB2312/EUC-CN, Big5, Big5-HKSCS)
  and all small single-byte tables (ISO-8859-*, Windows-125*, KOI8, DOS code pages, ...).

Left out: the break-iterator rules and dictionaries (``brkitr``), transliterators
(``translit``), spell-out rules (``rbnf``), unit names (``unit``), locale data of other
languages, and the large multi-byte converters for Japanese, Korean, Taiwanese EUC,
EBCDIC mainframe code pages and X11 compound text. An ICU call that needs a left-out item
fails cleanly (a collator or converter that does not open, a name that falls back to the
root locale); nothing Qt or the desk does needs one.

The new package is linked into a shared library with the same file name, soname and
exported symbol (``gcc`` assembles a ``.incbin`` of it), which replaces the wheel's in the
bundle. ICU's common data format: a header (its size in the first two bytes), then a table
of contents of ``count`` entries (name offset, data offset; both from the table's start),
the names, and the items, each aligned to 16 bytes; entries sorted by name (ICU searches
them by bisection).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

KEEP_LOCALES = re.compile(r"^(root|en|zh)(_|$)")
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")  # de, zh_Hans_CN, de__PHONEBOOK
KEEP_TREES = ("coll", "zone", "region", "lang", "curr")
DROP_TREES = ("brkitr", "translit", "rbnf", "unit")
# Converters kept although larger than SMALL_CONVERTER: the Chinese ones.
KEEP_CONVERTERS = (
    "gb18030",
    "ibm-1386_P100-2001",  # GBK (base of windows-936-2000)
    "windows-936-2000",
    "ibm-1383_P110-1999",  # GB2312 / EUC-CN
    "ibm-1373_P100-2002",  # base of windows-950-2000
    "windows-950-2000",  # Big5
    "ibm-1375_P100-2008",  # Big5-HKSCS
)
SMALL_CONVERTER = 16 * 1024
ALIGN = 16


def read_package(data: bytes) -> tuple[bytes, str, dict[str, bytes]]:
    """Split a common data package into its header, package name and items."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package (little-endian)")
    toc = header_size
    (count,) = struct.unpack_from("<I", data, toc)
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    items: dict[str, bytes] = {}
    prefix = ""
    for index, (name_offset, data_offset) in enumerate(entries):
        start = toc + name_offset
        full = data[start : data.index(b"\0", start)].decode("ascii")
        prefix, name = full.split("/", 1)
        end = toc + entries[index + 1][1] if index + 1 < count else len(data)
        items[name] = data[toc + data_offset : end]
    return data[:header_size], prefix, items


def write_package(header: bytes, prefix: str, items: dict[str, bytes]) -> bytes:
    """The common data package holding ``items`` (sorted by name, as ICU expects)."""
    names = sorted(items, key=lambda n: f"{prefix}/{n}".encode("ascii"))
    table_size = 4 + 8 * len(names)
    name_blob = bytearray()
    name_offsets = []
    for name in names:
        name_offsets.append(table_size + len(name_blob))
        name_blob += f"{prefix}/{name}".encode("ascii") + b"\0"
    offset = table_size + len(name_blob)
    padding = (-(len(header) + offset)) % ALIGN
    offset += padding
    body = bytearray()
    data_offsets = []
    for name in names:
        data_offsets.append(offset + len(body))
        body += items[name]
        body += b"\0" * ((-len(body)) % ALIGN)
    table = struct.pack("<I", len(names)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    return header + table + bytes(name_blob) + b"\0" * padding + bytes(body)


def wanted(name: str, size: int) -> bool:
    """Whether the item ``name`` (without the package prefix) stays in the package."""
    tree, _, leaf = name.rpartition("/")
    stem, _, kind = leaf.rpartition(".")
    if tree in DROP_TREES:
        return False
    if tree and tree not in KEEP_TREES:
        return True  # a tree this filter does not know: keep it
    if kind == "cnv":
        return stem in KEEP_CONVERTERS or size <= SMALL_CONVERTER
    if kind == "res" and LOCALE_NAME.match(stem):
        return bool(KEEP_LOCALES.match(stem))
    return True  # pools, indexes, supplemental and Unicode data


def filter_package(data: bytes) -> tuple[bytes, list[str]]:
    """The filtered package and the names of the items left out."""
    header, prefix, items = read_package(data)
    kept = {name: blob for name, blob in items.items() if wanted(name, len(blob))}
    # A converter that extends a left-out one (its base table's name is in its header)
    # goes too: it could not open without it.
    gone = {name[: -len(".cnv")] for name in items if name.endswith(".cnv")} - {
        name[: -len(".cnv")] for name in kept if name.endswith(".cnv")
    }
    for name in [n for n in kept if n.endswith(".cnv")]:
        if any(base.encode("ascii") + b"\0" in kept[name][:512] for base in gone):
            del kept[name]
    dropped = sorted(set(items) - set(kept))
    return write_package(header, prefix, kept), dropped


# --- the shared library -------------------------------------------------------------


def _elf_symbol(path: Path) -> tuple[str, bytes]:
    """The ``icudtNN_dat`` symbol of an ICU data library: its name and bytes (ELF64 LE)."""
    elf = path.read_bytes()
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link]
        for pos in range(offset, offset + size, entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", elf, pos
            )
            start = strtab[4] + st_name
            symbol = elf[start : elf.index(b"\0", start)].decode("ascii")
            if re.fullmatch(r"icudt\d+_dat", symbol) and st_shndx:
                section = sections[st_shndx]
                file_offset = section[4] + (st_value - section[3])
                return symbol, elf[file_offset : file_offset + st_size]
    raise ValueError(f"{path}: no icudtNN_dat symbol")


ASSEMBLY = """\
    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{data}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
"""


def build_library(source: Path, target: Path) -> dict[str, int]:
    """Write a slimmed copy of the ICU data library ``source`` to ``target``.

    Needs ``gcc`` (Debian package gcc). Returns the sizes before and after, and the
    number of items kept and left out.
    """
    compiler = shutil.which("gcc")
    if compiler is None:
        raise RuntimeError("gcc is needed to rebuild the ICU data library: apt-get install gcc")
    symbol, data = _elf_symbol(source)
    slim, dropped = filter_package(data)
    soname = source.name
    with tempfile.TemporaryDirectory(prefix="slim-icu-") as tmp:
        package = Path(tmp) / "icudt.dat"
        package.write_bytes(slim)
        assembly = Path(tmp) / "icudt.S"
        assembly.write_text(ASSEMBLY.format(symbol=symbol, data=package), encoding="ascii")
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                compiler,
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{soname}",
                "-Wl,-z,noexecstack",
                "-o",
                str(target),
                str(assembly),
            ],
            check=True,
        )
    if _elf_symbol(target) != (symbol, slim):
        raise RuntimeError(f"{target}: the rebuilt library does not hold the filtered data")
    _, _, items = read_package(slim)
    return {
        "data_bytes_before": len(data),
        "data_bytes_after": len(slim),
        "items_kept": len(items),
        "items_left_out": len(dropped),
        "library_bytes_before": source.stat().st_size,
        "library_bytes_after": target.stat().st_size,
    }


def main() -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="libicudata.so.NN of the PySide6 wheel")
    parser.add_argument("target", type=Path)
    parser.add_argument("--list-dropped", action="store_true")
    args = parser.parse_args()
    if args.list_dropped:
        _, dropped = filter_package(_elf_symbol(args.source)[1])
        print("\n".join(dropped))
        return 0
    print(json.dumps(build_library(args.source, args.target), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
