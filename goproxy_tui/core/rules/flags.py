"""GOFLAGS, checked as cmd/go reads it (GOROOT/src/cmd/go/internal/base/goflags.go).

``InitGOFLAGS`` splits the value with ``quoted.Split`` (cmd/internal/quoted: space-separated, a field
may be wrapped whole in '…' or "…" with no escapes), then every field must look like ``-name``,
``--name``, ``-name=value`` or ``--name=value`` and ``name`` must be a flag of *some* go command;
otherwise every go command (except ``go env``/``go bug``) stops with ``go: parsing $GOFLAGS: …``.
``SetFromGOFLAGS`` then applies the flags each command knows: a value flag without ``=value``, a bad
boolean, ``-C`` or an unknown ``-mod`` mode breaks every command that has that flag (build, list,
test, get …). ``go env -w`` checks none of it.

KNOWN_FLAGS is the union of the flag names cmd/go 1.27 registers (collected from
``cmd/go/internal/**`` and checked against the real go by the oracle tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.gostr import one_line_messages, parse_bool, quote
from goproxy_tui.i18n import Msg

_TEST_PASS_FLAGS = (  # cmd/go/internal/test/flagdefs.go passFlagToTest: also accepted as -test.NAME
    "artifacts", "bench", "benchmem", "benchtime", "blockprofile", "blockprofilerate", "count",
    "coverprofile", "cpu", "cpuprofile", "failfast", "fullpath", "fuzz", "fuzzminimizetime", "fuzztime",
    "list", "memprofile", "memprofilerate", "mutexprofile", "mutexprofilefraction", "outputdir",
    "parallel", "run", "short", "shuffle", "skip", "timeout", "trace", "v",
)  # fmt: skip

KNOWN_FLAGS: frozenset[str] = frozenset(
    (
        "C a artifacts asan asmflags bench benchmem benchtime blockprofile blockprofilerate buildmode "
        "buildvcs c cache changed compat compiled compiler count cover covermode coverpkg coverprofile "
        "cpu cpuprofile d debug-actiongraph debug-runtime-trace debug-trace deps diff dropexclude "
        "dropgodebug dropignore dropreplace droprequire dropretract droptool dropuse e exclude exec export "
        "f failfast find fix fmt fullpath fuzz fuzzcache fuzzminimizetime fuzztime gccgoflags gcflags go "
        "godebug i ignore insecure installsuffix json ldflags linkshared list m memprofile memprofilerate "
        "mod modcache modcacherw modfile module msan mutexprofile mutexprofilefraction n o outputdir "
        "overlay p parallel pgo pkgdir print r race replace require retract retracted reuse run short "
        "shuffle skip t tags test testcache timeout tool toolchain toolexec trace trimpath u use v vendor "
        "versions vet w work x"
    ).split()
    + [f"test.{name}" for name in _TEST_PASS_FLAGS]
)

# Build flags (work.AddBuildFlags, base.AddModCommonFlags, work.AddCoverFlags): shared by build,
# install, run, list, test, vet, get …, so a bad one breaks most commands.
BUILD_BOOL_FLAGS = frozenset("a n x v asan json linkshared msan race trimpath work modcacherw cover".split())
BUILD_VALUE_FLAGS = frozenset(
    (
        "p C asmflags buildmode compiler gcflags gccgoflags mod modfile overlay installsuffix ldflags "
        "pgo pkgdir tags toolexec covermode coverpkg debug-actiongraph debug-runtime-trace debug-trace"
    ).split()
)
# strconv.ParseInt(s, 0, 64) syntax (flag.IntVar): sign, 0x/0o/0b/leading-0 octal, '_' between digits.
_GO_INT = re.compile(
    r"[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)"
)
MOD_MODES = ("", "mod", "readonly", "vendor")  # work/init.go

INSECURE_WARNING = Msg(
    "GOFLAGS contains -insecure: Go no longer supports it and every `go get` fails with "
    "'-insecure flag is no longer supported; use GOINSECURE instead'; remove it"
)


class QuoteError(ValueError):
    """quoted.Split: ``unterminated ' string`` / ``unterminated " string``."""


def _is_space_byte(c: str) -> bool:
    return c in " \t\n\r"


def quoted_split(s: str) -> list[str]:
    """cmd/internal/quoted.Split: fields, each optionally wrapped whole in '…' or "…" (no escapes)."""
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        while i < n and _is_space_byte(s[i]):
            i += 1
        if i >= n:
            break
        if s[i] in "\"'":
            q = s[i]
            end = s.find(q, i + 1)
            if end < 0:
                raise QuoteError(Msg("unterminated {mark} string", mark=q))
            out.append(s[i + 1 : end])
            i = end + 1
            continue
        j = i
        while j < n and not _is_space_byte(s[j]):
            j += 1
        out.append(s[i:j])
        i = j
    return out


@dataclass(frozen=True)
class GoFlag:
    """One GOFLAGS field: ``name`` without dashes, ``value`` None when no ``=`` was given."""

    text: str
    name: str
    value: str | None


def _flag_name(field: str) -> str:
    name = field[1:]
    if name.startswith("-"):
        name = name[1:]
    return name.split("=", 1)[0]


def parse_goflags(value: str) -> tuple[list[GoFlag], str | None]:
    """InitGOFLAGS: (flags, None) or ([], Go's error text without the ``go: `` prefix)."""
    try:
        parts = quoted_split(value)
    except QuoteError as err:
        return [], Msg("parsing $GOFLAGS: {reason}", reason=err.args[0])
    flags: list[GoFlag] = []
    for f in parts:
        if not f.startswith("-") or f in ("-", "--") or f.startswith(("---", "-=", "--=")):
            return [], Msg("parsing $GOFLAGS: non-flag {field}", field=quote(f))
        name = _flag_name(f)
        if name not in KNOWN_FLAGS:
            return [], Msg("parsing $GOFLAGS: unknown flag -{name}", name=name)
        val = f.split("=", 1)[1] if "=" in f else None
        flags.append(GoFlag(text=f, name=name, value=val))
    return flags, None


def _set_error(flag: GoFlag) -> str | None:
    """What SetFromGOFLAGS (and the build setup) says for a build flag with an unusable value."""
    shown = "-" + flag.name
    if flag.name in BUILD_BOOL_FLAGS and flag.value is not None and parse_bool(flag.value) is None:
        return Msg(
            "invalid boolean value {value} for flag {flag} (from $GOFLAGS): parse error",
            value=quote(flag.value),
            flag=shown,
        )
    if flag.name == "buildvcs" and flag.value not in (None, "", "auto") and parse_bool(flag.value) is None:
        return Msg(
            "invalid boolean value {value} for flag {flag} (from $GOFLAGS): "
            "value is neither 'auto' nor a valid bool",
            value=quote(flag.value or ""),
            flag=shown,
        )
    if flag.name in BUILD_VALUE_FLAGS and flag.value is None:
        return Msg("flag needs an argument: {flag} (from $GOFLAGS)", flag=shown)
    if flag.name == "C":
        return Msg(
            "invalid value {value} for flag -C (from $GOFLAGS): -C flag must be first flag on command line",
            value=quote(flag.value or ""),
        )
    if flag.name == "p" and flag.value is not None and not _GO_INT.fullmatch(flag.value):
        return Msg(
            "invalid value {value} for flag {flag} (from $GOFLAGS): parse error",
            value=quote(flag.value),
            flag=shown,
        )
    if flag.name == "mod" and flag.value is not None and flag.value not in MOD_MODES:
        return Msg("-mod={mode} not supported (can be '', 'mod', 'readonly', or 'vendor')", mode=flag.value)
    return None


def goflags_has(value: str, name: str) -> bool:
    """InGOFLAGS: does GOFLAGS (as Go reads it) contain ``-name``? False if GOFLAGS is invalid."""
    flags, err = parse_goflags(value)
    return err is None and any(f.name == name for f in flags)


@one_line_messages
def validate_goflags(value: str) -> Check:
    """Validate GOFLAGS as cmd/go will read it; Go's wording in ``error``, a fix in ``hint``."""
    flags, err = parse_goflags(value)
    if err is not None:
        if "unterminated" in err:
            hint = Msg("quote a whole field only: '-ldflags=-s -w' (quotes inside a field are not special)")
        elif "non-flag" in err:
            hint = Msg("each space-separated field must be a flag: write -name=value, not -name value")
        else:
            hint = Msg("use flags the go command knows, e.g. -mod=mod, -modcacherw, -trimpath, -tags=netgo")
        return Check.fail(mask_secrets(err), hint)
    for flag in flags:
        if (set_err := _set_error(flag)) is not None:
            if flag.name == "C":
                hint = Msg("remove -C from GOFLAGS: it only works as the first flag on the command line")
            elif flag.name == "mod":
                hint = Msg("use -mod=mod, -mod=readonly or -mod=vendor")
            elif flag.value is None:
                hint = Msg("give the value with '=': -{name}=VALUE", name=flag.name)
            else:
                hint = Msg("use -{name}=true or -{name}=false", name=flag.name)
            return Check.fail(mask_secrets(set_err), hint)
    warnings = [INSECURE_WARNING] if any(f.name == "insecure" for f in flags) else []
    return Check(warnings=tuple(warnings))
