"""GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE: comma-separated glob lists.

Go matches each glob against the *leading path elements* of a module path
(``module.MatchPrefixPatterns`` in golang.org/x/mod/module/module.go) with ``path.Match``
(GOROOT/src/path/match.go). Go never reports a bad glob: ``MatchPrefixPatterns`` drops path.Match's
error and the entry silently matches nothing, so a typo leaves private modules going to the public
proxy and checksum database. Spaces are not trimmed either (``a.com, b.com`` has the entry
``" b.com"``, which matches nothing). Validation therefore flags what Go would silently ignore.

GONOPROXY and GONOSUMDB default to GOPRIVATE (``cfg.go``). GOINSECURE only affects direct (VCS)
fetches: it never relaxes TLS to a GOPROXY mirror and does not turn off the checksum database.
"""

from __future__ import annotations

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.gostr import is_space, one_line_messages, quote, to_bytes
from goproxy_tui.i18n import Msg

GLOB_KEYS = ("GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE")

ERR_BAD_PATTERN = Msg("syntax error in pattern")

# Hosts of unrelated public modules: a glob whose first element matches all of them is "as broad
# as *" for practical purposes (it covers essentially every public module).
_PUBLIC_HOSTS = ("github.com", "golang.org", "gopkg.in", "k8s.io", "go.uber.org", "google.golang.org")


class BadPatternError(ValueError):
    """path.ErrBadPattern."""

    def __init__(self) -> None:
        super().__init__(ERR_BAD_PATTERN)


def _decode_rune(s: bytes) -> tuple[int, int]:
    """utf8.DecodeRuneInString: (rune, size); (0xFFFD, 1) for an invalid encoding, (0xFFFD, 0) at end."""
    if not s:
        return 0xFFFD, 0
    b0 = s[0]
    if b0 < 0x80:
        return b0, 1
    size = 2 if 0xC2 <= b0 <= 0xDF else 3 if 0xE0 <= b0 <= 0xEF else 4 if 0xF0 <= b0 <= 0xF4 else 0
    if size == 0 or len(s) < size:
        return 0xFFFD, 1
    try:
        return ord(bytes(s[:size]).decode("utf-8")), size
    except UnicodeDecodeError:
        return 0xFFFD, 1


def _scan_chunk(pattern: bytes) -> tuple[bool, bytes, bytes]:
    star = False
    while pattern[:1] == b"*":
        pattern = pattern[1:]
        star = True
    inrange = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == 0x5C:  # backslash
            if i + 1 < len(pattern):
                i += 1
        elif c == 0x5B:  # [
            inrange = True
        elif c == 0x5D:  # ]
            inrange = False
        elif c == 0x2A and not inrange:  # *
            return star, pattern[:i], pattern[i:]
        i += 1
    return star, pattern, b""


def _get_esc(chunk: bytes) -> tuple[int, bytes]:
    if not chunk or chunk[0] in (0x2D, 0x5D):  # '-' or ']'
        raise BadPatternError
    if chunk[0] == 0x5C:
        chunk = chunk[1:]
        if not chunk:
            raise BadPatternError
    r, n = _decode_rune(chunk)
    if r == 0xFFFD and n == 1:
        raise BadPatternError
    nchunk = chunk[n:]
    if not nchunk:
        raise BadPatternError
    return r, nchunk


def _match_chunk(chunk: bytes, s: bytes) -> tuple[bytes, bool]:
    """matchChunk: (rest, ok); raises BadPatternError."""
    failed = False
    while chunk:
        failed = failed or not s
        c = chunk[0]
        if c == 0x5B:  # [
            r = 0
            if not failed:
                r, n = _decode_rune(s)
                s = s[n:]
            chunk = chunk[1:]
            negated = False
            if chunk[:1] == b"^":
                negated = True
                chunk = chunk[1:]
            match = False
            nrange = 0
            while True:
                if chunk[:1] == b"]" and nrange > 0:
                    chunk = chunk[1:]
                    break
                lo, chunk = _get_esc(chunk)
                hi = lo
                if chunk[0] == 0x2D:  # -
                    hi, chunk = _get_esc(chunk[1:])
                match = match or lo <= r <= hi
                nrange += 1
            failed = failed or match == negated
        elif c == 0x3F:  # ?
            if not failed:
                failed = s[0] == 0x2F
                _, n = _decode_rune(s)
                s = s[n:]
            chunk = chunk[1:]
        else:
            if c == 0x5C:
                chunk = chunk[1:]
                if not chunk:
                    raise BadPatternError
            if not failed:
                failed = chunk[0] != s[0]
                s = s[1:]
            chunk = chunk[1:]
    if failed:
        return b"", False
    return s, True


def _match_bytes(pattern: bytes, name: bytes) -> bool:
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return 0x2F not in name
        err: BadPatternError | None = None
        try:
            t, ok = _match_chunk(chunk, name)
        except BadPatternError as e:
            t, ok, err = b"", False, e
        if ok and (not t or pattern):
            name = t
            continue
        if err is not None:
            raise err
        if star:
            i = 0
            matched_inner = False
            while i < len(name) and name[i] != 0x2F:
                t, ok = _match_chunk(chunk, name[i + 1 :])
                if ok:
                    if not pattern and t:
                        i += 1
                        continue
                    name = t
                    matched_inner = True
                    break
                i += 1
            if matched_inner:
                continue
        while pattern:
            _, chunk, pattern = _scan_chunk(pattern)
            _match_chunk(chunk, b"")
        return False
    return not name


def path_match(pattern: str, name: str) -> bool:
    """path.Match: shell-style glob where ``*`` and ``?`` never cross ``/``. Raises BadPatternError."""
    # memoryviews: Go slices strings in O(1), and so must this port, or a long glob costs O(n²)
    return _match_bytes(memoryview(to_bytes(pattern)), memoryview(to_bytes(name)))


def _globs(value: str) -> list[str]:
    """The entries MatchPrefixPatterns tries: split on ',', trailing '/' dropped, empty ones skipped."""
    out = []
    for glob in value.split(","):
        glob = glob.removesuffix("/")
        if glob:
            out.append(glob)
    return out


def match_prefix_patterns(globs: str, target: str) -> bool:
    """module.MatchPrefixPatterns: does any glob match a leading run of ``target``'s path elements?

    ``rsc.io`` matches ``rsc.io/quote/v3``; ``*/quote`` matches ``rsc.io/quote`` and ``rsc.io/quote/v3``;
    a malformed glob matches nothing (Go ignores the error).
    """
    for glob in _globs(globs):
        n = glob.count("/")
        prefix = target
        for i, ch in enumerate(target):
            if ch == "/":
                if n == 0:
                    prefix = target[:i]
                    break
                n -= 1
        if n > 0:
            continue
        try:
            if path_match(glob, prefix):
                return True
        except BadPatternError:
            continue
    return False


def glob_error(glob: str) -> str | None:
    """``syntax error in pattern`` if path.Match rejects ``glob`` (it then never matches), else None."""
    try:
        path_match(glob, "")
    except BadPatternError:
        return ERR_BAD_PATTERN
    return None


def is_broad(glob: str) -> bool:
    """True when the glob's first element matches every unrelated public host we try (``*``, ``*.*``…)."""
    first = glob.split("/", 1)[0]
    try:
        return all(path_match(first, host) for host in _PUBLIC_HOSTS)
    except BadPatternError:
        return False


def broad_warning(key: str, globs: list[str]) -> str:
    """The warning for a list that covers (nearly) every module; worded for what ``key`` switches off."""
    shown = ", ".join(quote(g) for g in globs)
    if key == "GONOSUMDB":
        return Msg(
            "GONOSUMDB entry {globs} matches nearly every module: checksum verification against the "
            "checksum database is off for them, so a tampered module would go unnoticed; list only your "
            "private module prefixes (e.g. git.corp.example.com)",
            globs=shown,
        )
    if key == "GONOPROXY":
        return Msg(
            "GONOPROXY entry {globs} matches nearly every module: they all bypass GOPROXY and are "
            "fetched directly from their origin servers; list only your private module prefixes",
            globs=shown,
        )
    return Msg(
        "{key} entry {globs} matches nearly every module: unless GONOPROXY/GONOSUMDB are set they all "
        "bypass GOPROXY and the checksum database (no tamper detection); list only your private module "
        "prefixes (e.g. git.corp.example.com,github.com/myorg)",
        key=key,
        globs=shown,
    )


@one_line_messages
def validate_glob_list(value: str, key: str = "GOPRIVATE") -> Check:
    """Validate a GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE value before it is written.

    Error: an entry path.Match rejects (Go would silently ignore it). Warnings: entries with spaces
    (never match), entries as broad as ``*`` (GOPRIVATE/GONOPROXY/GONOSUMDB), any GOINSECURE.
    """
    globs = _globs(value)
    for glob in globs:
        if glob_error(glob) is not None:
            return Check.fail(
                Msg(
                    "{key} entry {glob}: {reason} (Go ignores it, so it matches nothing)",
                    key=key,
                    glob=quote(mask_secrets(glob)),
                    reason=ERR_BAD_PATTERN,
                ),
                Msg(
                    "use module path prefixes with path.Match globs, e.g. git.corp.example.com,github.com/myorg/*;"
                    " close every '[' and do not end an entry with '\\'"
                ),
            )
    warnings: list[str] = []
    spaced = [g for g in globs if any(is_space(c) for c in g)]
    if spaced:
        fixed = ",".join("".join(c for c in g if not is_space(c)) for g in globs)
        warnings.append(
            Msg(
                "{key} entries {globs} contain spaces, which Go does not trim: "
                "they never match a module path; write {fixed}",
                key=key,
                globs=", ".join(quote(g) for g in spaced),
                fixed=quote(fixed),
            )
        )
    broad = [g for g in globs if is_broad(g)]
    if broad and key != "GOINSECURE":
        warnings.append(broad_warning(key, broad))
    if key == "GOINSECURE" and globs:
        warnings.append(goinsecure_warning(value))
    return Check(warnings=tuple(warnings))


def goinsecure_warning(value: str) -> str:
    """The warning shown whenever GOINSECURE is set."""
    return Msg(
        "GOINSECURE={value} lets Go fetch matching modules directly over plain HTTP or with "
        "unverified TLS certificates (the checksum database still applies); it does not relax TLS to a "
        "GOPROXY mirror, so it does not fix a TLS-intercepting proxy: install the proxy's CA certificate "
        "(SSL_CERT_FILE) instead",
        value=mask_secrets(value),
    )
