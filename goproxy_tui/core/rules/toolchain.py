"""GOTOOLCHAIN values, read as cmd/go's ``toolchain.Select`` (GOROOT/src/cmd/go/internal/toolchain/
select.go) does, with Go versions compared as ``internal/gover`` (GOROOT/src/internal/gover/gover.go).

Accepted: ``auto``, ``path``, ``local``, ``<name>``, ``<name>+auto``, ``<name>+path`` where ``<name>``
is ``local`` or a toolchain name ``goVERSION[-suffix]`` (``gover.FromToolchain``: ``go1.22.3``,
``go1.23rc1``, ``go1.21.0-bigcorp``). ``default`` is only meaningful in a go.mod ``toolchain`` line.
A name other than the installed Go's makes every go command download
``golang.org/toolchain@v0.0.1-<name>.<os>-<arch>`` through GOPROXY (verified against GOSUMDB even if
GOSUMDB=off): behind a firewall that download times out, and ``GOTOOLCHAIN=local`` is the way out.
``go env -w`` accepts any value; Go rejects a bad one at the start of every later command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from goproxy_tui.core.rules import semver
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.gostr import one_line_messages, quote
from goproxy_tui.i18n import Msg

Mode = Literal["auto", "path", "local"]

TOOLCHAIN_MODULE = "golang.org/toolchain"


@dataclass(frozen=True)
class GoVersion:
    """gover.Version: decimal strings, ``kind`` is "", "alpha", "beta", "rc" (or any lower-case word)."""

    major: str = ""
    minor: str = ""
    patch: str = ""
    kind: str = ""
    pre: str = ""


_ZERO = GoVersion()


def _cut_int(x: str) -> tuple[str, str] | None:
    i = 0
    while i < len(x) and "0" <= x[i] <= "9":
        i += 1
    if i == 0 or (x[0] == "0" and i != 1):
        return None
    return x[:i], x[i:]


def _cmp_int(x: str, y: str) -> int:
    if x == y:
        return 0
    if len(x) != len(y):
        return -1 if len(x) < len(y) else 1
    return -1 if x < y else 1


def gover_parse(x: str) -> GoVersion:
    """gover.Parse: ``1.21rc2`` → GoVersion("1","21","","rc","2"); the zero version if malformed."""
    got = _cut_int(x)
    if got is None:
        return _ZERO
    major, x = got
    if x == "":
        return GoVersion(major, "0", "0")
    if x[0] != ".":
        return _ZERO
    got = _cut_int(x[1:])
    if got is None:
        return _ZERO
    minor, x = got
    if x == "":
        # Before Go 1.21 "1.N" meant "1.N.0"; from 1.21 on it is the language version.
        return GoVersion(major, minor, "0" if _cmp_int(minor, "21") < 0 else "")
    if x[0] == ".":
        got = _cut_int(x[1:])
        if got is None or got[1] != "":
            return _ZERO
        return GoVersion(major, minor, got[0])
    i = 0
    while i < len(x) and not "0" <= x[i] <= "9":
        if not "a" <= x[i] <= "z":
            return _ZERO
        i += 1
    if i == 0:
        return _ZERO
    kind, x = x[:i], x[i:]
    if x == "":
        return GoVersion(major, minor, "", kind)
    got = _cut_int(x)
    if got is None or got[1] != "":
        return _ZERO
    return GoVersion(major, minor, "", kind, got[0])


def gover_is_valid(x: str) -> bool:
    """gover.IsValid."""
    return gover_parse(x) != _ZERO


def gover_is_lang(x: str) -> bool:
    """gover.IsLang: ``1.21`` is the language, not a release (``1.21.0`` is); ``1.20`` means 1.20.0."""
    v = gover_parse(x)
    return v != _ZERO and v.patch == "" and v.kind == "" and v.pre == ""


def gover_compare(x: str, y: str) -> int:
    """gover.Compare: 1.21 < 1.21rc1 < 1.21.0; malformed versions compare lowest."""
    vx, vy = gover_parse(x), gover_parse(y)
    for a, b in ((vx.major, vy.major), (vx.minor, vy.minor), (vx.patch, vy.patch)):
        if c := _cmp_int(a, b):
            return c
    if vx.kind != vy.kind:
        return -1 if vx.kind < vy.kind else 1
    return _cmp_int(vx.pre, vy.pre)


def from_toolchain(name: str) -> str:
    """gover.FromToolchain: ``go1.2.3-bigcorp`` → ``1.2.3``; ``""`` if not a toolchain name."""
    if "\\" in name or "/" in name or not name.startswith("go"):
        return ""
    v = name[2:]
    cut = [i for i in (v.find(" "), v.find("\t"), v.find("-")) if i >= 0]
    if cut:
        v = v[: min(cut)]
    return v if gover_is_valid(v) else ""


@dataclass(frozen=True)
class ToolchainSetting:
    """A parsed GOTOOLCHAIN: the minimum toolchain (None = the installed one) and the switching mode.

    ``mode``: ``auto`` (switch up to what go.mod asks for, downloading if needed), ``path`` (switch,
    but only to go binaries found in PATH) or ``local`` (never switch).
    """

    mode: Mode
    minimum: str | None = None  # "go1.22.0"; None means the local toolchain
    version: str | None = None  # gover form of minimum, "1.22.0"
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def module_version(name: str, goos: str, goarch: str) -> str:
    """The golang.org/toolchain version Go downloads for toolchain ``name``."""
    return f"v0.0.1-{name}.{goos}-{goarch}"


def parse_gotoolchain(value: str) -> ToolchainSetting:
    """Parse GOTOOLCHAIN as toolchain.Select does. Never raises; Go's error in ``.error``."""
    if value in ("", "local"):
        return ToolchainSetting(mode="local")
    if value in ("auto", "path"):
        return ToolchainSetting(mode=value)  # type: ignore[arg-type]
    minimum, plus, suffix = value.partition("+")
    version: str | None = None
    if minimum != "local":
        version = from_toolchain(minimum)
        if version == "":
            if plus:
                return ToolchainSetting(
                    mode="local",
                    error=Msg(
                        "invalid GOTOOLCHAIN {value}: invalid minimum toolchain {minimum}",
                        value=quote(value),
                        minimum=quote(minimum),
                    ),
                )
            return ToolchainSetting(
                mode="local", error=Msg("invalid GOTOOLCHAIN {value}", value=quote(value))
            )
    if plus and suffix not in ("auto", "path"):
        return ToolchainSetting(
            mode="local",
            error=Msg(
                "invalid GOTOOLCHAIN {value}: only version suffixes are +auto and +path", value=quote(value)
            ),
        )
    mode: Mode = suffix if plus else "local"  # type: ignore[assignment]
    if minimum == "local":
        return ToolchainSetting(mode=mode)
    return ToolchainSetting(mode=mode, minimum=minimum, version=version)


def _runtime_error(ts: ToolchainSetting, goos: str, goarch: str) -> str | None:
    """Errors Go reports only once it tries to switch to ``ts.minimum`` (still certain to happen)."""
    name = ts.minimum
    if name is None or ts.version is None:
        return None
    if not name.startswith("go1") and "-go1" not in name:
        return Msg("invalid GOTOOLCHAIN {value}", value=quote(name))
    if gover_is_lang(ts.version) and gover_compare(ts.version, "1.21") >= 0:
        return Msg(
            "invalid toolchain: {name} is a language version but not a toolchain version ({name}.x)",
            name=name,
        )
    if not semver.is_valid(module_version(name, goos, goarch)):
        return Msg(
            "download {name}: {quoted} cannot be a {module} module version",
            name=name,
            quoted=quote(name),
            module=TOOLCHAIN_MODULE,
        )
    return None


@one_line_messages
def validate_gotoolchain(
    value: str, local_version: str | None = None, goos: str = "linux", goarch: str = "amd64"
) -> Check:
    """Validate GOTOOLCHAIN. ``local_version`` is the installed Go (``go1.27.3``) when known.

    Error: what Go rejects at startup, plus a name Go is certain to fail on when it switches
    (a language version such as ``go1.21``, a name that is no module version). Warnings: settings
    that make Go download a toolchain through GOPROXY.
    """
    ts = parse_gotoolchain(value)
    if ts.error is not None:
        return Check.fail(
            ts.error,
            Msg("use local, auto, path, a release such as go1.22.3, or go1.22.3+auto / go1.22.3+path"),
        )
    same_as_local = ts.minimum is not None and ts.minimum == local_version
    if not same_as_local and (err := _runtime_error(ts, goos, goarch)) is not None:
        hint = (
            Msg("name a release: {name}.0 (or {name}.N)", name=ts.minimum)
            if "language version" in err
            else Msg("use a release name such as go1.22.3")
        )
        return Check.fail(err, hint)
    warnings: list[str] = []
    installed = f" ({local_version})" if local_version else ""
    if ts.minimum is not None and not same_as_local:
        runs = (
            ts.minimum
            if ts.mode == "local"
            else Msg("{name} (or the newer Go a go.mod asks for)", name=ts.minimum)
        )
        if ts.mode == "path":
            warnings.append(
                Msg(
                    "GOTOOLCHAIN={value}: every go command runs {runs} instead of the installed Go{installed}, "
                    "and only as a binary named {name} found in PATH: otherwise it stops with "
                    "'cannot find \"{name}\" in PATH'",
                    value=value,
                    runs=runs,
                    installed=installed,
                    name=ts.minimum,
                )
            )
        else:
            warnings.append(
                Msg(
                    "GOTOOLCHAIN={value}: every go command runs {runs} instead of the installed Go{installed}; "
                    "unless a binary named {name} is in PATH it downloads {module} through "
                    "GOPROXY and checks it against the checksum database first; behind a firewall that can "
                    "time out (GOTOOLCHAIN=local avoids it)",
                    value=value,
                    runs=runs,
                    installed=installed,
                    name=ts.minimum,
                    module=TOOLCHAIN_MODULE,
                )
            )
    elif ts.mode == "auto":
        warnings.append(
            Msg(
                "GOTOOLCHAIN={value}: when a go.mod asks for a newer Go than the installed one{installed}, go "
                "downloads {module} through GOPROXY (verified by the checksum database); if that "
                "times out, set GOTOOLCHAIN=local and install the newer Go by hand",
                value=value,
                installed=installed,
                module=TOOLCHAIN_MODULE,
            )
        )
    return Check(warnings=tuple(warnings))
