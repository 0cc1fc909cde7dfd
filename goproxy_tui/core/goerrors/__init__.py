"""Read Go's own error output: which failure it is, where the diagnosis should start, and the right fix.

``explain(text)`` scans what ``go`` printed (stderr of ``go mod download``, ``go build``, ``go get`` …)
against one catalog of Go's error texts (network.py, modules.py; each entry cites the GOROOT/src file
its text comes from). The catalog serves the verify node, ``gotui explain`` and the wizard.

How lines are read (Go's message shapes, see fields.py):

- an indented line belongs to the last unindented one (its *record*): ``parsing go.mod:`` above
  ``\\tmodule declares its path as: …`` names the module;
- ``\\tserver response: …`` (web.HTTPError) refines the line above it: a proxy's 404 whose body says
  ``unknown revision`` is an unknown revision;
- of several entries matching one line the highest rank wins (the most specific reading).

Linear time: substring tests only, lines capped at :data:`MAX_MATCH_LINE` characters, input at
:data:`MAX_INPUT`, findings deduplicated through a set of projections (no pairwise comparison).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from goproxy_tui.core.goerrors.entry import Entry
from goproxy_tui.core.goerrors.fields import Fields, parse
from goproxy_tui.core.goerrors.modules import MODULES
from goproxy_tui.core.goerrors.network import NETWORK
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

CATALOG: tuple[Entry, ...] = NETWORK + MODULES
KINDS: frozenset[str] = frozenset(entry.kind for entry in CATALOG)

MAX_INPUT = 1_000_000  # characters: Go's output of one failing command is far smaller
MAX_MATCH_LINE = 4096  # characters of a line that are searched
MAX_SHOWN_LINE = 300  # characters of a line kept in a finding
MAX_FINDINGS = 200

_FIELDS = ("module", "version", "host", "status")


class GoOutputTooLarge(ValueError):
    """The text is larger than :data:`MAX_INPUT`: it is not the output of one go command."""

    def __init__(self, size: int) -> None:
        super().__init__(Msg("the text is too large ({size} characters; at most {limit})", size=size,
                             limit=MAX_INPUT))
        self.hint = Msg("give only what the failing go command printed")


@dataclass(frozen=True, kw_only=True)
class GoFailure:
    """One failure Go reported, as gotui understands it."""

    kind: str  # stable id (catalog kind, kebab-case)
    node: str  # flowchart node where the walk should start (core/diagnosis/graph.py)
    line: str  # the matching line of Go's output, credentials masked, capped in length
    module: str | None = None
    version: str | None = None
    host: str | None = None
    status: int | None = None  # HTTP status when the text has one
    summary: Msg  # one sentence, English (displays call tr())
    hint: Msg | None = None  # the right fix; never one that weakens verification
    url: str | None = None  # the URL Go was fetching (masked)
    sumdb: bool = False  # the failing request was a checksum-database lookup

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "node": self.node, "line": self.line, "module": self.module,
            "version": self.version, "host": self.host, "status": self.status, "url": self.url,
            "sumdb": self.sumdb, "summary": str(self.summary), "hint": None if self.hint is None else str(self.hint),
        }


@dataclass
class _Unit:
    """A line of Go's output with the ``server response:`` lines that refine it."""

    lines: list[str]
    head: str | None  # the unindented line of the record, when this one is indented
    detail: bool = field(default=False)


def _units(text: str) -> Iterator[_Unit]:
    head: str | None = None
    unit: _Unit | None = None
    for raw in text.splitlines():
        line = raw[:MAX_MATCH_LINE]
        stripped = line.strip()
        if not stripped:
            head = None
            continue
        indented = line[0] in " \t"
        if unit is not None and indented and (stripped.startswith("server response:")
                                               or (unit.detail and line.startswith("\t\t"))):
            unit.lines.append(stripped)
            unit.detail = True
            continue
        if unit is not None:
            yield unit
        unit = _Unit([stripped], head if indented else None)
        if not indented:
            head = stripped
    if unit is not None:
        yield unit


def _best(unit: _Unit) -> tuple[Entry, str, Fields] | None:
    best: tuple[Entry, str, Fields] | None = None
    for line in unit.lines:
        fields = parse(line)
        for entry in CATALOG:
            if (best is None or entry.rank > best[0].rank) and entry.matches(line, fields.status):
                best = (entry, line, fields)
    return best


def _merge(*sources: Fields) -> Fields:
    def pick(name: str) -> Any:
        return next((getattr(s, name) for s in sources if getattr(s, name) is not None), None)

    return Fields(**{name: pick(name) for name in Fields.__dataclass_fields__})


def _is_sumdb(line: str, url: str | None, host: str | None) -> bool:
    if "verifying module:" in line or "verifying go.mod:" in line:
        return True
    if url and ("/lookup/" in url or "/tile/" in url or "/sumdb/" in url):
        return True
    return bool(host and host.startswith("sum.golang."))


def _finding(unit: _Unit, entry: Entry, line: str, own: Fields) -> GoFailure:
    others = [parse(unit.lines[0])] if line != unit.lines[0] else []
    if unit.head is not None:
        others.append(parse(unit.head))
    fields = _merge(own, *others)
    host = fields.host
    if entry.host_from == "dial":
        host = own.dial_host or host
    first = unit.lines[0]
    sumdb = entry.network and _is_sumdb(first + " " + (unit.head or ""), fields.url, host)
    node = "sumdb" if sumdb and entry.node != "dns" else entry.node
    status = entry.status if entry.status is not None else (own.status if entry.http else None)
    shown = mask_secrets(line if len(line) <= MAX_SHOWN_LINE else line[: MAX_SHOWN_LINE - 1] + "…")
    return GoFailure(
        kind=entry.kind, node=node, line=shown, module=fields.module, version=fields.version, host=host,
        status=status, summary=entry.summary, hint=entry.hint,
        url=mask_secrets(fields.url) if fields.url else None, sumdb=sumdb,
    )


def _projections(failure: GoFailure) -> Iterator[tuple[Any, ...]]:
    values = [getattr(failure, name) for name in _FIELDS]
    for mask in product((False, True), repeat=len(values)):
        yield (failure.kind, *(None if hide else v for hide, v in zip(mask, values, strict=True)))


def explain(text: str) -> list[GoFailure]:
    """The failures in Go's output, in order of appearance, without repeats.

    A finding whose kind and known fields (module, version, host, status) an earlier one already
    has is a repeat: ``go.mod`` and zip mismatches of one module, the SECURITY ERROR paragraph.
    Raises :class:`GoOutputTooLarge` beyond :data:`MAX_INPUT` characters.
    """
    if len(text) > MAX_INPUT:
        raise GoOutputTooLarge(len(text))
    found: list[GoFailure] = []
    seen: set[tuple[Any, ...]] = set()
    for unit in _units(text):
        best = _best(unit)
        if best is None:
            continue
        failure = _finding(unit, *best)
        key = (failure.kind, *(getattr(failure, name) for name in _FIELDS))
        if key in seen:
            continue
        seen.update(_projections(failure))
        found.append(failure)
        if len(found) >= MAX_FINDINGS:
            break
    return found


__all__ = ["CATALOG", "KINDS", "MAX_INPUT", "Entry", "GoFailure", "GoOutputTooLarge", "explain"]
