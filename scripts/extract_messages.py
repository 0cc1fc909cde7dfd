#!/usr/bin/env python3
"""Collect every translatable string of ``goproxy_tui`` and bring the catalogs up to date.

    python scripts/extract_messages.py            # write locale/gotui.pot, add new msgids to each .po
    python scripts/extract_messages.py --check    # exit 1 listing msgids some .po lacks

A translatable string is the literal argument of ``_("…")``, ``N_("…")``, ``Msg("…", name=…)``,
``ngettext("…", "…", n)`` or ``Plural("…", "…", n, name=…)``
(found with :mod:`ast`, so comments and docstrings never count). ``_(f"…")`` is an error: an f-string
is formatted before gettext sees it, so it can never match a catalog entry; use
``_("… {name} …").format(name=…)``. New entries are added with an empty ``msgstr`` for a translator
to fill in; then run ``scripts/compile_catalogs.py``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "goproxy_tui"
LOCALE = PACKAGE / "locale"
MARKERS = {"_": 1, "N_": 1, "Msg": 1, "ngettext": 2, "Plural": 2}  # function name → how many leading literal arguments


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    where: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    messages: dict[str, Message] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # "file:line: why"


def _marker(call: ast.Call) -> str | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name if name in MARKERS else None


def extract_source(source: str, name: str, into: Extraction | None = None) -> Extraction:
    """The translatable strings of one module."""
    found = into or Extraction()
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call):
            continue
        marker = _marker(node)
        if marker is None or not node.args:
            continue
        where = f"{name}:{node.lineno}"
        literals = node.args[: MARKERS[marker]]
        if any(isinstance(a, ast.JoinedStr) for a in literals):
            found.errors.append(f"{where}: {marker}() of an f-string can never be translated; "
                                f"use {marker}(\"… {{name}} …\").format(name=…)")
            continue
        if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in literals):
            continue  # _(variable): a lookup of text marked elsewhere
        texts = [a.value for a in literals if isinstance(a, ast.Constant)]
        if not texts[0]:
            found.errors.append(f"{where}: {marker}(\"\") would return the catalog header")
            continue
        message = found.messages.setdefault(texts[0], Message(texts[0], texts[1] if len(texts) > 1 else None))
        message.where.append(where)
    return found


def extract(package: Path = PACKAGE) -> Extraction:
    found = Extraction()
    for path in sorted(package.rglob("*.py")):
        extract_source(path.read_text(encoding="utf-8"), str(path.relative_to(package.parent)), found)
    return found


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def render_entry(msgid: str, plural: str | None, msgstr: dict[int, str], where: list[str] = ()) -> str:
    lines = [f"#: {' '.join(where[:4])}"] if where else []
    if "{" in msgid:
        lines.append("#, python-brace-format")
    lines.append(f"msgid {quote(msgid)}")
    if plural is None:
        lines.append(f"msgstr {quote(msgstr.get(0, ''))}")
    else:
        lines.append(f"msgid_plural {quote(plural)}")
        for index in sorted(msgstr) or [0]:
            lines.append(f"msgstr[{index}] {quote(msgstr.get(index, ''))}")
    return "\n".join(lines) + "\n"


POT_HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: goproxy-tui\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from compile_catalogs import catalogs, parse_po

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report msgids missing from a catalog")
    args = parser.parse_args(argv)
    found = extract()
    for error in found.errors:
        print(f"error: {error}", file=sys.stderr)
    if found.errors:
        return 2
    ordered = sorted(found.messages.values(), key=lambda m: m.where[0])
    if not args.check:
        pot = [POT_HEADER] + [render_entry(m.msgid, m.plural, {}, m.where) for m in ordered]
        (LOCALE / "gotui.pot").write_text("\n".join(pot), encoding="utf-8")
    missing_any = False
    for po in catalogs(LOCALE):
        entries = parse_po(po.read_text(encoding="utf-8"), str(po))
        known = {e.msgid for e in entries}
        missing = [m for m in ordered if m.msgid not in known]
        if args.check:
            for m in missing:
                print(f"{po}: missing {m.msgid!r} ({m.where[0]})", file=sys.stderr)
            missing_any |= bool(missing)
        elif missing:
            with po.open("a", encoding="utf-8") as out:
                for m in missing:
                    out.write("\n" + render_entry(m.msgid, m.plural, {}, m.where))
            print(f"{po}: added {len(missing)} new msgid(s) to translate")
        stale = known - set(found.messages) - {""}
        if stale:
            print(f"{po}: {len(stale)} msgid(s) no longer in the source", file=sys.stderr)
    return 1 if missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
