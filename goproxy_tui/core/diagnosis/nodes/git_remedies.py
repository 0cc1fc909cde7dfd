"""What the git step tells the user to do: a credential helper, a .netrc line, an insteadOf rule,
``ssh-keyscan`` for known_hosts, a GOVCS value. All are instructions (they touch the user's git or ssh
set-up, or hold a secret only the user has), except GOVCS, which goes through ``go env -w`` and the journal.
gotui never writes a password: the .netrc line carries the placeholder ``<your token>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Remedy
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.vcs import govcs_with_git
from goproxy_tui.i18n import Msg

TOKEN = "<your token>"
USER = "<your user name>"


@dataclass(frozen=True)
class Where:
    """The URL git really fetches (after insteadOf), split the way the remedies need it."""

    url: str
    scheme: str
    host: str  # host name only (what .netrc's "machine" matches)
    netloc: str  # host[:port], no userinfo
    port: int | None

    @classmethod
    def of(cls, url: str) -> Where:
        if "://" not in url and ":" in url:  # scp-like user@host:path is ssh
            user_host = url.split(":", 1)[0]
            host = user_host.rpartition("@")[2]
            return cls(url, "ssh", host, host, None)
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        host = parts.hostname or ""
        return cls(url, parts.scheme.lower(), host, host + (f":{port}" if port else ""), port)

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.netloc}/"

    @property
    def shown(self) -> str:
        return mask_secrets(self.url)


def credential_remedies(where: Where) -> tuple[Remedy, ...]:
    """A credential for an https host: git's credential helper, a .netrc line, or ssh instead."""
    helper = instructions(
        Msg("store a credential for {host} with git's credential helper", host=where.netloc),
        Msg("run: git config --global credential.helper store (or only for this host: git config --global "
            "credential.{base}.helper store)", base=where.base.rstrip("/")),
        Msg("then, once, in a terminal: git ls-remote {url} — enter your user name and a token (not your "
            "password); git-credential-store keeps them in ~/.git-credentials (plain text, readable only by you)",
            url=where.shown),
        Msg("a keychain helper ('osxkeychain', 'manager', 'libsecret') stores it encrypted instead of 'store'"),
        commands=[("git", "config", "--global", "credential.helper", "store")],
    )
    netrc = instructions(
        Msg("add a .netrc line for {host}", host=where.host),
        Msg("add this line to ~/.netrc (or the file NETRC names) and make it private (chmod 600 ~/.netrc): "
            "machine {host} login {user} password {token}", host=where.host, user=USER, token=TOKEN),
        Msg("git (curl) and go both read it; gotui never writes the password for you"),
    )
    # scp-like git@HOST: (not ssh://git@HOST/): the same rule for git, and masking leaves it readable
    ssh = instructions(
        Msg("fetch {host} over ssh instead (insteadOf)", host=where.host),
        Msg("if your account has an ssh key on {host}, run: git config --global url.\"git@{host}:\".insteadOf "
            "\"{base}\"", host=where.host, base=where.base),
        commands=[("git", "config", "--global", f"url.git@{where.host}:.insteadOf", where.base)],
    )
    return helper, netrc, ssh


def rejected_remedy(where: Where, helpers: str) -> Remedy:
    return instructions(
        Msg("replace the credential git sends to {host}", host=where.netloc),
        Msg("git sent a credential ({helpers}) and {host} refused it: it is wrong, expired or lacks access",
            helpers=helpers or Msg("from .netrc or the URL"), host=where.netloc),
        Msg("forget the stored one: printf 'protocol={scheme}\\nhost={host}\\n\\n' | git credential reject",
            scheme=where.scheme, host=where.netloc),
        Msg("then store a new token (git ls-remote {url} once in a terminal), or fix the line 'machine {host} login "
            "{user} password {token}' in ~/.netrc", url=where.shown, host=where.host, user=USER, token=TOKEN),
    )


def denied_remedy(where: Where) -> Remedy:
    return instructions(
        Msg("ask for read access to the repository on {host}", host=where.netloc),
        Msg("{host} knows who you are (403) but does not let you read {url}", host=where.netloc, url=where.shown),
        Msg("a token needs the 'read repository' scope; check it with: git ls-remote {url}", url=where.shown),
    )


def host_key_remedy(where: Where, changed: bool) -> Remedy:
    port = ["-p", str(where.port)] if where.port else []
    if changed:
        return instructions(
            Msg("find out why the ssh host key of {host} changed", host=where.host),
            Msg("ssh refuses {host}: its host key differs from the one in ~/.ssh/known_hosts. That is what an "
                "attack looks like; ask the server's administrator whether the key really changed", host=where.host),
            Msg("only then remove the old key: ssh-keygen -R {host}, and add the new one: ssh-keyscan {port}{host} "
                ">> ~/.ssh/known_hosts", host=where.host, port=" ".join(port) + " " if port else ""),
        )
    return instructions(
        Msg("add the ssh host key of {host} to known_hosts", host=where.host),
        Msg("run: ssh-keyscan {port}{host} >> ~/.ssh/known_hosts", host=where.host,
            port=" ".join(port) + " " if port else ""),
        Msg("compare the fingerprint (ssh-keygen -lf ~/.ssh/known_hosts) with the one your code host publishes"),
        commands=[("ssh-keyscan", *port, where.host)],
    )


def publickey_remedy(where: Where) -> Remedy:
    return instructions(
        Msg("give ssh a key that {host} accepts", host=where.host),
        Msg("ssh offered no key {host} accepts: list the loaded keys with ssh-add -l; load yours with ssh-add "
            "~/.ssh/id_ed25519", host=where.host),
        Msg("add the public key (~/.ssh/id_ed25519.pub) to your account on {host}, then test: ssh -T git@{host}",
            host=where.host),
        Msg("a key with a passphrase must be in ssh-agent: Go runs git without a terminal, so nobody can type it"),
    )


def govcs_remedy(ctx: DiagnosisContext, root: str, current: str) -> Remedy:
    value = govcs_with_git(current, root)
    return env_remedy(ctx, Msg("allow git for {root} (GOVCS)", root=root), {"GOVCS": value})


def protocol_remedy(where: Where, allowed: str) -> Remedy:
    return instructions(
        Msg("let git use {scheme} (GIT_ALLOW_PROTOCOL)", scheme=where.scheme),
        Msg("GIT_ALLOW_PROTOCOL={allowed} in your environment leaves git only these transports; add {scheme}: "
            "export GIT_ALLOW_PROTOCOL='{allowed}:{scheme}'", allowed=allowed, scheme=where.scheme),
        Msg("or rewrite the URL to an allowed transport with url.<base>.insteadOf"),
    )


def unresolved_remedy(path: str, page: str) -> Remedy:
    return instructions(
        Msg("make {path} resolvable", path=path),
        Msg("Go looks the repository up at {page}: that page must carry <meta name=\"go-import\" content=\"PREFIX git "
            "REPOSITORY-URL\">", page=page),
        Msg("if your company serves its modules through its own GOPROXY, put that proxy in GOPROXY and take the "
            "path out of GONOPROXY instead"),
    )


def not_found_remedy(where: Where) -> Remedy:
    return instructions(
        Msg("check the repository URL {url}", url=where.shown),
        Msg("{host} says there is no such repository; some hosts say so for a private repository when the "
            "credential is missing", host=where.netloc),
        Msg("a url.<base>.insteadOf rule may point at the wrong place: git config --get-regexp '^url\\.'"),
    )
