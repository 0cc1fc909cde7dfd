"""The zh_CN catalog against the source: complete, placeholders intact, compiled, no untranslatable calls.

The source side is read with ``ast`` (scripts/extract_messages.py): every literal in ``_()``,
``N_()`` or ``ngettext()``. A new string without a translation fails here with the list of what is
missing; run ``python scripts/extract_messages.py``, translate, ``python scripts/compile_catalogs.py``.
"""

from __future__ import annotations

import ast
import string

from i18n_helpers import ROOT, ZH_PO, script

extract_messages = script("extract_messages")
compile_catalogs = script("compile_catalogs")


def catalog() -> list:
    return compile_catalogs.parse_po(ZH_PO.read_text(encoding="utf-8"), str(ZH_PO))


def fields(text: str) -> set[str]:
    """The ``str.format`` fields of ``text`` (name + conversion), e.g. ``{'id', 'item!r'}``."""
    found = set()
    for _literal, name, _spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.add(name + (f"!{conversion}" if conversion else ""))
    return found


def test_every_string_marked_in_the_source_is_in_the_catalog() -> None:
    extraction = extract_messages.extract()
    assert not extraction.errors, "untranslatable calls:\n" + "\n".join(extraction.errors)
    known = {entry.msgid for entry in catalog()}
    missing = sorted(
        f"{m.where[0]}: {m.msgid!r}" for m in extraction.messages.values() if m.msgid not in known
    )
    assert not missing, (
        f"{len(missing)} string(s) not in {ZH_PO.relative_to(ROOT)} "
        "(run scripts/extract_messages.py, translate, run scripts/compile_catalogs.py):\n" + "\n".join(missing)
    )
    assert len(extraction.messages) >= 400  # the UI, the CLI, the flowchart and the fault explanations
    pot = ROOT / "goproxy_tui" / "locale" / "gotui.pot"
    template = {e.msgid for e in compile_catalogs.parse_po(pot.read_text(encoding="utf-8"), str(pot))} - {""}
    assert template == set(extraction.messages), "stale gotui.pot: run scripts/extract_messages.py"


def test_every_entry_is_translated_and_keeps_its_placeholders() -> None:
    entries = [e for e in catalog() if e.msgid]
    untranslated = [e.msgid for e in entries if not e.translated or "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated entries:\n" + "\n".join(map(repr, untranslated))
    broken = []
    for entry in entries:
        for msgstr in entry.msgstr.values():
            if fields(msgstr) != fields(entry.msgid):
                broken.append(f"{entry.msgid!r} -> {msgstr!r}")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)
    header = next(e for e in catalog() if not e.msgid).msgstr[0]
    assert "charset=UTF-8" in header and "nplurals=1" in header


def test_the_compiled_catalog_matches_the_po_file() -> None:
    mo = ZH_PO.with_suffix(".mo")
    assert mo.exists(), "run scripts/compile_catalogs.py"
    assert mo.read_bytes() == compile_catalogs.compile_catalog(ZH_PO), "stale .mo: run scripts/compile_catalogs.py"


def test_f_strings_and_empty_strings_in_underscore_are_reported() -> None:
    found = extract_messages.extract_source(
        'x = _(f"{a} b")\ny = _("")\nz = ngettext("{n} file", "{n} files", n)\nw = _(name)\n', "demo.py"
    )
    assert [e.split(":")[1] for e in found.errors] == ["1", "2"]
    assert found.messages["{n} file"].plural == "{n} files"
    assert list(found.messages) == ["{n} file"]  # _(name) looks up text marked elsewhere


def test_no_function_shadows_the_translation_function() -> None:
    """``for _ in …`` or ``x, _ = …`` inside a function that calls ``_()`` makes ``_`` local there:
    the call then raises UnboundLocalError, in Chinese and English alike."""
    offenders = []
    for path in sorted((ROOT / "goproxy_tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            inner = list(ast.walk(func))
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in inner)
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in inner)
            if calls and binds:
                offenders.append(f"{path.relative_to(ROOT)}:{func.lineno} {func.name}")
    assert not offenders, "functions that both bind and call _:\n" + "\n".join(offenders)



def test_every_format_call_on_a_message_names_all_its_fields() -> None:
    """``_("… {name} …").format(name=…)``: a field the call does not pass raises KeyError at run time,
    on paths no other test may reach (an error toast, a rare CLI branch), so it is checked statically."""
    problems = []
    for path in sorted((ROOT / "goproxy_tui").rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            if isinstance(call.func, ast.Name) and call.func.id == "Msg":  # Msg("… {name} …", name=…)
                texts = [a.value for a in call.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                passed = {k.arg for k in call.keywords}
                if None in passed or len(call.args) > 1:
                    continue
            elif isinstance(call.func, ast.Attribute) and call.func.attr == "format":
                inner = call.func.value
                if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                        and inner.func.id in ("_", "ngettext")):
                    continue
                texts = [a.value for a in inner.args[:2 if inner.func.id == "ngettext" else 1]
                         if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if any(k.arg is None for k in call.keywords) or call.args:
                    continue  # **mapping or positional: not checked here
                passed = {k.arg for k in call.keywords}
            else:
                continue
            needed = {f.split("!")[0] for text in texts for f in fields(text)}
            if needed - passed:
                problems.append(f"{path.relative_to(ROOT)}:{call.lineno}: missing {sorted(needed - passed)}")
    assert not problems, "\n".join(problems)
