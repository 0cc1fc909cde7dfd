#!/usr/bin/env python3
"""Draw the package layout (one line per module: its path and its docstring's first sentence).

    python scripts/layout.py            # print the tree
    python scripts/layout.py --write    # replace the tree in README.md's "Development" section
    python scripts/layout.py --check    # exit 1 when README.md's tree is not the package's

The README's tree sits between ``<!-- layout:start -->`` and ``<!-- layout:end -->``; a test runs
``--check``, so a module added, moved or removed without the README following fails the suite.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "goproxy_tui"
README = ROOT / "README.md"
START, END = "<!-- layout:start -->", "<!-- layout:end -->"
WIDTH = 110


def summary(path: Path) -> str:
    """The docstring's first sentence, or '' (an ``__init__`` without one is just a folder)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if not doc:
        return ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ")
    return re.split(r"(?<!e\.g)\.\s+(?=[A-Z`])", first)[0].rstrip(".")


def lines(folder: Path = PACKAGE, depth: int = 0) -> list[str]:
    out: list[str] = []
    pad = "    " * depth
    entries = sorted(p for p in folder.iterdir() if p.name != "__pycache__")
    for path in entries:
        if path.is_file() and path.suffix == ".py" and path.name != "__init__.py":
            out.append(_line(f"{pad}{path.name}", summary(path)))
    for path in entries:
        if path.is_dir() and (path / "__init__.py").exists():
            out.append(_line(f"{pad}{path.name}/", summary(path / "__init__.py")))
            out.extend(lines(path, depth + 1))
    return out


def _line(name: str, text: str) -> str:
    """``name`` and ``text`` in columns; a long text is cut at its last clause (``:``, ``;``, ``(``) that fits."""
    head = f"{name:<32} "
    room = WIDTH - len(head)
    if len(text) > room:
        cuts = [text.rfind(mark, 0, room) for mark in (": ", "; ", " (", " — ")]
        cut = max(cuts)
        text = text[:cut].rstrip() if cut > room // 3 else text[: text.rfind(" ", 0, room - 1)] + "…"
    return (head + text).rstrip()


def block() -> str:
    return "\n".join([START, "```text", "goproxy_tui/", *("    " + line for line in lines()), "```", END])


def readme_block(text: str) -> str | None:
    start, end = text.find(START), text.find(END)
    return None if start < 0 or end < start else text[start : end + len(END)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    wanted = block()
    if not (args.write or args.check):
        print(wanted)
        return 0
    text = README.read_text(encoding="utf-8")
    current = readme_block(text)
    if args.check:
        if current == wanted:
            return 0
        print("README.md's layout tree is out of date: run python scripts/layout.py --write", file=sys.stderr)
        return 1
    if current is None:
        print(f"README.md has no {START} … {END} block to replace", file=sys.stderr)
        return 2
    README.write_text(text.replace(current, wanted), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
