"""Node 9: git. For a module Go fetches direct (GONOPROXY/GOPRIVATE, or ``direct`` reached in GOPROXY),
can git reach its repository the way Go runs it?

The step computes the repository URL as Go does (rules/vcs.py: known hosts, ``.git`` elements,
``?go-get=1`` meta tags), applies GOVCS, shows the ``url.*.insteadOf`` rewrite and the credential
helpers git would ask (read with ``git config``), then runs ``git ls-remote`` with Go's environment
(no prompts) so the user sees the failure Go sees, named: no credential, a refused one, an ssh host
key or public key, GIT_ALLOW_PROTOCOL. Nothing a credential helper answers is ever read or shown, and
every URL is masked; a shell-snippet helper (``!…``) is named by kind only.
"""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes import git_remedies as fix
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.probes import git as gitprobe
from goproxy_tui.core.probes.goget import fetch_go_get
from goproxy_tui.core.rules.patterns import match_prefix_patterns
from goproxy_tui.core.rules.vcs import (
    RepoRoot,
    git_protocol_allowed,
    govcs_allows,
    match_go_import,
    parse_govcs,
    parse_meta_go_imports,
    static_repo_root,
)
from goproxy_tui.i18n import Msg

OUTCOME_OF = {
    "no-credential": "auth", "credential-rejected": "auth", "denied": "auth",
    "ssh-host-key": "ssh", "ssh-host-key-changed": "ssh", "ssh-publickey": "ssh",
    "protocol-not-allowed": "forbidden",
}


async def go_value(ctx: DiagnosisContext, name: str) -> str:
    """A Go setting gotui's environment table may not list (GOVCS): ask ``go env NAME`` itself."""
    if ctx.var(name) is not None or ctx.env is None:
        return ctx.value(name)

    async def ask() -> str:
        try:
            done = await ctx.run_go("env", name, timeout=15.0)
        except (GoError, OSError):
            return ctx.environ.get(name, "")
        return done.stdout.strip() if done.ok else ctx.environ.get(name, "")

    return await ctx.once(("go env", name), ask)


async def direct_route(ctx: DiagnosisContext) -> str | None:
    """Why Go fetches the target direct (``GONOPROXY``/``direct``), or ``None``: a proxy serves it."""
    if ctx.matches("GONOPROXY"):
        return "GONOPROXY" if ctx.value("GONOPROXY") else "GOPRIVATE"
    plist = ctx.proxy_list
    if not plist.ok or not any(e.kind == "direct" for e in plist.entries):
        return None
    _, _, walk = await ctx.chain()
    return "direct" if walk.ending == "direct" else None


async def repo_root(ctx: DiagnosisContext, insecure: bool) -> tuple[RepoRoot, str | None]:
    """The repository as Go finds it, and the ``?go-get=1`` page asked (None for the fixed rules)."""
    path = ctx.target.path
    fixed = static_repo_root(path, insecure=insecure)
    if fixed is not None:
        return fixed, None
    page = await fetch_go_get(path, ctx.environ, ctx.timeout * 4 + 2)
    if page.status is None and insecure:
        page = await fetch_go_get(path, ctx.environ, ctx.timeout * 4 + 2, scheme="http")
    if page.status is None:
        return RepoRoot("", "", (), "meta", Msg("https fetch: {error}", error=page.error or "")), page.url
    imports = parse_meta_go_imports(page.body)
    if not imports and page.status != 200:
        return RepoRoot("", "", (), "meta", Msg("{url}: HTTP {status}", url=page.url, status=page.status)), page.url
    match, error = match_go_import(imports, path)
    if match is None:
        return RepoRoot("", "", (), "meta", Msg("parse {url}: {error}", url=page.url, error=error or "")), page.url
    return RepoRoot(match.prefix, match.vcs, (match.repo,), "meta"), page.url


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    path = ctx.target.path
    why = await direct_route(ctx)
    if why is None:
        return Verdict("not-on-route", Msg("{path} comes from a GOPROXY entry: git is not on its route", path=path),
                       {"module": path})
    timeout = ctx.timeout * 6 + 10
    evidence: dict[str, object] = {"module": path, "direct because": why}
    version, _run = await gitprobe.git_version(ctx.environ, timeout)
    if version is None:
        finding = node.finding("git-missing").make(
            node.id, Msg("Go fetches {path} directly with git, and git is not on PATH.", path=path),
            remedy=fix.instructions(Msg("install git"), Msg("install git (e.g. apt install git, brew install git) "
                                                             "and make sure it is on PATH")))
        return Verdict("no-git", Msg("git is not installed"), evidence, (finding,))
    evidence["git"] = version
    insecure = match_prefix_patterns(ctx.value("GOINSECURE"), path) if ctx.value("GOINSECURE") else False
    root, page = await repo_root(ctx, insecure)
    evidence["found by"] = {"known-host": "known host", "vcs-suffix": ".git in the path", "meta": "?go-get=1"}[root.how]
    if page:
        evidence["go-get page"] = shown(page)
    if root.error:
        finding = node.finding("repo-unresolved").make(
            node.id, Msg("Go cannot find the repository of {path}: {error}", path=path, error=shown(root.error)),
            remedy=fix.unresolved_remedy(path, shown(page or f"https://{path}?go-get=1")))
        return Verdict("unresolved", Msg("the repository of {path} is unknown", path=path), evidence, (finding,))
    evidence["repository"] = [shown(r) for r in root.repos]
    if root.vcs != "git":
        return Verdict("not-git", Msg("{root} is served with {vcs}, not git", root=root.root, vcs=root.vcs), evidence)
    findings: list[Finding] = []
    govcs = await go_value(ctx, "GOVCS")
    evidence["GOVCS"] = govcs or "(default: private:all,public:git|hg)"
    _, govcs_error = parse_govcs(govcs)
    private = match_prefix_patterns(ctx.value("GOPRIVATE"), root.root) if ctx.value("GOPRIVATE") else False
    allowed, rule = govcs_allows(govcs, root.root, private)
    if govcs_error or not allowed:
        what = "private" if private else "public"
        detail = (Msg("GOVCS is invalid ({error}): Go refuses every version control fetch.", error=govcs_error)
                  if govcs_error else
                  Msg("GOVCS={value} does not allow git for the {what} repository {root} (rule {rule}); Go stops "
                      "with 'GOVCS disallows using git for {what} {root}'.", value=govcs, what=what, root=root.root,
                      rule=f"{rule.pattern}:{'|'.join(rule.allowed)}" if rule else "-"))
        finding = node.finding("govcs-invalid" if govcs_error else "govcs-disallowed").make(
            node.id, detail, evidence=[f"GOVCS={govcs}", f"GOPRIVATE={ctx.value('GOPRIVATE')}"],
            remedy=fix.govcs_remedy(ctx, root.root, govcs))
        return Verdict("forbidden", Msg("GOVCS forbids git for {root}", root=root.root), evidence, (finding,))
    return await _reach(ctx, node, root, evidence, findings, timeout)


async def _reach(ctx: DiagnosisContext, node: Node, root: RepoRoot, evidence: dict[str, object],
                 findings: list[Finding], timeout: float) -> Verdict:
    rules = await gitprobe.url_rewrites(ctx.environ, timeout)
    pushes = [f"url.{shown(r.base)}.pushInsteadOf {shown(r.prefix)}" for r in rules if r.push]
    if pushes:
        evidence["pushInsteadOf (pushes only: Go never pushes)"] = pushes
    allow = ctx.environ.get("GIT_ALLOW_PROTOCOL")
    if allow is not None:
        evidence["GIT_ALLOW_PROTOCOL"] = allow
    first: tuple[str, fix.Where, gitprobe.GitRun, list[gitprobe.Helper]] | None = None
    for repo in root.repos:  # Go tries the secure schemes in order for a .git path; one URL otherwise
        fetched, rule = gitprobe.rewritten(repo, rules)
        where = fix.Where.of(fetched)
        if rule is not None:
            evidence["insteadOf"] = f"url.{shown(rule.base)}.insteadOf {shown(rule.prefix)}"
            evidence["fetched as"] = where.shown
            findings.append(node.finding("rewrite").make(
                node.id, Msg("git rewrites {url} to {fetched} (url.<base>.insteadOf): credentials and ssh keys are "
                             "those of {host}.", url=shown(repo), fetched=where.shown, host=where.netloc),
                evidence=[evidence["insteadOf"]]))  # type: ignore[list-item]
        run = await gitprobe.ls_remote(repo, ctx.environ, timeout)  # git itself applies GIT_ALLOW_PROTOCOL
        if run.returncode != 0 and not git_protocol_allowed(fetched, allow):
            run = gitprobe.GitRun(run.returncode, run.stdout, run.stderr or f"transport '{where.scheme}' not allowed")
        helpers = await gitprobe.credential_helpers(fetched, ctx.environ, timeout)
        if gitprobe.classify(run) == "ok":
            evidence["credential helpers"] = [f"{h.scope}={h.name}" for h in helpers] or "none"
            evidence["ls-remote"] = "ok"
            return Verdict("ok", Msg("git reaches {url}", url=where.shown), evidence, tuple(findings))
        if first is None:
            first = (repo, where, run, helpers)
    assert first is not None
    repo, where, run, helpers = first
    helper_names = ", ".join(f"{h.scope}={h.name}" for h in helpers)
    evidence["credential helpers"] = helper_names or "none"
    lines = gitprobe.first_lines(run.stderr)
    evidence["ls-remote"] = lines or ["timed out" if run.timed_out else f"exit {run.returncode}"]
    kind = gitprobe.classify(run)
    findings.append(_failure(node, kind, repo, where, lines, helper_names, allow or "", timeout))
    return Verdict(OUTCOME_OF.get(kind, "fails"), Msg("git cannot read {url}", url=where.shown), evidence,
                   tuple(findings))


def _failure(node: Node, kind: str, repo: str, where: fix.Where, lines: list[str], helpers: str, allow: str,
             timeout: float) -> Finding:
    said = " / ".join(lines)
    if kind == "no-credential":
        primary, *others = fix.credential_remedies(where)
        detail = Msg("{host} asks for a user name and password and git has none to give ({helpers}). Go runs git "
                     "with GIT_TERMINAL_PROMPT=0, so it fails with 'terminal prompts disabled' instead of asking. "
                     "git said: {said}", host=where.netloc, said=said,
                     helpers=Msg("credential helpers: {names}", names=helpers) if helpers
                     else Msg("no credential helper, no .netrc entry"))
        return node.finding(kind).make(node.id, detail, evidence=lines, remedy=primary, alternatives=others)
    if kind == "credential-rejected":
        return node.finding(kind).make(
            node.id, Msg("{host} refused the credential git sent. git said: {said}", host=where.netloc, said=said),
            evidence=lines, remedy=fix.rejected_remedy(where, helpers))
    if kind == "denied":
        return node.finding(kind).make(node.id, Msg("{host} answered 403. git said: {said}", host=where.netloc,
                                                    said=said), evidence=lines, remedy=fix.denied_remedy(where))
    if kind in ("ssh-host-key", "ssh-host-key-changed"):
        return node.finding(kind).make(
            node.id, Msg("ssh does not trust the host key of {host} (and may not ask: git runs without a terminal). "
                         "ssh said: {said}", host=where.host, said=said),
            evidence=lines, remedy=fix.host_key_remedy(where, kind == "ssh-host-key-changed"))
    if kind == "ssh-publickey":
        return node.finding(kind).make(
            node.id, Msg("{host} refused every ssh key offered (publickey). ssh said: {said}", host=where.host,
                         said=said), evidence=lines, remedy=fix.publickey_remedy(where))
    if kind == "protocol-not-allowed":
        return node.finding(kind).make(
            node.id, Msg("GIT_ALLOW_PROTOCOL={allowed} does not include {scheme}, so git refuses {url}.",
                         allowed=allow, scheme=where.scheme, url=where.shown),
            evidence=lines, remedy=fix.protocol_remedy(where, allow))
    if kind == "repo-not-found":
        return node.finding(kind).make(node.id, Msg("git finds no repository at {url}. git said: {said}",
                                                    url=where.shown, said=said),
                                       evidence=lines, remedy=fix.not_found_remedy(where))
    if kind == "timeout":
        return node.finding("ls-remote-timeout").make(
            node.id, Msg("git ls-remote {url} did not finish within {seconds:g} s: Go would wait as long.",
                         url=shown(repo), seconds=timeout))
    return node.finding("ls-remote-failed").make(
        node.id, Msg("git ls-remote {url} fails: {said}", url=where.shown, said=said or "-"), evidence=lines)
