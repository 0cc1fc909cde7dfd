"""Small real Go modules for the loopback proxy: .info, .mod and .zip exactly as a Go module proxy serves them.

Zips use Go's layout (golang.org/x/mod/zip): every entry is ``<module path>@<version>/<file>`` with the
module path as written (not escaped), and the zip's go.mod equals the ``.mod`` file. Timestamps are
fixed so the bytes, and so Go's ``h1:`` hash, are the same on every run.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from goproxy_tui.core.rules.module import escape_path

_FIXED_TIME = (2024, 5, 7, 0, 0, 0)


def _version_key(version: str) -> tuple[int, ...]:
    core = version[1:].split("-", 1)[0].split("+", 1)[0]
    return tuple(int(part) for part in core.split("."))


@dataclass(frozen=True)
class ModuleVersion:
    """One version of a module with its files (go.mod included)."""

    path: str
    version: str
    time: str
    files: dict[str, bytes] = field(hash=False, compare=False)

    def info(self) -> bytes:
        return json.dumps({"Version": self.version, "Time": self.time}).encode()

    def mod(self) -> bytes:
        return self.files["go.mod"]

    @cached_property
    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        prefix = f"{self.path}@{self.version}/"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.files):
                entry = zipfile.ZipInfo(prefix + name, date_time=_FIXED_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, self.files[name])
        return buffer.getvalue()


@dataclass
class Module:
    """A module path and its versions (oldest first); ``list_only`` modules serve just ``@v/list``."""

    path: str
    versions: list[ModuleVersion]
    list_only: bool = False

    @property
    def escaped(self) -> str:
        return escape_path(self.path)

    def version(self, version: str) -> ModuleVersion | None:
        return next((v for v in self.versions if v.version == version), None)

    def listing(self) -> bytes:
        return "".join(v.version + "\n" for v in self.versions).encode()

    def latest(self) -> ModuleVersion | None:
        return max(self.versions, key=lambda v: _version_key(v.version), default=None)


def _go_mod(path: str, go: str = "1.21") -> bytes:
    return f"module {path}\n\ngo {go}\n".encode()


def make_module(
    path: str,
    versions: list[tuple[str, str]],
    files: dict[str, bytes] | None = None,
    package: str | None = None,
) -> Module:
    """A module with one Go source file per version (its package named after the last path element)."""
    name = package or path.rsplit("/", 1)[-1].replace("-", "").replace(".", "")
    out = []
    for version, when in versions:
        content = {
            "go.mod": _go_mod(path),
            f"{name}.go": f"// Package {name} is a stand-in served by the loopback proxy.\npackage {name}\n\n"
            f'// Version is the version of this copy.\nconst Version = "{version}"\n'.encode(),
            "LICENSE": b"Test fixture, no rights reserved.\n",
        }
        content.update(files or {})
        out.append(ModuleVersion(path, version, when, content))
    return Module(path, out)


def big_module(size: int = 2 * 1024 * 1024) -> Module:
    """A module whose zip is ``size`` bytes of incompressible data: for throughput measurements."""
    blob = random.Random(42).randbytes(size)
    return make_module("example.com/big", [("v1.0.0", "2024-01-01T00:00:00Z")], {"data.bin": blob})


def toolchain_module() -> Module:
    """``golang.org/toolchain``: only its version list matters to the probes."""
    versions = [
        ModuleVersion("golang.org/toolchain", f"v0.0.1-go1.27.{n}.linux-amd64", "2026-01-01T00:00:00Z", {})
        for n in range(4)
    ]
    return Module("golang.org/toolchain", versions, list_only=True)


def default_modules() -> dict[str, Module]:
    """The catalogue the loopback proxy serves, keyed by escaped module path."""
    modules = [
        make_module(
            "github.com/gin-gonic/gin",
            [("v1.9.1", "2023-06-04T00:00:00Z"), ("v1.10.0", "2024-05-07T00:00:00Z")],
            package="gin",
        ),
        make_module(
            "example.com/hello", [("v1.0.0", "2024-01-01T00:00:00Z"), ("v1.1.0", "2024-02-01T00:00:00Z")]
        ),
        make_module("github.com/BurntSushi/toml", [("v1.3.2", "2023-06-08T00:00:00Z")]),
        toolchain_module(),
    ]
    return {m.escaped: m for m in modules}
