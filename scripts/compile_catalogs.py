#!/usr/bin/env python3
"""Compile every ``goproxy_tui/locale/*/LC_MESSAGES/gotui.po`` into the ``.mo`` that gettext reads.

    python scripts/compile_catalogs.py          # write the .mo files (commit them: installs need no build)
    python scripts/compile_catalogs.py --check  # exit 1 if a .mo is missing or older than its .po

The ``.mo`` layout is GNU msgfmt's (magic, revision 0, sorted original/translation tables, no hash
table), written here so no gettext tools are needed. Fuzzy and untranslated entries are left out,
as msgfmt does: gettext then shows the English text.
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "goproxy_tui" / "locale"
MAGIC = 0x950412DE


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


class PoError(ValueError):
    pass


def parse_po(text: str, name: str = "<po>") -> list[Entry]:
    """The entries of a .po file (header included, msgid ""), in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which field continuation lines extend
    flags: set[str] = set()

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _sep, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise PoError(f"{name}:{number}: a string continues nothing")
            value = _literal(line, name, number)
            _extend(current, target, value)
            continue
        context_only = current is not None and target == ("msgctxt", 0)  # msgctxt, then its msgid
        if keyword == "msgctxt" or (keyword == "msgid" and not context_only):
            finish()
            current = Entry(flags=flags, line=number)
            flags = set()
        if current is None:
            raise PoError(f"{name}:{number}: {keyword} before msgid")
        value = _literal(rest.strip(), name, number)
        if keyword == "msgctxt":
            current.msgctxt, target = value, ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid, target = value, ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = value, ("msgid_plural", 0)
        elif keyword == "msgstr":
            current.msgstr[0], target = value, ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            current.msgstr[index], target = value, ("msgstr", index)
        else:
            raise PoError(f"{name}:{number}: unknown keyword {keyword!r}")
    finish()
    return entries


def _literal(token: str, name: str, number: int) -> str:
    if not (token.startswith('"') and token.endswith('"') and len(token) >= 2):
        raise PoError(f"{name}:{number}: expected a quoted string, got {token!r}")
    try:
        value = ast.literal_eval(token)  # C escapes (\n, \t, \", \\) read like Python's
    except (ValueError, SyntaxError) as exc:
        raise PoError(f"{name}:{number}: bad string {token!r}: {exc}") from None
    if not isinstance(value, str):
        raise PoError(f"{name}:{number}: expected a string")
    return value


def _extend(entry: Entry, target: tuple[str, int], value: str) -> None:
    kind, index = target
    if kind == "msgstr":
        entry.msgstr[index] += value
    else:
        setattr(entry, kind, (getattr(entry, kind) or "") + value)


def mo_bytes(entries: list[Entry]) -> bytes:
    """GNU .mo bytes for the translated, non-fuzzy entries (the header always)."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if "fuzzy" in entry.flags and entry.msgid:
            continue
        if entry.msgid and not entry.translated:
            continue
        key = entry.msgid
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            key = entry.msgctxt + "\x04" + key
        value = "\0".join(entry.msgstr[i] for i in sorted(entry.msgstr))
        pairs[key.encode("utf-8")] = value.encode("utf-8")
    keys = sorted(pairs)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    count = len(keys)
    start_ids = 7 * 4 + count * 16  # header, then the two tables of (length, offset)
    start_strs = start_ids + len(ids)
    table_ids, table_strs = [], []
    offset = 0
    for k in keys:
        table_ids += [len(k), start_ids + offset]
        offset += len(k) + 1
    offset = 0
    for k in keys:
        table_strs += [len(pairs[k]), start_strs + offset]
        offset += len(pairs[k]) + 1
    header = struct.pack("Iiiiiii", MAGIC, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + struct.pack(f"{2 * count}i", *table_ids) + struct.pack(f"{2 * count}i", *table_strs) + ids + strs


def catalogs(locale: Path = LOCALE) -> list[Path]:
    return sorted(locale.glob("*/LC_MESSAGES/*.po"))


def compile_catalog(po: Path) -> bytes:
    return mo_bytes(parse_po(po.read_text(encoding="utf-8"), str(po)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that every .mo is up to date")
    parser.add_argument("--locale", type=Path, default=LOCALE, help="the locale directory")
    args = parser.parse_args(argv)
    stale = []
    for po in catalogs(args.locale):
        try:
            data = compile_catalog(po)
        except PoError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.read_bytes() == data:
            continue
        if args.check:
            stale.append(mo)
        else:
            mo.write_bytes(data)
            print(f"wrote {mo.relative_to(ROOT) if mo.is_relative_to(ROOT) else mo}")
    for mo in stale:
        print(f"stale: {mo} (run scripts/compile_catalogs.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
