"""Team profiles: a TOML file a team keeps in its repo with the Go settings every member needs.

A profile is all or nothing. :func:`parse_profile` lists *every* problem (``team.toml:7: [go] GOPROXY:
…``, located with the config loader's line scanner) and a profile with any problem is refused whole,
because half a team set-up (say GOPRIVATE without GONOSUMDB) fails in ways that are harder to see than
no set-up. Applying is one :func:`goproxy_tui.core.goenv.apply_changes` call, so one ``gotui undo``
reverts the whole profile byte for byte. Extra mirrors go to the user's gotui config, which is not
part of the Go env journal.

Format (``docs/team-profile.example.toml``)::

    [go]                       # written with go env -w, checked by Go's rules first
    GOPROXY = "https://goproxy.cn|direct"   # or: mirror = "goproxy.cn" (or a list of names)
    GOSUMDB = "sum.golang.google.cn"
    unset = ["GONOSUMDB"]      # keys to go env -u
    [[mirrors]]                # extra mirrors for the table (name, url, operator)
    name = "corp"
    url = "https://goproxy.corp.example.com"
    [verify]
    module = "git.corp.example.com/platform/sdk@latest"
    [[auth]]                   # a host each member needs a credential for; never the secret itself
    host = "goproxy.corp.example.com"
    via = "netrc"              # apply names the netrc line to add (core/profile_auth.py)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import tomlkit

from goproxy_tui import __version__
from goproxy_tui.core.config import (
    Config,
    ConfigProblem,
    ConfigWriteError,
    ProbeSettings,
    _describe,
    _label,
    _Locator,
    _parse_text,
    add_mirror,
    load_config,
)
from goproxy_tui.core.files import read_capped
from goproxy_tui.core.goenv import SPEC_BY_NAME, ChangeResult, GoEnvironment, Source, apply_changes
from goproxy_tui.core.journal import Journal
from goproxy_tui.core.mirrors import Catalog, Mirror, check_mirror_name, check_mirror_url, normalize_url
from goproxy_tui.core.profile_auth import AuthCheck, AuthRequirement, check_auth, parse_auth
from goproxy_tui.core.redact import MASK, holds_mask, mask_secrets
from goproxy_tui.core.rules import module as modrules
from goproxy_tui.core.rules import semver
from goproxy_tui.core.rules.settings import WRITABLE_KEYS, validate_setting
from goproxy_tui.i18n import N_, Joined, Msg, message_of

PROFILE_KEYS: tuple[str, ...] = (
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOINSECURE",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GO111MODULE",
    "GOAUTH",
)
"""What a team shares. Paths (GOPATH, GOCACHE, GOMODCACHE …) differ per machine and stay out."""

_SECTIONS = ("go", "mirrors", "verify", "auth")
_GO_SPECIAL = ("mirror", "unset")
_MIRROR_KEYS = ("name", "url", "operator")
_VERIFY_KEYS = ("module",)
_QUERY = re.compile(r"[A-Za-z0-9._+~<>=/-]+")  # @latest, @v1.2.3, @main, @<v2, a commit hash


@dataclass(frozen=True)
class ProfileProblem(ConfigProblem):
    """One reason the profile is refused: ``team.toml:7: [go] GOPROXY: …`` plus what to write instead."""

    hint: str | None = None


@dataclass(frozen=True)
class Profile:
    """A valid profile, mirror names already resolved to a GOPROXY value."""

    path: Path
    settings: dict[str, str]  # key -> value for go env -w, in file order
    unset: tuple[str, ...] = ()
    mirrors: tuple[Mirror, ...] = ()  # extra mirrors for the table
    verify_module: str | None = None
    mirror_names: tuple[str, ...] = ()  # GOPROXY came from `mirror = …`
    notes: tuple[str, ...] = ()  # risky but accepted values (validate_setting warnings), masked
    auth: tuple[AuthRequirement, ...] = ()  # [[auth]]: hosts each member needs a credential for (no secret)

    def changes(self) -> dict[str, str | None]:
        """Everything the profile asks for: values to write, ``None`` for keys to unset."""
        wanted: dict[str, str | None] = dict(self.settings)
        wanted.update({key: None for key in self.unset})
        return wanted


@dataclass(frozen=True)
class LoadedProfile:
    """:func:`parse_profile`'s answer: a profile, or the full list of problems (never both)."""

    path: Path
    profile: Profile | None
    problems: tuple[ProfileProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.profile is not None


# --------------------------------------------------------------------------------------------------
# Parsing and validation


class _Validator:
    """Walks the parsed document once and collects every problem with its line."""

    def __init__(self, file: Path, text: str, catalog: Catalog) -> None:
        self.file = file
        self.locate = _Locator(text)
        self.catalog = catalog
        self.problems: list[ProfileProblem] = []
        self.notes: list[str] = []

    def report(
        self, path: tuple[str | int, ...], message: str, hint: str | None = None, *, label: str | None = None
    ) -> None:
        self.problems.append(
            ProfileProblem(
                self.file,
                self.locate.line(path),
                _label(path) if label is None else label,
                mask_secrets(message),
                None if hint is None else mask_secrets(hint),
            )
        )

    def unknown(self, path: tuple[str | int, ...], known: Sequence[str], what: str = N_("key")) -> None:
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        hint = Msg("did you mean {name}?", name=repr(close[0])) if close else Msg("known: {names}", names=", ".join(known))
        self.report(path, Msg("unknown {what}", what=what), hint, label=str(path[0]) if what == "top-level key" else None)

    def build(self, data: dict[str, Any]) -> Profile | None:
        go: dict[str, Any] = {}
        mirrors: tuple[Mirror, ...] = ()
        verify: str | None = None
        auth: tuple[AuthRequirement, ...] = ()
        for key, raw in data.items():
            if key == "go":
                go = self.table(("go",), raw) or {}
            elif key == "mirrors":
                mirrors = self.mirrors(raw)
            elif key == "verify":
                verify = self.verify(self.table(("verify",), raw) or {})
            elif key == "auth":
                auth = parse_auth(raw, self.report)
            elif key in WRITABLE_KEYS or key.upper() in PROFILE_KEYS:
                self.report((key,), Msg("Go settings belong in the [go] table"), Msg("move {key} under [go]", key=key),
                            label=key)
            else:
                self.unknown((key,), _SECTIONS, N_("section") if isinstance(raw, dict) else N_("top-level key"))
        if "go" not in data and "mirrors" not in data and "auth" not in data and not self.problems:
            self.report((), Msg("the profile sets nothing"), Msg("add a [go] table (see docs/team-profile.example.toml)"))
        settings, unset, names = self.go(go, mirrors)
        if self.problems:
            return None
        return Profile(self.file, settings, unset, mirrors, verify, names, tuple(self.notes), auth)

    def table(self, path: tuple[str, ...], raw: object) -> dict[str, Any] | None:
        if isinstance(raw, dict):
            return raw
        self.report(path, Msg("must be a table ([{name}]), not {value}", name=path[0], value=_describe(raw)))
        return None

    def go(self, go: dict[str, Any], extra: tuple[Mirror, ...]) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
        settings: dict[str, str] = {}
        for key, value in go.items():
            if key in _GO_SPECIAL:
                continue
            if self.go_key(("go", key), key) and self.string(("go", key), value):
                self.value(("go", key), key, value)
                settings[key] = value
        names: tuple[str, ...] = ()
        if "mirror" in go:
            if "GOPROXY" in go:
                self.report(("go", "mirror"), Msg("give either GOPROXY or mirror, not both"))
            else:
                names, goproxy = self.mirror_chain(go["mirror"], extra)
                if goproxy is not None:
                    self.value(("go", "mirror"), "GOPROXY", goproxy)
                    settings = {"GOPROXY": goproxy, **settings}
        unset = self.unset(go.get("unset", []), settings) if "unset" in go else ()
        return settings, unset, names

    def go_key(self, path: tuple[str, ...], key: str) -> bool:
        """Keys Go refuses or does not know, and machine-specific keys, are refused by name."""
        if key not in WRITABLE_KEYS:
            check = validate_setting(key, "")
            self.report(path, check.error or Msg("{key} cannot be set with 'go env -w'", key=key), check.hint)
            return False
        if key not in PROFILE_KEYS:
            self.report(
                path,
                Msg("{key} is not a team-profile setting (it is specific to each machine or build)", key=key),
                Msg("a profile sets {keys}", keys=", ".join(PROFILE_KEYS)),
            )
            return False
        return True

    def string(self, path: tuple[str | int, ...], value: object) -> bool:
        if isinstance(value, str):
            return True
        self.report(path, Msg("must be a string, not {value}", value=_describe(value)))
        return False

    def value(self, path: tuple[str, ...], key: str, value: str) -> None:
        if holds_mask(value):
            self.report(path, Msg("{key} holds a masked credential ({mask})", key=key, mask=MASK),
                        Msg("fill in the real credential, or export with --include-secrets"))
            return
        check = validate_setting(key, value)
        if not check.ok:
            error = check.error or ""
            self.report(path, error if path[-1] == key else Joined(": ", (key, error)), check.hint)
            return
        self.notes.extend(mask_secrets(w if w.startswith(key) else Joined(": ", (key, w))) for w in check.warnings)

    def mirror_chain(self, raw: object, extra: tuple[Mirror, ...]) -> tuple[tuple[str, ...], str | None]:
        """``mirror = "goproxy.cn"`` or a list of names → ``url|url|direct`` (falls through on any error)."""
        path = ("go", "mirror")
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.report(path, Msg("must be a mirror name or a list of names, not {value}", value=_describe(raw)))
            return (), None
        own = {m.name.casefold(): m for m in extra}
        chain: list[Mirror] = []
        missing = False
        for name in names:
            found = own.get(name.strip().casefold()) or self.catalog.find(name)
            if found is None:
                missing = True
                known = ", ".join([*self.catalog.names(), *(m.name for m in extra)]) or N_("none")
                self.report(path, Msg("no mirror named {name} in the catalog", name=repr(name)),
                            Msg("known mirrors: {known}; or add it under [[mirrors]], or write GOPROXY", known=known))
                continue
            if all(m.url != found.url for m in chain):
                chain.append(found)
            if found.sumdb == "no":
                self.notes.append(Msg("{name} does not proxy sum.golang.org: set GOSUMDB too "
                                      "(e.g. sum.golang.google.cn)", name=found.name))
        if missing:
            return (), None
        return tuple(m.name for m in chain), "|".join([*(m.url for m in chain), "direct"])

    def unset(self, raw: object, settings: Mapping[str, str]) -> tuple[str, ...]:
        path = ("go", "unset")
        if not isinstance(raw, list):
            self.report(path, Msg("must be a list of keys, e.g. [\"GONOSUMDB\"], not {value}", value=_describe(raw)))
            return ()
        keys: list[str] = []
        for key in raw:
            if not self.string(path, key) or not self.go_key(path, key):
                continue
            if key in settings:
                self.report(path, Msg("{key} is both set and unset", key=key), Msg("remove {key} from one of them", key=key))
            elif key not in keys:
                keys.append(key)
        return tuple(keys)

    def mirrors(self, raw: object) -> tuple[Mirror, ...]:
        if not isinstance(raw, list):
            self.report(("mirrors",), Msg("must be an array of tables: write each mirror under [[mirrors]]"))
            return ()
        kept: list[Mirror] = []
        for index, entry in enumerate(raw):
            path: tuple[str | int, ...] = ("mirrors", index)
            if not isinstance(entry, dict):
                self.report(path, Msg("must be a table with name and url, not {value}", value=_describe(entry)))
                continue
            for key in entry:
                if key not in _MIRROR_KEYS:
                    self.unknown((*path, key), _MIRROR_KEYS)
            ok = True
            for key, check in (("name", check_mirror_name), ("url", check_mirror_url)):
                if key not in entry:
                    self.report((*path, key), Msg("missing {key}", key=repr(key)))
                    ok = False
                    continue
                result = check(entry[key])
                if not result.ok:
                    self.report((*path, key), result.error or "", result.hint)
                    ok = False
                elif key == "url" and holds_mask(entry[key]):
                    self.report((*path, key), Msg("holds a masked credential ({mask})", mask=MASK),
                                Msg("fill in the real credential, or export with --include-secrets"))
                    ok = False
            operator = entry.get("operator", "")
            if not isinstance(operator, str) or "\n" in operator:
                self.report((*path, "operator"), Msg("must be a one-line string"))
                ok = False
            if not ok:
                continue
            if any(m.name.casefold() == entry["name"].casefold() for m in kept):
                self.report((*path, "name"), Msg("duplicate mirror name {name}", name=repr(entry["name"])))
                continue
            kept.append(Mirror(name=entry["name"], url=entry["url"], operator=operator))
        return tuple(kept)

    def verify(self, raw: dict[str, Any]) -> str | None:
        for key in raw:
            if key not in _VERIFY_KEYS:
                self.unknown(("verify", key), _VERIFY_KEYS)
        if "module" not in raw:
            return None
        path = ("verify", "module")
        value = raw["module"]
        if not self.string(path, value):
            return None
        module, sep, version = value.partition("@")
        error = modrules.check_path(module)
        if error is None and sep and not (version == "latest" or semver.is_valid(version)
                                          or _QUERY.fullmatch(version)):
            error = Msg("{version} is not a version or version query", version=repr(version))
        if error is not None:
            self.report(path, error, Msg("e.g. {module}", module="git.corp.example.com/platform/sdk@latest"))
            return None
        return value


def parse_profile(data: bytes | str, file: Path | str = "profile.toml", catalog: Catalog | None = None) -> LoadedProfile:
    """Parse and validate a profile. Never raises; an invalid profile gives every problem, no profile.

    ``catalog`` resolves ``mirror = NAME`` (default: the user's merged catalog, ``load_config()``).
    """
    path = Path(file)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    text, document, problem = _parse_text(path, raw)
    if document is None:
        message = problem.message if problem else Msg("cannot be parsed")
        return LoadedProfile(path, None, (ProfileProblem(path, problem.line if problem else None, "", message),))
    if catalog is None:
        catalog = load_config().catalog
    try:
        validator = _Validator(path, text, catalog)
        profile = validator.build(document)
    except Exception as exc:  # defensive: a validator bug must read as one line, not a traceback
        return LoadedProfile(path, None, (ProfileProblem(path, None, "", Msg("could not read profile ({error})",
                                                                             error=repr(exc))),))
    problems = sorted(validator.problems, key=lambda p: p.line or 0)  # stable: same line keeps its order
    return LoadedProfile(path, profile, tuple(problems))


def load_profile(path: Path | str, catalog: Catalog | None = None) -> LoadedProfile:
    """Read ``path`` and :func:`parse_profile` it; an unreadable file is one problem. Never raises."""
    file = Path(path)
    try:
        raw = read_capped(file)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return LoadedProfile(file, None, (ProfileProblem(file, None, "", Msg("cannot read: {reason}", reason=reason)),))
    return parse_profile(raw, file, catalog)


# --------------------------------------------------------------------------------------------------
# The plan: what would change (current → new)


@dataclass(frozen=True)
class SettingChange:
    """One profile key against the environment. Values are raw: mask them before display."""

    key: str
    current: str  # effective value now
    source: Source  # where ``current`` comes from
    new: str | None  # None: go env -u
    changed: bool  # False: the environment already has it

    def describe(self) -> str:
        """``GOPROXY: https://proxy.golang.org,direct (default) → https://goproxy.cn|direct``, masked."""
        before: str = self.current or Msg("(empty)")
        if self.source == "os":
            before = Msg("{value} (OS environment)", value=before)
        elif self.source != "file":
            before = Msg("{value} (default)", value=before)
        after = Msg("(unset: Go's default)") if self.new is None else (self.new or Msg("(empty)"))
        return mask_secrets(Msg("{key}: {before} → {after}", key=self.key, before=before, after=after))


@dataclass(frozen=True)
class MirrorAddition:
    """An extra mirror of the profile: added to the user's config, or why it is skipped."""

    mirror: Mirror
    skip_reason: str | None = None

    @property
    def add(self) -> bool:
        return self.skip_reason is None


@dataclass(frozen=True)
class ProfilePlan:
    profile: Profile
    settings: tuple[SettingChange, ...]
    mirrors: tuple[MirrorAddition, ...] = ()
    auth: tuple[AuthCheck, ...] = ()  # [[auth]] checked on this machine: what the member must add, where

    @property
    def changes(self) -> dict[str, str | None]:
        """The change set for ``apply_changes``: only keys that differ."""
        return {s.key: s.new for s in self.settings if s.changed}

    @property
    def mirrors_to_add(self) -> tuple[Mirror, ...]:
        return tuple(m.mirror for m in self.mirrors if m.add)

    @property
    def count(self) -> int:
        return len(self.changes) + len(self.mirrors_to_add)

    def unchanged(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.settings if not s.changed)


def plan_profile(profile: Profile, env: GoEnvironment, catalog: Catalog) -> ProfilePlan:
    """Compare the profile with the environment and the user's catalog; writes nothing.

    A key counts as changed when the env file does not already hold the value; a key provided by the
    OS environment counts as unchanged when the OS already gives the profile's value (writing the file
    would only draw a conflict). ``catalog`` is the user's merged catalog, for skipping duplicates.
    """
    rows: list[SettingChange] = []
    for key, new in profile.changes().items():
        var = env.get(key) if key in SPEC_BY_NAME else None
        current = var.effective if var else ""
        source: Source = var.source if var else "default"
        file_value = var.file if var else None
        if new is None:
            changed = file_value is not None or source == "os"
        elif source == "os":
            changed = current != new
        else:
            changed = file_value != new
        rows.append(SettingChange(key, current, source, new, changed))
    additions: list[MirrorAddition] = []
    for mirror in profile.mirrors:
        by_name, by_url = catalog.by_name(mirror.name), catalog.by_url(mirror.url)
        reason = None
        if by_name is not None and normalize_url(by_name.url) == normalize_url(mirror.url):
            reason = Msg("already in your catalog")
        elif by_name is not None:
            reason = Msg("your catalog already has a mirror named {name} ({url})", name=repr(by_name.name),
                         url=by_name.display_url)
        elif by_url is not None:
            reason = Msg("already in your catalog as {name}", name=repr(by_url.name))
        additions.append(MirrorAddition(mirror, reason))
    auth: tuple[AuthCheck, ...] = ()
    if profile.auth:
        goauth = profile.settings.get("GOAUTH") or next((v.effective for v in env.vars if v.name == "GOAUTH"), "")
        auth = check_auth(profile.auth, env.environ, goauth if "GOAUTH" not in profile.unset else "")
    return ProfilePlan(profile, tuple(rows), tuple(additions), auth)


# --------------------------------------------------------------------------------------------------
# Applying


@dataclass(frozen=True)
class ProfileOutcome:
    """What applying did: the Go env change (one journal entry) and the config mirrors."""

    change: ChangeResult | None  # None: no Go setting needed changing
    added: tuple[Mirror, ...] = ()
    mirror_errors: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        if self.change is not None and not self.change.ok:
            return self.change.exit_code
        return 1 if self.mirror_errors else 0


async def apply_profile(
    plan: ProfilePlan,
    env: GoEnvironment,
    *,
    force: bool = False,
    journal: Journal | None = None,
    config_path: Path | str | None = None,
) -> ProfileOutcome:
    """Write the plan: every Go setting in ONE ``apply_changes`` (one undo), then the extra mirrors.

    Mirrors are added only after the Go settings were written, so a refused profile adds nothing.
    The config write is not journaled (``gotui undo`` leaves it); failures are reported, not raised.
    """
    change = None
    if plan.changes:
        change = await apply_changes(env, plan.changes, action="apply", journal=journal, force=force)
        if not change.ok:
            return ProfileOutcome(change)
    added: list[Mirror] = []
    errors: list[str] = []
    for mirror in plan.mirrors_to_add:
        try:
            added.append(add_mirror(mirror.name, mirror.url, mirror.operator or None, path=config_path))
        except ConfigWriteError as exc:
            errors.append(mask_secrets(Msg("mirror {name}: {error}", name=mirror.name, error=message_of(exc))))
    return ProfileOutcome(change, tuple(added), tuple(errors))


# --------------------------------------------------------------------------------------------------
# Export


@dataclass(frozen=True)
class ExportResult:
    text: str
    masked: bool  # a credential was replaced by ***
    warnings: tuple[str, ...] = ()


def _set_with_comment(table: Any, key: str, value: str, comment: str) -> None:
    item = tomlkit.string(value)
    item.comment(comment)
    table.add(key, item)


def export_profile(
    env: GoEnvironment,
    config: Config | None = None,
    *,
    include_secrets: bool = False,
    now: datetime | None = None,
) -> ExportResult:
    """The current settings as a profile: profile keys set in the env file or the OS (not defaults),
    the user's own ``[[mirrors]]``, and ``[probe] module`` as ``[verify]`` when it was changed.

    Credentials are masked (``***``) unless ``include_secrets``; applying a masked profile is refused
    with a clear message rather than writing ``***`` as a password.
    """
    config = config if config is not None else load_config().config
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    masked = False
    warnings: list[str] = []

    def shown(value: str) -> str:
        nonlocal masked
        if include_secrets:
            return value
        safe = mask_secrets(value)
        masked = masked or safe != value
        return safe

    go = tomlkit.table()
    go.comment("written with 'go env -w', checked by Go's rules first")
    defaults: list[str] = []
    for key in PROFILE_KEYS:
        var = env.get(key)
        if var.source == "default":
            defaults.append(key)
            continue
        check = validate_setting(key, var.effective)
        if not check.ok:
            warnings.append(mask_secrets(Msg("{key}: {error} (exported as is; applying it will be refused)",
                                             key=key, error=check.error or "")))
        origin = "" if var.source == "file" else f"; from the OS environment ({var.os_name or key})"
        _set_with_comment(go, key, shown(var.effective), f"{SPEC_BY_NAME[key].about}{origin}")
    if defaults:
        go.add(tomlkit.comment(f"at Go's default here: {', '.join(defaults)}"))
        go.add(tomlkit.comment("unset = [\"GONOSUMDB\"]   # keys to remove with 'go env -u' on apply"))
    mirrors = tomlkit.aot()
    for mirror in config.mirrors:
        entry = tomlkit.table()
        entry.add("name", mirror.name)
        entry.add("url", shown(mirror.url))
        if mirror.operator:
            entry.add("operator", mirror.operator)
        mirrors.append(entry)
    verify = tomlkit.table()
    verify.comment("a module to download to check the set-up: gotui check --module MODULE")
    if config.probe.module != ProbeSettings().module:
        verify.add("module", config.probe.module)
    else:
        verify.add(tomlkit.comment('module = "example.com/team/module@latest"'))

    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"gotui team profile, exported {stamp} from {env.go.version} (gotui {__version__})"))
    doc.add(tomlkit.comment("Apply with: gotui apply THIS-FILE  (shows the changes and asks first; "
                            "'gotui undo' reverts them)"))
    if masked:
        doc.add(tomlkit.comment(f"Credentials are masked ({MASK}): fill them in before applying, "
                                "or export with --include-secrets."))
    doc.add(tomlkit.nl())
    doc.add("go", go)
    if config.mirrors:
        doc.add(tomlkit.nl())
        doc.add(tomlkit.comment("extra mirrors for the table: added to each member's gotui config on apply"))
        doc.add("mirrors", mirrors)
    doc.add(tomlkit.nl())
    doc.add("verify", verify)
    text = tomlkit.dumps(doc)
    return ExportResult(text if text.endswith("\n") else text + "\n", masked, tuple(warnings))


__all__ = [
    "PROFILE_KEYS",
    "ExportResult",
    "LoadedProfile",
    "MirrorAddition",
    "Profile",
    "ProfileOutcome",
    "ProfilePlan",
    "ProfileProblem",
    "SettingChange",
    "apply_profile",
    "export_profile",
    "load_profile",
    "parse_profile",
    "plan_profile",
]
