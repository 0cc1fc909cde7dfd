"""Go's direct-fetch rules (cmd/go/internal/vcs) and git's rewrite/helper choice, as pure functions.

The real-go proofs live in tests/diagnosis/test_diag_git_real_go.py (meta tag, insteadOf, .git paths,
GOVCS errors word for word); these pin the corner cases of the same functions.
"""

from __future__ import annotations

import pytest

from goproxy_tui.core.probes.git import Helper, Rewrite, _url_matches, rewritten
from goproxy_tui.core.rules.vcs import (
    git_protocol_allowed,
    govcs_allows,
    govcs_with_git,
    match_go_import,
    parse_meta_go_imports,
    static_repo_root,
)


@pytest.mark.parametrize(("path", "repos", "error"), [
    ("github.com/gin-gonic/gin/binding", ("https://github.com/gin-gonic/gin",), None),
    ("bitbucket.org/team/repo", ("https://bitbucket.org/team/repo",), None),
    ("github.com/corp", (), 'invalid github.com import path "github.com/corp"'),
    ("github.com/corp/repo.git", (), "invalid version control suffix in github.com/ path"),
    ("corp.example/team/repo.git/sub", ("https://corp.example/team/repo", "git+ssh://corp.example/team/repo",
                                        "ssh://corp.example/team/repo"), None),
])
def test_static_repo_roots(path: str, repos: tuple[str, ...], error: str | None) -> None:
    root = static_repo_root(path)
    assert root is not None and root.repos == repos and root.error == error


def test_other_paths_need_the_meta_tag() -> None:
    assert static_repo_root("corp.example/team/repo") is None


def test_meta_tags_stop_at_body_and_the_longest_prefix_must_be_unique() -> None:
    page = ('<html><head><meta name="go-import" content="corp.example/team git https://git.corp/team">'
            '<meta name="go-import" content="corp.example/other git https://git.corp/other"></head>'
            '<body><meta name="go-import" content="corp.example/team/x git https://evil"></body></html>')
    imports = parse_meta_go_imports(page)
    assert [i.prefix for i in imports] == ["corp.example/team", "corp.example/other"]
    match, error = match_go_import(imports, "corp.example/team/sub")
    assert error is None and match is not None and match.repo == "https://git.corp/team"
    assert match_go_import(imports, "corp.example/teams")[0] is None  # path elements, not string prefixes
    twice = parse_meta_go_imports(page.replace("corp.example/other", "corp.example/team"))
    assert match_go_import(twice, "corp.example/team")[1] == 'multiple meta tags match import path "corp.example/team"'


def test_govcs_default_and_the_remedy_value() -> None:
    assert govcs_allows("", "github.com/a/b", private=False)[0]
    assert not govcs_allows("", "example.com/a.svn", private=False, vcs="svn")[0]
    assert govcs_allows("", "corp.example/a", private=True, vcs="svn")[0]
    assert not govcs_allows("*:off", "corp.example/a", private=True)[0]
    fixed = govcs_with_git("*:off", "corp.example/a")
    assert fixed == "corp.example/a:git,*:off" and govcs_allows(fixed, "corp.example/a", private=True)[0]


def test_insteadof_longest_prefix_wins_and_push_rules_do_not_fetch() -> None:
    rules = [Rewrite("ssh://git@h/", "https://h/", False), Rewrite("https://mirror/team/", "https://h/team/", False),
             Rewrite("https://push/", "https://h/team/", True)]
    assert rewritten("https://h/team/repo", rules)[0] == "https://mirror/team/repo"
    assert rewritten("https://h/other", rules)[0] == "ssh://git@h/other"
    assert rewritten("https://x/y", rules) == ("https://x/y", None)


def test_credential_url_matching_and_helper_names() -> None:
    assert _url_matches("https://h.example", "https://h.example/team/repo")
    assert _url_matches("https://*.example/team", "https://h.example/team/repo")
    assert not _url_matches("https://h.example/other", "https://h.example/team/repo")
    assert not _url_matches("https://h.example:8443", "https://h.example/team/repo")
    assert Helper("!f() { echo password=s3cret; }; f", "credential.helper").name == "!(shell command)"
    assert Helper("/usr/lib/git-core/git-credential-libsecret --x", "credential.helper").name == (
        "git-credential-libsecret")


def test_git_allow_protocol() -> None:
    assert git_protocol_allowed("https://h/r", None) and git_protocol_allowed("https://h/r", "ssh:https")
    assert not git_protocol_allowed("https://h/r", "ssh") and git_protocol_allowed("git@h:r", "ssh")
