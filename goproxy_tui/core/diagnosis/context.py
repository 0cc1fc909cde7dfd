"""Everything a diagnosis needs, read once, plus shared probes that run at most once per walk.

Nodes run concurrently and several ask the same question (the TCP and TLS steps both need a
connection to the first GOPROXY entry; the GOPROXY, checksum and private-module steps all need the
chain's answer for the module). :meth:`DiagnosisContext.once` starts each probe the first time it is
asked for and hands every later caller the same result, so the network sees each request once and
the walk stays consistent.

Name resolution: by default probes resolve like the platform (``getaddrinfo``: /etc/hosts, nsswitch),
which is what ``go`` does. With ``[dns] resolv_conf`` set, its nameservers (on ``resolv_conf_port``)
*are* the system resolver for every probe, so the DNS step and the connections agree — and tests
can point the whole walk at a loopback DNS server.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from goproxy_tui.core.config import LoadedConfig, load_config
from goproxy_tui.core.diagnosis.gochain import SumdbWalk, Walk, sumdb_walk, walk
from goproxy_tui.core.diagnosis.modulecheck import QUERIES, is_prefix_query
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.core.goenv import EnvVar, GoEnvironment, read_environment
from goproxy_tui.core.gotool import GoError, GoResult
from goproxy_tui.core.health import HealthBook, MirrorStats, probe_rounds, round_deadline
from goproxy_tui.core.mirrors import Catalog, Mirror, has_credentials
from goproxy_tui.core.probes.dns import (
    DnsResult,
    ResolverSpec,
    SystemResolver,
    default_system_resolver,
    parse_resolvers,
    probe_dns,
    read_resolv_conf,
)
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, ProbeTimeouts, normalize_base_url, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv, Route, proxy_for_url
from goproxy_tui.core.probes.sumdb import ProxySumdbSupport, SumdbReach, probe_proxy_sumdb, probe_sumdb
from goproxy_tui.core.probes.tcp import ResolveError, TcpResult, probe_tcp
from goproxy_tui.core.probes.tls import TlsResult, probe_tls
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.goproxy import DEFAULT_GOPROXY, ProxyList, parse_goproxy
from goproxy_tui.core.rules.module import EscapeError, check_path, escape_path, escape_version
from goproxy_tui.core.rules.patterns import match_prefix_patterns
from goproxy_tui.core.rules.sumdb import DEFAULT_GOSUMDB, SumDB, parse_gosumdb
from goproxy_tui.i18n import Msg

T = TypeVar("T")

GO_DEFAULTS = {"GOPROXY": DEFAULT_GOPROXY, "GOSUMDB": DEFAULT_GOSUMDB, "GOTOOLCHAIN": "auto"}


class TargetError(ValueError):
    """``--module`` is not ``PATH[@VERSION]`` with a valid module path (one line)."""


@dataclass(frozen=True)
class CheckTarget:
    """The module the walk asks about: ``version`` is a semver, a query (``latest``…) or a revision."""

    path: str
    version: str = "latest"

    @property
    def text(self) -> str:
        return f"{self.path}@{self.version}"

    @property
    def is_query(self) -> bool:
        return self.version in QUERIES or is_prefix_query(self.version)

    @property
    def probe_version(self) -> str | None:
        """The version to ask ``@v/<version>.info`` for; ``None``: list + ``@latest`` (queries)."""
        return None if self.is_query else self.version


def split_target(text: str) -> tuple[str, str | None]:
    """``PATH[@VERSION]`` → (path, version or None). Module paths never contain ``@``."""
    path, sep, version = text.strip().partition("@")
    return path, (version if sep else None)


def parse_target(text: str | None, default_module: str) -> CheckTarget:
    """The target of ``gotui check --module``; raises :class:`TargetError` for bad input."""
    if text is None:
        return CheckTarget(default_module)
    if "://" in text:  # a pasted mirror URL: splitting it at '@' would cut its password out of reach of masking
        raise TargetError(Msg("--module {value} is a URL, not a module path", value=repr(mask_secrets(text))))
    path, version = split_target(text)
    if not path:
        raise TargetError(Msg("--module {value}: missing module path (expected PATH[@VERSION])", value=repr(text)))
    if (err := check_path(path)) is not None:
        raise TargetError(err)
    if version is not None and (not version or any(c.isspace() or not c.isprintable() for c in version)):
        raise TargetError(Msg("--module {value}: empty or unprintable version after '@'", value=repr(text)))
    return CheckTarget(path, version or "latest")


@dataclass(frozen=True)
class GoMod:
    """The go.mod Go uses in the working directory (``go env GOMOD``) and ``go mod edit -json``."""

    path: Path | None  # None: no go.mod (outside a module, or GOPATH mode)
    gomod_env: str  # what `go env GOMOD` printed ("", "/dev/null", a path)
    data: Mapping[str, Any] | None = None
    error: str | None = None


class DiagnosisContext:
    """Inputs of one walk and its shared, memoised probes. Create with :func:`build_context`."""

    def __init__(
        self,
        *,
        env: GoEnvironment | None,
        go_error: GoError | None,
        loaded: LoadedConfig,
        target: CheckTarget,
        workdir: Path,
        environ: Mapping[str, str],
        timeout: float | None = None,
        verify_timeout: float | None = None,
        command: tuple[str, ...] | None = None,
        explicit_target: bool = True,
    ) -> None:
        config = loaded.config
        self.env = env
        self.go_error = go_error
        self.loaded = loaded
        self.config = config
        self.target = target
        self.explicit_target = explicit_target  # False: the walk's default module, not the user's
        self.command = command  # `gotui check -- go ...`: the operation that fails for the user
        self.verify_run: Any = None  # the proof's OperationRun, once node 12 ran
        self.resolution: Any = None  # a package path resolved to its module root (resolve.py)
        self.workdir = workdir
        self.environ: dict[str, str] = dict(environ)
        self.timeout = timeout or config.probe.timeout
        self.verify_timeout = verify_timeout or config.check.verify_timeout
        self.catalog: Catalog = loaded.catalog
        self.public_resolvers: tuple[ResolverSpec, ...] = parse_resolvers(list(config.dns.resolvers)).resolvers
        if config.dns.resolv_conf:
            self.system_resolver: SystemResolver = read_resolv_conf(
                Path(config.dns.resolv_conf).expanduser(), port=config.dns.resolv_conf_port
            )
            self.resolve: Callable[[str], Awaitable[Sequence[str]]] | None = self._resolve_with_system
        else:
            self.system_resolver = default_system_resolver()
            self.resolve = None
        self.proxy_env = ProxyEnv.from_environ(self.environ)
        self.results: dict[str, NodeResult] = {}
        self._memo: dict[Hashable, asyncio.Future[Any]] = {}

    # ---------------------------------------------------------------- settings
    def var(self, name: str) -> EnvVar | None:
        if self.env is None:
            return None
        try:
            return self.env.get(name)
        except KeyError:
            return None

    def value(self, name: str) -> str:
        """The effective value (Go's view); without a working ``go``, the OS value or Go's default."""
        var = self.var(name)
        if var is not None:
            return var.effective
        return self.environ.get(name, "") or GO_DEFAULTS.get(name, "")

    def from_os(self, name: str) -> bool:
        var = self.var(name)
        return var is not None and var.source == "os"

    @property
    def proxy_list(self) -> ProxyList:
        return parse_goproxy(self.value("GOPROXY"))

    @property
    def gosumdb(self) -> SumDB:
        return parse_gosumdb(self.value("GOSUMDB"))

    def matches(self, key: str) -> bool:
        """Does the target match GOPRIVATE / GONOPROXY / GONOSUMDB (the last two default to GOPRIVATE)?"""
        value = self.value(key)
        if key in ("GONOPROXY", "GONOSUMDB") and not value:
            value = self.value("GOPRIVATE")
        return bool(value) and match_prefix_patterns(value, self.target.path)

    def proxies_on_route(self) -> list[tuple[int, Any]]:
        """(index, entry) of the GOPROXY entries Go may contact for the target: none when the target
        matches GONOPROXY (Go fetches it from its origin) — a host off the route is never blamed."""
        plist = self.proxy_list
        if not plist.ok or self.matches("GONOPROXY"):
            return []
        return list(enumerate(plist.entries))

    def route(self, url: str) -> Route:
        return proxy_for_url(url, self.proxy_env)

    @property
    def timeouts(self) -> ProbeTimeouts:
        return ProbeTimeouts.uniform(self.timeout)

    @property
    def goos_goarch(self) -> tuple[str, str]:
        machine = platform.machine().lower()
        arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
        system = platform.system().lower()
        return {"darwin": "darwin", "windows": "windows"}.get(system, system or "linux"), arch

    # ---------------------------------------------------------------- memo
    async def once(self, key: Hashable, factory: Callable[[], Awaitable[T]]) -> T:
        """Run ``factory`` the first time ``key`` is asked for; everyone gets that one result."""
        future = self._memo.get(key)
        if future is None:
            future = self._memo[key] = asyncio.ensure_future(factory())
        return await asyncio.shield(future)

    async def close(self) -> None:
        """Cancel probes nobody waits for any more (the walk ended, or its consumer left)."""
        pending = [f for f in self._memo.values() if not f.done()]
        for future in pending:
            future.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for future in self._memo.values():  # mark exceptions as retrieved
            if future.done() and not future.cancelled():
                future.exception()

    # ---------------------------------------------------------------- shared probes
    async def _resolve_with_system(self, host: str) -> Sequence[str]:
        result = await self.once(("resolve", host), lambda: probe_dns(
            host, system=self.system_resolver, public=(), timeout=self.timeout))
        if not result.ok or not result.addresses:
            raise ResolveError(result.fault if result.fault is not Fault.OK else Fault.DNS_FAILURE,
                               f"{host}: {result.reason.value}")
        return list(result.addresses)

    async def dns(self, host: str) -> DnsResult:
        return await self.once(("dns", host), lambda: probe_dns(
            host, system=self.system_resolver, public=self.public_resolvers, timeout=self.timeout))

    async def tcp(self, host: str, port: int) -> TcpResult:
        return await self.once(("tcp", host, port), lambda: probe_tcp(
            host, port, timeout=self.timeout, resolve=self.resolve))

    async def tls(self, host: str, port: int, proxy: str | None) -> TlsResult:
        return await self.once(("tls", host, port, proxy), lambda: probe_tls(
            host, port, timeout=self.timeout, resolve=self.resolve, proxy=proxy, environ=self.environ))

    async def goproxy(
        self, url: str, module: str | None = None, version: str | None = None, *, sumdb: bool = True
    ) -> GoproxyProbeResult:
        """The GOPROXY protocol probe of ``url`` for ``module`` @ ``version`` (default: the target)."""
        if module is None:
            module, version = self.target.path, self.target.probe_version
        return await self.once(("goproxy", url, module, version, sumdb), lambda: probe_goproxy(
            url, module=module, version=version, timeouts=self.timeouts, check_sumdb=sumdb,
            resolve=self.resolve, proxy_env=self.proxy_env, environ=self.environ))

    async def proxy_sumdb(self, url: str, name: str) -> ProxySumdbSupport:
        return await self.once(("supported", url, name), lambda: probe_proxy_sumdb(
            url, name, timeout=self.timeout, environ=self.environ))

    async def reach(self, url: str) -> SumdbReach:
        return await self.once(("reach", url), lambda: probe_sumdb(url, timeout=self.timeout, environ=self.environ))

    async def chain(self) -> tuple[ProxyList, tuple[GoproxyProbeResult | None, ...], Walk]:
        """Probe every GOPROXY entry concurrently for the target and walk them as Go would."""
        return await self.once("chain", self._chain)

    async def _chain(self) -> tuple[ProxyList, tuple[GoproxyProbeResult | None, ...], Walk]:
        plist = self.proxy_list
        entries = plist.entries if plist.ok else ()

        async def one(i: int) -> GoproxyProbeResult | None:
            entry = entries[i]
            if entry.kind != "proxy" or normalize_base_url(entry.url)[0] is None:
                return None
            return await self.goproxy(entry.url)

        results = tuple(await asyncio.gather(*(one(i) for i in range(len(entries)))))
        faults: list[Fault | None] = []
        for entry, result in zip(entries, results, strict=True):
            if entry.kind != "proxy":
                faults.append(None)
            elif refuses_credentials(entry.url):
                faults.append(Fault.BAD_URL)
            elif entry.scheme == "file":
                faults.append(self._file_proxy_fault(entry.url))
            else:
                faults.append(result.fault if result is not None else Fault.BAD_URL)
        return plist, results, walk(entries, faults)

    def _file_proxy_fault(self, url: str) -> Fault:
        """A ``file://`` GOPROXY is a directory in the proxy layout: does it hold the target?"""
        try:
            root = Path(unquote(urlsplit(url).path)) / escape_path(self.target.path) / "@v"
            version = self.target.probe_version
            wanted = root / (f"{escape_version(version)}.info" if version else "list")
        except (EscapeError, ValueError):
            return Fault.BAD_URL
        return Fault.OK if wanted.is_file() else Fault.HTTP_404

    async def sumdb_route(self) -> tuple[SumDB, SumdbWalk | None, tuple[str, ...]]:
        """Where Go would fetch checksums from for this chain: the walk over ``/supported`` answers.

        Returns the parsed GOSUMDB, the walk (None when GOSUMDB names an explicit URL, which bypasses
        the proxies, or is off/invalid) and one evidence line per entry asked.
        """
        return await self.once("sumdb-route", self._sumdb_route)

    async def _sumdb_route(self) -> tuple[SumDB, SumdbWalk | None, tuple[str, ...]]:
        db = self.gosumdb
        if db.off or not db.ok or db.name is None or db.url is not None:
            return db, None, ()
        plist = self.proxy_list
        entries = plist.entries if plist.ok else ()

        async def one(entry: Any) -> tuple[Fault | None, str]:
            if entry.kind != "proxy":
                return None, ""
            answer = await self.proxy_sumdb(entry.url, db.name)
            said = Msg("200: proxied") if answer.supported else (answer.detail or answer.fault.value)
            return answer.fault, f"{answer.url}: " + said  # + keeps a translatable answer translatable

        answers = await asyncio.gather(*(one(e) for e in entries))
        route = sumdb_walk(entries, [fault for fault, _ in answers])
        reached = {step.index for step in route.steps}
        lines = tuple(line for index, (_, line) in enumerate(answers) if line and index in reached)
        return db, route, lines

    def sumdb_needed(self) -> bool:
        """``useSumDB``: GOSUMDB not off and the target not matched by GONOSUMDB (GOPRIVATE)."""
        return self.value("GOSUMDB") != "off" and not self.matches("GONOSUMDB")

    async def catalog_stats(self) -> dict[str, MirrorStats]:
        """One probe round over the mirror catalog (what ``gotui mirrors`` shows), for switch remedies."""
        return await self.once("catalog", self._catalog_stats)

    async def _catalog_stats(self) -> dict[str, MirrorStats]:
        mirrors = tuple(self.catalog)
        if not mirrors:
            return {}
        module = self.config.probe.module

        async def probe(mirror: Mirror) -> GoproxyProbeResult:
            return await self.goproxy(mirror.url, module, None)

        book = await probe_rounds(mirrors, probe, rounds=1, deadline=round_deadline(self.timeout), book=HealthBook())
        return book.snapshot(m.name for m in mirrors)

    async def run_go(self, *args: str, cwd: Path | None = None, timeout: float = 20.0,
                     local_toolchain: bool = True, extra_env: Mapping[str, str] | None = None) -> GoResult:
        """Run the user's ``go``; ``local_toolchain`` keeps gotui's own look-ups from downloading a Go."""
        if self.env is None:
            raise GoError(Msg("no usable go command"))
        env = dict(self.environ)
        if local_toolchain:
            env["GOTOOLCHAIN"] = "local"
        env.update(extra_env or {})
        return await self.env.go.run(*args, env=env, cwd=cwd, timeout=timeout)

    async def gomod(self) -> GoMod:
        return await self.once("gomod", self._gomod)

    async def gowork(self) -> Path | None:
        """The go.work in effect in the working directory (``go env GOWORK``), or None."""
        return await self.once("gowork", self._gowork)

    async def _gowork(self) -> Path | None:
        try:
            found = await self.run_go("env", "GOWORK", cwd=self.workdir, timeout=15.0)
        except (GoError, OSError):
            return None
        printed = found.stdout.strip()
        return Path(printed) if found.ok and printed and printed not in ("off", os.devnull, "NUL") else None

    async def _gomod(self) -> GoMod:
        try:
            found = await self.run_go("env", "GOMOD", cwd=self.workdir, timeout=15.0)
        except (GoError, OSError) as exc:
            return GoMod(None, "", error=getattr(exc, "message", str(exc)))
        printed = found.stdout.strip()
        if not found.ok or not printed or printed == os.devnull or printed == "NUL":
            return GoMod(None, printed)
        path = Path(printed)
        try:
            edited = await self.run_go("mod", "edit", "-json", cwd=path.parent, timeout=15.0)
        except GoError as exc:
            return GoMod(path, printed, error=exc.message)
        if not edited.ok:
            return GoMod(path, printed, error=edited.first_error_line())
        try:
            data = json.loads(edited.stdout)
        except json.JSONDecodeError:
            return GoMod(path, printed, error=Msg("'go mod edit -json' printed something that is not JSON"))
        return GoMod(path, printed, data if isinstance(data, dict) else {})


def refuses_credentials(url: str) -> bool:
    """Go (web.Get with DefaultSecurity) refuses to send userinfo over plain http: the entry always fails."""
    return url.lower().startswith("http://") and has_credentials(url)


def host_port_of(url: str) -> tuple[str, int] | None:
    """(host, port) a URL connects to, default ports filled in."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname, port or (443 if parts.scheme.lower() == "https" else 80)


async def build_context(
    *,
    module: str | None = None,
    target: CheckTarget | None = None,
    workdir: Path | str | None = None,
    loaded: LoadedConfig | None = None,
    environ: Mapping[str, str] | None = None,
    env: GoEnvironment | None = None,
    timeout: float | None = None,
    verify_timeout: float | None = None,
    command: tuple[str, ...] | None = None,
) -> DiagnosisContext:
    """Read config and the Go environment; raises :class:`TargetError` for a bad ``module``.

    A missing or broken ``go`` is not an exception: the first node reports it.
    """
    loaded = loaded or load_config()
    environ = dict(os.environ if environ is None else environ)
    explicit_target = module is not None or target is not None
    target = target or parse_target(module, loaded.config.probe.module)
    go_error: GoError | None = None
    if env is None:
        try:
            env = await read_environment(environ=environ)
        except GoError as exc:
            go_error = exc
    return DiagnosisContext(
        env=env,
        go_error=go_error,
        loaded=loaded,
        target=target,
        workdir=Path(workdir) if workdir is not None else Path.cwd(),
        environ=environ,
        timeout=timeout,
        verify_timeout=verify_timeout,
        command=command,
        explicit_target=explicit_target,
    )


__all__ = [
    "CheckTarget",
    "DiagnosisContext",
    "GoMod",
    "TargetError",
    "build_context",
    "host_port_of",
    "parse_target",
    "refuses_credentials",
    "split_target",
]
