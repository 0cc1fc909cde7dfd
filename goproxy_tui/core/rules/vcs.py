"""Where Go fetches a module from when it goes direct, and whether it may use git (cmd/go/internal/vcs).

Re-implemented from GOROOT/src/cmd/go/internal/vcs/vcs.go:

- ``vcsPaths``: a few code hosts have fixed rules (github.com, bitbucket.org, hub.jazz.net/git,
  git.apache.org, git.openstack.org, chiselapp.com); a path with a ``.git``/``.hg``/… element names
  its repository itself (Go then tries the secure schemes in order: https, then git+ssh and ssh);
- every other path is looked up with ``https://PATH?go-get=1`` and its ``<meta name="go-import"
  content="PREFIX VCS REPO">`` tags (``parseMetaGoImports``, ``matchGoImport``);
- ``GOVCS`` (``parseGOVCS``, ``allow``): comma-separated ``pattern:vcs|vcs`` rules, Go's default
  ``private:all,public:git|hg`` appended; ``private`` means "matches GOPRIVATE".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from goproxy_tui.core.rules.gostr import quote
from goproxy_tui.core.rules.patterns import match_prefix_patterns
from goproxy_tui.i18n import Msg

VCS_CMDS = ("git", "hg", "svn", "bzr", "fossil")
GIT_SECURE_SCHEMES = ("https", "git+ssh", "ssh")  # vcsGit.Scheme filtered by isSecureScheme
GIT_SCHEMES = ("git", "https", "http", "git+ssh", "ssh")  # all of them (GOINSECURE)
DEFAULT_GOVCS = "private:all,public:git|hg"


@dataclass(frozen=True)
class KnownHost:
    prefix: str
    pattern: re.Pattern[str]
    vcs: str
    check_suffix: bool  # noVCSSuffix: the repository must not end in .git etc.


_W = r"[\w.\-]"
KNOWN_HOSTS = (
    KnownHost("github.com", re.compile(rf"^(?P<root>github\.com/{_W}+/{_W}+)(/{_W}+)*$"), "git", True),
    KnownHost("bitbucket.org", re.compile(rf"^(?P<root>bitbucket\.org/{_W}+/{_W}+)(/{_W}+)*$"), "git", True),
    KnownHost("hub.jazz.net/git", re.compile(rf"^(?P<root>hub\.jazz\.net/git/[a-z0-9]+/{_W}+)(/{_W}+)*$"), "git",
              True),
    KnownHost("git.apache.org", re.compile(rf"^(?P<root>git\.apache\.org/[a-z0-9_.\-]+\.git)(/{_W}+)*$"), "git",
              False),
    KnownHost("git.openstack.org", re.compile(rf"^(?P<root>git\.openstack\.org/{_W}+/{_W}+)(\.git)?(/{_W}+)*$"),
              "git", False),
    KnownHost("chiselapp.com", re.compile(r"^(?P<root>chiselapp\.com/user/[A-Za-z0-9]+/repository/[\w.\-]+)$"),
              "fossil", False),
)
# The general rule (must be last in Go): host/path.vcs[/more]
_GENERAL = re.compile(
    r"(?P<root>(?P<repo>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(/~?[\w.\-]+)+?)\.(?P<vcs>fossil|git|hg|svn))(/~?[\w.\-]+)*$"
)


@dataclass(frozen=True)
class RepoRoot:
    """What ``RepoRootForImportPath`` finds: ``repos`` are the URLs Go would try, in order."""

    root: str
    vcs: str
    repos: tuple[str, ...]
    how: str  # "known-host", "vcs-suffix", "meta"
    error: str | None = None


def has_path_prefix(path: str, prefix: str) -> bool:
    """str.HasPathPrefix: ``prefix`` is ``path`` or a leading run of its path elements."""
    if not prefix:
        return True
    return path == prefix or (path.startswith(prefix) and (prefix.endswith("/") or path[len(prefix)] == "/"))


def static_repo_root(path: str, *, insecure: bool = False) -> RepoRoot | None:
    """The repository for ``path`` from the fixed rules, or ``None`` (Go asks ``?go-get=1``)."""
    for host in KNOWN_HOSTS:
        if not has_path_prefix(path, host.prefix):
            continue
        match = host.pattern.match(path)
        if match is None:
            return RepoRoot("", host.vcs, (), "known-host",
                            Msg("invalid {prefix} import path {path}", prefix=host.prefix, path=quote(path)))
        root = match.group("root")
        if host.check_suffix and any(root.endswith("." + v) for v in VCS_CMDS):
            return RepoRoot(root, host.vcs, (), "known-host",
                            Msg("invalid version control suffix in {prefix}/ path", prefix=host.prefix))
        return RepoRoot(root, host.vcs, (f"https://{root}",), "known-host")
    match = _GENERAL.search(path)
    if match is None:
        return None
    vcs, repo = match.group("vcs"), match.group("repo")
    schemes = GIT_SCHEMES if insecure else GIT_SECURE_SCHEMES
    return RepoRoot(match.group("root"), vcs, tuple(f"{s}://{repo}" for s in schemes), "vcs-suffix")


@dataclass(frozen=True)
class MetaImport:
    prefix: str
    vcs: str
    repo: str
    subdir: str = ""


class _MetaParser(HTMLParser):
    """``<meta name="go-import" content="…">`` in the head; Go stops at ``<body>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[MetaImport] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "body":
            self.done = True
            return
        if tag != "meta":
            return
        values = {k.lower(): v or "" for k, v in attrs}
        if values.get("name") != "go-import":
            return
        fields = values.get("content", "").split()
        if len(fields) in (3, 4):
            self.found.append(MetaImport(*fields))


def parse_meta_go_imports(html: str) -> list[MetaImport]:
    """parseMetaGoImports with PreferMod: every go-import tag, ``mod`` entries first."""
    parser = _MetaParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # Go's decoder is not strict either: keep what was read
        pass
    mods = [m for m in parser.found if m.vcs == "mod"]
    return mods + [m for m in parser.found if m.vcs != "mod"]


def match_go_import(imports: list[MetaImport], path: str) -> tuple[MetaImport | None, str | None]:
    """matchGoImport: the one tag whose prefix leads ``path`` (a ``mod`` entry wins); or an error."""
    match: MetaImport | None = None
    for im in imports:
        if not has_path_prefix(path, im.prefix):
            continue
        if match is not None:
            if match.vcs == "mod" and im.vcs != "mod":
                break
            return None, Msg("multiple meta tags match import path {path}", path=quote(path))
        match = im
    if match is None:
        return None, Msg("no go-import meta tags for {path}", path=path)
    return match, None


# ---------------------------------------------------------------- GOVCS
@dataclass(frozen=True)
class GovcsRule:
    pattern: str
    allowed: tuple[str, ...]


def parse_govcs(value: str) -> tuple[tuple[GovcsRule, ...], str | None]:
    """parseGOVCS: the rules (without Go's default) or Go's error text."""
    value = value.strip()
    if not value:
        return (), None
    rules: list[GovcsRule] = []
    have: dict[str, str] = {}
    for raw in value.split(","):
        item = raw.strip()
        if not item:
            return (), Msg("empty entry in GOVCS")
        pattern, colon, listed = item.partition(":")
        if not colon:
            return (), Msg("malformed entry in GOVCS (missing colon): {item}", item=quote(item))
        pattern, listed = pattern.strip(), listed.strip()
        if not pattern:
            return (), Msg("empty pattern in GOVCS: {item}", item=quote(item))
        if not listed:
            return (), Msg("empty VCS list in GOVCS: {item}", item=quote(item))
        if pattern in (".", "..") or pattern.startswith(("./", "../")):
            return (), Msg("relative pattern not allowed in GOVCS: {pattern}", pattern=quote(pattern))
        if pattern in have:
            return (), Msg("unreachable pattern in GOVCS: {item} after {old}", item=quote(item), old=quote(have[pattern]))
        have[pattern] = item
        allowed = tuple(a.strip() for a in listed.split("|"))
        if any(not a for a in allowed):
            return (), Msg("empty VCS name in GOVCS: {item}", item=quote(item))
        rules.append(GovcsRule(pattern, allowed))
    return tuple(rules), None


def govcs_allows(value: str, root: str, private: bool, vcs: str = "git") -> tuple[bool, GovcsRule | None]:
    """(allowed, the deciding rule) for ``vcs`` on repository root ``root``; Go's default appended."""
    rules, error = parse_govcs(value)
    if error:
        return False, None
    default, _ = parse_govcs(DEFAULT_GOVCS)
    for rule in (*rules, *default):
        if rule.pattern == "private":
            matched = private
        elif rule.pattern == "public":
            matched = not private
        else:
            matched = match_prefix_patterns(rule.pattern, root)
        if matched:
            return any(a in (vcs, "all") for a in rule.allowed), rule
    return False, None


def govcs_with_git(value: str, root: str) -> str:
    """A GOVCS value that lets git fetch ``root``: ``root:git`` ahead of the user's rules."""
    rules, error = parse_govcs(value)
    kept = [f"{r.pattern}:{'|'.join(r.allowed)}" for r in rules if r.pattern != root] if not error else []
    return ",".join([f"{root}:git", *kept])


def git_protocol_allowed(url: str, allow: str | None) -> bool:
    """GIT_ALLOW_PROTOCOL: when set, a colon-separated list of the only transports git may use."""
    if allow is None:
        return True
    scheme = url.split("://", 1)[0].lower() if "://" in url else "ssh"
    scheme = {"git+ssh": "ssh", "ssh+git": "ssh"}.get(scheme, scheme)
    return scheme in {p.strip().lower() for p in allow.split(":") if p.strip()}
