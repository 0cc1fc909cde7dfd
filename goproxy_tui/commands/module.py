"""``gotui module PATH[@VER] [--json]``: a module path and version by Go's rules, and its versions on the proxy.

Shows what Go would request (the escaped proxy URLs), whether the version fits the path's ``/vN``, and
looks the module up on the active GOPROXY chain the way ``go`` walks it. Exit 0 when the path and
version are valid and the proxy has them, 1 when invalid or absent (or the lookup failed).
"""

from __future__ import annotations

import argparse
from typing import Any

from goproxy_tui.commands.output import emit, fail, json_text, ljust
from goproxy_tui.i18n import N_, Msg, _, tr


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "module", help=_("validate a module path and version by Go's rules and look it up (exit 1: invalid or absent)")
    )
    parser.add_argument("target", metavar="PATH[@VER]", help=_("e.g. github.com/BurntSushi/toml@v1.3.2"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output (schema_version 1)"))
    return parser


async def lookup(path: str, version: str | None, loaded: Any) -> dict[str, Any]:
    """Walk the active chain for the module; the lookup part of the JSON document."""
    from goproxy_tui.core.diagnosis.context import CheckTarget, build_context
    from goproxy_tui.core.diagnosis.modulecheck import matches_prefix
    from goproxy_tui.core.redact import mask_secrets

    ctx = await build_context(target=CheckTarget(path, version or "latest"), loaded=loaded)
    try:
        plist = ctx.proxy_list
        first = next((e.url for e in plist.entries if e.kind == "proxy"), None) if plist.ok else None
        out: dict[str, Any] = {"goproxy": mask_secrets(ctx.value("GOPROXY")), "proxy": first and mask_secrets(first),
                               "found": None, "versions": [], "resolved": None, "lookup": None}
        if not plist.ok:
            out["lookup"] = Msg("GOPROXY is malformed: {error}", error=plist.error or "")
            return out
        if ctx.matches("GONOPROXY"):
            out["lookup"] = N_("the module matches GONOPROXY/GOPRIVATE: Go fetches it from its origin, not probed")
            return out
        plist, results, walk = await ctx.chain()
        versions = next((r.versions for r in results if r is not None and r.versions), ())
        out["versions"] = list(versions)
        if walk.ending == "served":
            assert walk.deciding is not None
            served = results[walk.deciding]
            out["proxy"] = mask_secrets(plist.entries[walk.deciding].url)
            out["resolved"] = served.latest if served else None
            out["found"] = True
            if version and ctx.target.is_query and version not in ("latest", "upgrade", "patch"):
                out["found"] = any(matches_prefix(v, version) for v in versions)
        elif walk.ending == "not-found":
            out["found"] = False
            out["lookup"] = N_("every GOPROXY entry answers 404/410")
        else:
            step = walk.steps[-1] if walk.steps else None
            result = results[step.index] if step is not None else None
            out["lookup"] = (mask_secrets(result.explanation) if result
                             else Msg("the walk ends: {ending}", ending=walk.ending))
        return out
    finally:
        await ctx.close()


def run(args: argparse.Namespace) -> int:
    import asyncio

    from goproxy_tui.commands.check import load_config_with_warnings
    from goproxy_tui.core.diagnosis.context import TargetError, split_module_arg
    from goproxy_tui.core.diagnosis.modulecheck import check_module
    from goproxy_tui.core.redact import mask_secrets, printable
    from goproxy_tui.i18n import message_of

    if "://" in args.target:  # a pasted URL: mask it whole, before '@' splits the password off its URL
        return fail(_("{target} is a URL, not a module path").format(target=repr(mask_secrets(args.target))),
                    _("give a module path, e.g. github.com/gin-gonic/gin@v1.9.1"), code=2)
    try:
        path, version = split_module_arg(args.target)
    except TargetError as exc:
        return fail(message_of(exc), exc.hint, code=2)
    mc = check_module(path, version)
    document: dict[str, Any] = {"schema_version": 1, **mc.to_json(), "found": None, "versions": []}
    if mc.path_valid:
        loaded = load_config_with_warnings(quiet=args.json)
        document.update(asyncio.run(lookup(path, version, loaded)))
        base = document.get("proxy")
        document["urls"] = mc.urls(base) if base else {}
    else:
        document.update({"goproxy": None, "proxy": None, "resolved": None, "lookup": None, "urls": {}})
    found = document["found"]
    usable = mc.path_valid and mc.major_ok and (mc.version_valid or found is True)
    code = 0 if usable and found is True else 1
    if args.json:
        emit(json_text(document))
        return code

    def row(label: str, value: str) -> None:
        emit(f"{ljust(label, 10)} {printable(value)}")

    why = tr(document.get("lookup") or "")
    row(_("path"), f"{mc.path}  " + (_("valid") if mc.path_valid else _("INVALID: {error}").format(error=tr(mc.path_error))))
    if mc.escaped_path:
        row(_("escaped"), mc.escaped_path)
    shown = mc.version or "latest"
    if mc.version_error:
        row(_("version"), _("{version}  not semver: {error}").format(version=shown, error=tr(mc.version_error)))
    else:
        canonical = (" " + _("(canonical {version})").format(version=mc.canonical)
                     if mc.canonical and mc.canonical != mc.version else "")
        row(_("version"), _("{version}  valid {kind}").format(version=shown, kind=mc.kind) + canonical)
    if mc.path_valid and mc.kind != "query":
        row(_("major"), _("ok") if mc.major_ok else _("MISMATCH: {error}").format(error=tr(mc.major_error)))
    for note in mc.notes:
        row("", _("note: {note}").format(note=tr(note)))
    if document.get("proxy"):
        row(_("proxy"), mask_secrets(str(document["proxy"])))
        for name, url in document.get("urls", {}).items():
            row(f"  {name}", mask_secrets(url))
    if found is True:
        listed = ", ".join(document["versions"][-10:]) or _("none listed")
        resolved = (_("; resolves to {version}").format(version=document["resolved"])
                    if document.get("resolved") else "")
        row(_("found"), _("yes ({versions})").format(versions=listed) + resolved)
    elif found is False:
        listed = ", ".join(document["versions"][-10:])
        row(_("found"), _("NO; the proxy lists {versions}").format(versions=listed) if listed
            else _("NO: {reason}").format(reason=why))
    elif mc.path_valid:
        row(_("found"), _("unknown: {reason}").format(reason=why or _("the lookup failed")))
    return code
