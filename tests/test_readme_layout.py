"""README's "Development" tree is the package as it is: one line per module, none missing, none stale."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout():
    spec = importlib.util.spec_from_file_location("layout", ROOT / "scripts" / "layout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["layout"] = module
    spec.loader.exec_module(module)
    return module


def test_readme_tree_lists_every_module_once() -> None:
    layout = _layout()
    tree = layout.readme_block((ROOT / "README.md").read_text(encoding="utf-8"))
    assert tree is not None, "README.md lost its layout markers"
    names = {p.name for p in (ROOT / "goproxy_tui").rglob("*.py") if p.name != "__init__.py"}
    listed = {words[0] for words in map(str.split, tree.splitlines()) if words}
    assert names <= listed, f"modules missing from README's tree: {sorted(names - listed)}"
    assert tree == layout.block(), "README.md's tree is out of date: python scripts/layout.py --write"


def test_summary_is_the_first_sentence(tmp_path: Path) -> None:
    layout = _layout()
    module = tmp_path / "m.py"
    module.write_text('"""Do one thing, e.g. this. Then more.\n\nDetails."""\n', encoding="utf-8")
    assert layout.summary(module) == "Do one thing, e.g. this"
