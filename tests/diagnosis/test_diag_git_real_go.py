"""The git step against a real smart-HTTP git server with basic auth, with the real ``go`` as the oracle.

Each case first shows plain ``go mod download`` failing the way users see it, then gotui's git finding
naming the cause with its remedy, then applies the remedy the way the user would and shows the same
plain ``go`` succeeding.
"""

from __future__ import annotations

import git_lab
import pytest
from diag_lab import finding
from git_lab import META_MODULE, REWRITE_MODULE, TOKEN, USER, GitLab, git, remedy_text
from loopnet.tls_servers import TEST_HOST

from goproxy_tui.core.diagnosis.remedies import apply_remedy
from goproxy_tui.core.goenv import read_environment
from goproxy_tui.core.rules.vcs import parse_govcs, static_repo_root

lab = git_lab.lab
gitlab = git_lab.gitlab


async def test_meta_tag_no_credential_then_netrc(gitlab: GitLab) -> None:
    plain = gitlab.download(META_MODULE)
    assert plain.returncode != 0 and "terminal prompts disabled" in plain.stderr, plain.stderr
    assert ("GET", "/team/repo?go-get=1", None) in gitlab.server.requests  # Go read the meta tag

    result = await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")
    assert (result.outcome, result.status) == ("auth", "fail"), result.evidence
    assert result.evidence["found by"] == "?go-get=1"
    assert result.evidence["repository"] == [f"https://{META_MODULE}"]
    assert result.evidence["credential helpers"] == "none"
    lack = finding(result, "git.no-credential")
    assert "terminal prompts disabled" in lack.detail and TEST_HOST in lack.detail
    told = remedy_text(lack)
    assert "git config --global credential.helper store" in told
    assert f"machine {TEST_HOST} login <your user name> password <your token>" in told
    assert f'url."git@{TEST_HOST}:".insteadOf "https://{TEST_HOST}/"' in told

    gitlab.netrc(TEST_HOST)  # the .netrc line of the remedy, with the user's real token
    assert gitlab.download(META_MODULE).returncode == 0
    after = await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")
    assert after.outcome == "ok" and after.evidence["ls-remote"] == "ok"


async def test_insteadof_rewrite_no_credential_then_credential_helper(gitlab: GitLab) -> None:
    assert static_repo_root(REWRITE_MODULE).repos == (f"https://{REWRITE_MODULE}",)  # Go never asks github.com
    gitlab.rewrite()
    plain = gitlab.download(REWRITE_MODULE)
    assert plain.returncode != 0 and "terminal prompts disabled" in plain.stderr, plain.stderr

    result = await gitlab.lab.node("git", f"{REWRITE_MODULE}@v1.0.0")
    assert result.outcome == "auth", result.evidence
    assert result.evidence["found by"] == "known host"
    assert result.evidence["fetched as"] == f"{gitlab.server.url}/corp/private"
    assert finding(result, "git.rewrite").severity == "info"
    lack = finding(result, "git.no-credential")
    host = f"127.0.0.1:{gitlab.server.port}"  # the credential belongs to the host git really talks to
    told = remedy_text(lack)
    assert f"credential.https://{host}.helper store" in told
    assert "machine 127.0.0.1 login" in told

    for command in lack.remedy.commands:  # git config --global credential.helper store (a temp global config)
        git(*command[1:])
    git("credential", "approve", input=f"protocol=https\nhost={host}\nusername={USER}\npassword={TOKEN}\n\n")
    assert gitlab.download(REWRITE_MODULE).returncode == 0
    after = await gitlab.lab.node("git", f"{REWRITE_MODULE}@v1.0.0")
    assert after.outcome == "ok" and after.evidence["credential helpers"] == ["credential.helper=store"]


async def test_a_wrong_credential_is_named_as_refused(gitlab: GitLab) -> None:
    gitlab.rewrite(gitlab.server.url.replace("https://", f"https://{USER}:wrong-token@"))
    assert "Authentication failed" in gitlab.download(REWRITE_MODULE).stderr
    result = await gitlab.lab.node("git", f"{REWRITE_MODULE}@v1.0.0")
    assert result.outcome == "auth"
    refused = finding(result, "git.credential-rejected")
    assert "git credential reject" in remedy_text(refused)
    assert "wrong-token" not in str(result.to_json())


async def test_govcs_forbidding_git_then_the_govcs_remedy(gitlab: GitLab) -> None:
    gitlab.netrc(TEST_HOST)
    gitlab.lab.goenv(GOPROXY=gitlab.lab.good.url, GOVCS="*:off")
    plain = gitlab.download(META_MODULE)
    assert plain.returncode != 0 and "GOVCS disallows using git for private" in plain.stderr, plain.stderr

    result = await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")
    assert result.outcome == "forbidden"
    forbidden = finding(result, "git.govcs-disallowed")
    assert forbidden.remedy.env == {"GOVCS": f"{META_MODULE}:git,*:off"} and forbidden.remedy.applicable

    applied = await apply_remedy(forbidden.remedy, await read_environment())
    assert applied.ok, applied
    assert gitlab.download(META_MODULE).returncode == 0
    assert (await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")).outcome == "ok"


async def test_a_module_served_by_the_proxy_does_not_go_through_git(gitlab: GitLab) -> None:
    result = await gitlab.lab.node("git", "example.com/hello@v1.1.0")
    assert (result.outcome, result.status) == ("not-on-route", "skip")


async def test_a_dot_git_path_is_pinged_over_the_secure_schemes(gitlab: GitLab) -> None:
    module = f"{TEST_HOST}/team/repo.git"
    plain = gitlab.download(module)
    assert plain.returncode != 0 and "no secure protocol found for repository" in plain.stderr, plain.stderr
    result = await gitlab.lab.node("git", f"{module}@v1.0.0")
    assert result.evidence["found by"] == ".git in the path"
    assert result.evidence["repository"] == [f"{s}://{TEST_HOST}/team/repo" for s in ("https", "git+ssh", "ssh")]
    assert result.outcome == "auth" and finding(result, "git.no-credential")  # the https attempt says why
    gitlab.netrc(TEST_HOST)
    assert (await gitlab.lab.node("git", f"{module}@v1.0.0")).outcome == "ok"


@pytest.mark.parametrize("govcs", ["bad", "private:", ":git", "a:git,a:hg", "x:git|", "*:git,,"])
async def test_an_invalid_govcs_is_refused_with_gos_words(gitlab: GitLab, govcs: str) -> None:
    gitlab.lab.goenv(GOPROXY=gitlab.lab.good.url, GOVCS=govcs)
    plain = gitlab.download(META_MODULE)
    error = parse_govcs(govcs)[1]
    assert error is not None and plain.returncode != 0 and error in plain.stderr, plain.stderr
    result = await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")
    assert result.outcome == "forbidden" and error in finding(result, "git.govcs-invalid").detail
