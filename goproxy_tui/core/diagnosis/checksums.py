"""Checksum triage: when Go says "checksum mismatch", name the side that is wrong.

Go prints two forms (cmd/go/internal/modfetch/fetch.go):

- against go.sum (``haveModSumLocked``): ``verifying M@V: checksum mismatch`` / ``downloaded: h1:…`` /
  ``go.sum:     h1:…`` (or ``go.work.sum``), ``V`` ending in ``/go.mod`` for a go.mod hash;
- against the checksum DB (``checkSumDB``): ``M@V: verifying module: checksum mismatch`` /
  ``downloaded: h1:…`` / ``sum.golang.org: h1:…``.

gotui then asks every candidate mirror for the same file and hashes each answer itself
(:mod:`goproxy_tui.core.probes.modhash`). The checksum DB's record is authoritative; else mirrors that
agree with go.sum show that the one which differs serves other content, and mirrors that all agree
with each other against go.sum show a stale or hand-edited go.sum. The fix never weakens
verification: no GOSUMDB=off, GONOSUMDB, GOINSECURE, -insecure, and go.sum is never deleted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from goproxy_tui.core.probes.modhash import ServedHash, served_hash

Side = Literal["mirror", "go.sum", "unknown"]


@dataclass(frozen=True)
class Mismatch:
    """One rejected hash: ``recorded`` is what ``source`` (go.sum, go.work.sum or a checksum DB) holds."""

    module: str
    version: str  # without the /go.mod suffix
    gomod: bool  # the go.mod's hash, not the zip's
    downloaded: str
    recorded: str
    source: str

    @property
    def from_sumdb(self) -> bool:
        return self.source not in ("go.sum", "go.work.sum")

    @property
    def label(self) -> str:
        return f"{self.module}@{self.version}" + ("/go.mod" if self.gomod else "")


def _labelled(line: str) -> tuple[str, str] | None:
    """``"\tgo.sum:     h1:…"`` → ("go.sum", "h1:…")."""
    name, sep, value = line.strip().partition(":")
    value = value.strip()
    return (name, value) if sep and value.startswith("h1:") and " " not in value else None


def parse_mismatches(text: str) -> list[Mismatch]:
    """Every mismatch Go reported, in order (line by line: linear in the text's size)."""
    found: list[Mismatch] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        head, sep, _ = line.partition(": checksum mismatch")
        if not sep or index + 2 >= len(lines):
            continue
        downloaded, recorded = _labelled(lines[index + 1]), _labelled(lines[index + 2])
        if downloaded is None or recorded is None or downloaded[0] != "downloaded":
            continue
        head = head.removeprefix("go: ")
        if head.startswith("verifying "):  # against go.sum
            target, gomod = head.removeprefix("verifying "), False
        elif head.endswith((": verifying module", ": verifying go.mod")):  # against the checksum DB
            target, _, noun = head.rpartition(": verifying ")
            gomod = noun == "go.mod"
        else:
            continue
        module, at, version = target.rpartition("@")
        if not at or not module or " " in module:
            continue
        gomod = gomod or version.endswith("/go.mod")
        found.append(Mismatch(module, version.removesuffix("/go.mod"), gomod, downloaded[1], recorded[1],
                              recorded[0]))
    return found


@dataclass(frozen=True)
class Triage:
    """The verdict for one mismatch, with every mirror's answer as evidence."""

    mismatch: Mismatch
    served: tuple[ServedHash, ...]
    side: Side

    @property
    def honest(self) -> tuple[str, ...]:
        """Mirrors serving what the record (go.sum or the checksum DB) holds."""
        return tuple(s.base_url for s in self.served if s.h1 == self.mismatch.recorded)

    @property
    def differing(self) -> tuple[str, ...]:
        """Mirrors serving other content than the record."""
        return tuple(s.base_url for s in self.served if s.h1 is not None and s.h1 != self.mismatch.recorded)

    def evidence(self) -> list[str]:
        m = self.mismatch
        lines = [f"{m.source}: {m.label} {m.recorded}", f"downloaded: {m.downloaded}"]
        for s in self.served:
            lines.append(f"{s.base_url}: {s.h1 or s.error}")
        return lines


def decide(mismatch: Mismatch, served: Sequence[ServedHash]) -> Side:
    """Which side is wrong, from the record and the mirrors' answers (see the module docstring)."""
    hashes = [s.h1 for s in served if s.h1 is not None]
    if mismatch.from_sumdb:
        return "mirror"  # the checksum DB is the authority: whoever served ``downloaded`` is wrong
    if mismatch.recorded in hashes and any(h != mismatch.recorded for h in hashes):
        return "mirror"
    if len(hashes) >= 2 and mismatch.recorded not in hashes and len(set(hashes)) == 1:
        return "go.sum"
    return "unknown"


async def triage(
    mismatch: Mismatch,
    mirrors: Sequence[str],
    *,
    environ: Mapping[str, str],
    timeout: float,
) -> Triage:
    """Ask every candidate mirror (concurrently, each within ``timeout``) for the rejected file."""
    unique = list(dict.fromkeys(m.rstrip("/") for m in mirrors))
    served = await asyncio.gather(*(
        served_hash(url, mismatch.module, mismatch.version, gomod=mismatch.gomod, environ=environ, timeout=timeout)
        for url in unique))
    return Triage(mismatch, tuple(served), decide(mismatch, served))
